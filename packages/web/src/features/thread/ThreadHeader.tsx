import type { Conversation } from "@tandem/contract";
import { Link, paths } from "../../app/router.tsx";
import { Avatar } from "../../ui/Avatar.tsx";
import { BackIcon } from "../../ui/icons.tsx";
import { clientName } from "../inbox/client-name.ts";
import styles from "./ThreadHeader.module.css";

export function ThreadHeader({
  clientUid,
  conversation,
}: {
  clientUid: string;
  conversation: Conversation | null;
}) {
  const client = conversation?.client;
  const name = client ? clientName(client) : "";
  const contact = [client?.phone, client?.email].filter(Boolean).join(" · ");
  // The client's custom fields, set by the business's software (a licence plate, a location).
  const attributes = Object.entries(client?.attributes ?? {});
  return (
    <header className={styles.header}>
      <Link href={paths.inbox()} className={`icon-btn ${styles.back}`} aria-label="Back to the inbox">
        <BackIcon />
      </Link>
      {client ? (
        <>
          <Avatar name={name} colourKey={clientUid} size={40} />
          <div className={styles.who}>
            <h1 className={styles.name}>{name}</h1>
            {contact ? <p className={styles.contact}>{contact}</p> : null}
            {attributes.length > 0 ? (
              <dl className={styles.attributes} aria-label="Client details">
                {attributes.map(([name, value]) => (
                  <div key={name} className={styles.attribute}>
                    <dt>{name}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </div>
        </>
      ) : (
        <div className={styles.who} aria-hidden="true">
          <span className="skeleton" style={{ width: 160, height: 14 }} />
        </div>
      )}
    </header>
  );
}
