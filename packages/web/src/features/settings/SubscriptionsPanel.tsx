import { pageApi } from "../../api/page-api.ts";
import { formatDateTime } from "../../ui/format.ts";
import { StatusPill } from "../../ui/StatusPill.tsx";
import styles from "./Panel.module.css";
import { PanelBody } from "./PanelBody.tsx";
import { useResource } from "./use-resource.ts";

const loadSubscriptions = () => pageApi.subscriptions().then(({ subscriptions }) => subscriptions);

/** What your business's integrations hear of: their event subscriptions (admins only). */
export function SubscriptionsPanel({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <p className={styles.intro}>Only an admin of your business sees the subscriptions.</p>;
  return <SubscriptionList />;
}

function SubscriptionList() {
  const { resource, reload } = useResource(loadSubscriptions);
  return (
    <section className={styles.panel} aria-labelledby="subscriptions-heading">
      <h2 id="subscriptions-heading" className="visually-hidden">
        Event subscriptions
      </h2>
      <p className={styles.intro}>
        Integrations you installed (your booking tool, your CRM) subscribe to events of your business; Tandem
        sends each one, signed, to the address they gave.
      </p>
      <PanelBody resource={resource} reload={reload} empty="No integration has subscribed to events.">
        {(subscriptions) =>
          subscriptions.map((subscription) => (
            <li key={subscription.uid} className={styles.row} data-subscription-uid={subscription.uid}>
              <div className={styles.main}>
                <span className={styles.name}>{subscription.app_code_name}</span>
                <span className={styles.detail}>
                  {subscription.events.join(", ")} →{" "}
                  <span className={styles.mono}>{subscription.target_url}</span>
                </span>
                <span className={styles.detail}>since {formatDateTime(subscription.created_at)}</span>
              </div>
              <StatusPill tone="good">Active</StatusPill>
            </li>
          ))
        }
      </PanelBody>
    </section>
  );
}
