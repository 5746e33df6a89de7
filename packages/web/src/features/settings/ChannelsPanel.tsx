import type { Channel, ChannelStatus } from "@tandem/contract";
import { useEffect, useState } from "react";
import { ApiError } from "../../api/http.ts";
import { pageApi } from "../../api/page-api.ts";
import { useLive } from "../../state/live-context.tsx";
import { ConfirmDialog } from "../../ui/ConfirmDialog.tsx";
import { ErrorNotice } from "../../ui/Notice.tsx";
import { badgeColours } from "../../ui/palette.ts";
import { StatusPill, type Tone } from "../../ui/StatusPill.tsx";
import styles from "./Panel.module.css";
import { PanelSkeleton } from "./PanelSkeleton.tsx";
import { useResource } from "./use-resource.ts";

const STATUS: Record<ChannelStatus, { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "good" },
  pending: { label: "Validating", tone: "info" },
  inactive: { label: "Switched off", tone: "neutral" },
  error: { label: "Error", tone: "bad" },
  blocked: { label: "Blocked by the operator", tone: "bad" },
  deleted: { label: "Deleted", tone: "neutral" },
};

const loadChannels = () => pageApi.channels().then(({ channels }) => channels);

function withChannel(channels: Channel[], channel: Channel): Channel[] {
  if (channel.status === "deleted") return channels.filter((entry) => entry.uid !== channel.uid);
  const known = channels.some((entry) => entry.uid === channel.uid);
  return known
    ? channels.map((entry) => (entry.uid === channel.uid ? channel : entry))
    : [...channels, channel];
}

export function ChannelsPanel({ isAdmin }: { isAdmin: boolean }) {
  const { hub } = useLive();
  const { resource, reload, setResource } = useResource(loadChannels);

  useEffect(
    () =>
      hub.onEvent((event) => {
        if (event.type !== "channel.updated") return;
        setResource((current) =>
          current.status === "ready"
            ? { status: "ready", data: withChannel(current.data, event.data) }
            : current,
        );
      }),
    [hub, setResource],
  );

  const changed = (channel: Channel) =>
    setResource((current) =>
      current.status === "ready" ? { status: "ready", data: withChannel(current.data, channel) } : current,
    );

  return (
    <section className={styles.panel} aria-labelledby="channels-heading">
      <h2 id="channels-heading" className="visually-hidden">
        Channels
      </h2>
      <p className={styles.intro}>
        Each channel is one communication app's presence in your business. Active channels appear in the
        composer.
      </p>
      {resource.status === "loading" ? (
        <PanelSkeleton />
      ) : resource.status === "error" ? (
        <ErrorNotice message={resource.message} onRetry={reload} />
      ) : resource.data.length === 0 ? (
        <div className={styles.card}>
          <p className={styles.row}>
            No channels yet. An installed communication app creates its channels here.
          </p>
        </div>
      ) : (
        <div className={styles.card}>
          <ul className={styles.rows}>
            {resource.data.map((channel) => (
              <ChannelRow key={channel.uid} channel={channel} isAdmin={isAdmin} onChanged={changed} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

type Target = "active" | "inactive" | "deleted";

function ChannelRow({
  channel,
  isAdmin,
  onChanged,
}: {
  channel: Channel;
  isAdmin: boolean;
  onChanged: (channel: Channel) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const look = STATUS[channel.status] ?? { label: channel.status, tone: "neutral" as const };

  const change = async (status: Target) => {
    setConfirmingDelete(false);
    setBusy(true);
    setError(null);
    try {
      onChanged((await pageApi.setChannelStatus(channel.uid, status)).channel);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "The change failed.");
    } finally {
      setBusy(false);
    }
  };

  const canChange = isAdmin && channel.status !== "blocked";
  return (
    <li className={styles.row} data-channel-uid={channel.uid}>
      <span
        style={{ width: 12, height: 12, borderRadius: "50%", background: badgeColours(channel.uid).color }}
        aria-hidden="true"
      />
      <div className={styles.main}>
        <span className={styles.name}>{channel.display_name || "Unnamed channel"}</span>
        <span className={styles.detail}>
          {channel.app_code_name} · {channel.type}
        </span>
      </div>
      <StatusPill tone={look.tone}>{look.label}</StatusPill>
      {canChange ? (
        <div className={styles.actions}>
          {channel.status === "active" || channel.status === "pending" ? (
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              onClick={() => change("inactive")}
            >
              Switch off
            </button>
          ) : (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => change("active")}>
              Activate
            </button>
          )}
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={busy}
            onClick={() => setConfirmingDelete(true)}
          >
            Delete
          </button>
        </div>
      ) : null}
      {error ? (
        <div style={{ flexBasis: "100%" }}>
          <ErrorNotice message={error} />
        </div>
      ) : null}
      {confirmingDelete ? (
        <ConfirmDialog
          title={`Delete ${channel.display_name || "this channel"}?`}
          body="Staff will no longer be able to reply through it, and its app is told. The conversation history stays."
          confirmLabel="Delete channel"
          onConfirm={() => void change("deleted")}
          onCancel={() => setConfirmingDelete(false)}
        />
      ) : null}
    </li>
  );
}
