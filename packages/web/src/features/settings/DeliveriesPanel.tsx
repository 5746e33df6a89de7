import type { Delivery, DeliveryStatus } from "@tandem/contract";
import { useCallback, useState } from "react";
import { pageApi } from "../../api/page-api.ts";
import { formatDateTime } from "../../ui/format.ts";
import { ChevronDownIcon, RetryIcon } from "../../ui/icons.tsx";
import { ErrorNotice } from "../../ui/Notice.tsx";
import { StatusPill } from "../../ui/StatusPill.tsx";
import styles from "./DeliveriesPanel.module.css";
import { DeliveryDetail } from "./DeliveryDetail.tsx";
import { DELIVERY_STATE, deliveryLine } from "./delivery-labels.ts";
import panel from "./Panel.module.css";
import { PanelSkeleton } from "./PanelSkeleton.tsx";
import { useResource } from "./use-resource.ts";

const PER_PAGE = 20;
type Filter = DeliveryStatus | "attention" | "all";

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: "attention", label: "Needs attention" },
  { value: "all", label: "All" },
  { value: "failed", label: "Failed" },
  { value: "pending", label: "Waiting" },
  { value: "succeeded", label: "Delivered" },
  { value: "dropped", label: "Dropped" },
];

const EMPTY: Partial<Record<Filter, string>> = {
  attention: "Nothing needs attention: no delivery is failing.",
  failed: "No failed deliveries.",
};

const filterQuery = (filter: Filter) =>
  filter === "all" ? {} : filter === "attention" ? { attention: true } : { status: filter };

/** Every webhook Tandem sent your apps, with each attempt; it opens on what is failing. */
export function DeliveriesPanel({ isAdmin }: { isAdmin: boolean }) {
  const [filter, setFilter] = useState<Filter>("attention");
  const [withTyping, setWithTyping] = useState(false);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(
    () =>
      pageApi.deliveries({
        page,
        per_page: PER_PAGE,
        ...filterQuery(filter),
        ...(withTyping ? { include_typing: true } : {}),
      }),
    [filter, withTyping, page],
  );
  const { resource, reload } = useResource(load);
  const pages =
    resource.status === "ready" ? Math.max(1, Math.ceil(resource.data.pagination.total / PER_PAGE)) : 1;

  return (
    <section className={panel.panel} aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading" className="visually-hidden">
        Delivery log
      </h2>
      <p className={panel.intro}>
        Tandem tells your apps about every message and change through webhooks, retrying on failure. Failed
        ones stay here until someone sends them again.
      </p>
      <div className={styles.toolbar}>
        <fieldset className={styles.filters}>
          <legend className="visually-hidden">Show deliveries</legend>
          {FILTERS.map((entry) => (
            <label key={entry.value} className={styles.filter}>
              <input
                type="radio"
                name="delivery-status"
                value={entry.value}
                checked={filter === entry.value}
                onChange={() => {
                  setFilter(entry.value);
                  setPage(1);
                  setOpen(null);
                }}
              />
              <span>{entry.label}</span>
            </label>
          ))}
        </fieldset>
        <label className={styles.toggle}>
          <input
            type="checkbox"
            checked={withTyping}
            onChange={(event) => {
              setWithTyping(event.target.checked);
              setPage(1);
              setOpen(null);
            }}
          />
          <span>Show typing</span>
        </label>
        <button type="button" className="btn btn-small" onClick={reload}>
          <RetryIcon size={14} />
          Refresh
        </button>
      </div>
      {resource.status === "loading" ? (
        <PanelSkeleton />
      ) : resource.status === "error" ? (
        <ErrorNotice message={resource.message} onRetry={reload} />
      ) : resource.data.deliveries.length === 0 ? (
        <div className={panel.card}>
          <p className={panel.row}>{EMPTY[filter] ?? "No deliveries here."}</p>
        </div>
      ) : (
        <>
          <div className={panel.card}>
            <ul className={panel.rows}>
              {resource.data.deliveries.map((delivery) => (
                <DeliveryRow
                  key={delivery.uid}
                  delivery={delivery}
                  open={open === delivery.uid}
                  onToggle={() => setOpen((current) => (current === delivery.uid ? null : delivery.uid))}
                  isAdmin={isAdmin}
                  onRetried={reload}
                />
              ))}
            </ul>
          </div>
          {pages > 1 ? (
            <nav className={styles.pager} aria-label="Delivery log pages">
              <button
                type="button"
                className="btn btn-small"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
              >
                Newer
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
              >
                Older
              </button>
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

function DeliveryRow({
  delivery,
  open,
  onToggle,
  isAdmin,
  onRetried,
}: {
  delivery: Delivery;
  open: boolean;
  onToggle: () => void;
  isAdmin: boolean;
  onRetried: () => void;
}) {
  const look = DELIVERY_STATE[delivery.state];
  const parties = [delivery.app?.name ?? "An app that is gone", delivery.client?.display_name]
    .filter(Boolean)
    .join(" · ");
  return (
    <li
      className={styles.delivery}
      data-delivery-uid={delivery.uid}
      data-status={delivery.status}
      data-state={delivery.state}
    >
      <button type="button" className={styles.summary} aria-expanded={open} onClick={onToggle}>
        <StatusPill tone={look.tone}>{look.label}</StatusPill>
        <span className={styles.what}>
          <span className={panel.name}>
            {delivery.label} <span className={styles.parties}>{parties}</span>
          </span>
          <span className={styles.line}>{deliveryLine(delivery)}</span>
          <span className={`${panel.detail} ${panel.mono}`}>
            {delivery.method} {delivery.path}
          </span>
        </span>
        <span className={styles.when}>
          <span>{formatDateTime(delivery.created_at)}</span>
          <span className={panel.detail}>
            {delivery.attempt_count} {delivery.attempt_count === 1 ? "attempt" : "attempts"}
          </span>
        </span>
        <ChevronDownIcon size={18} className={styles.chevron} />
      </button>
      {open ? <DeliveryDetail uid={delivery.uid} isAdmin={isAdmin} onRetried={onRetried} /> : null}
    </li>
  );
}
