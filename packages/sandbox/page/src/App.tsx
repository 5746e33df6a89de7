import { useEffect, useState } from "react";
import { Contacts } from "./Contacts.tsx";
import { useSandbox } from "./feed.ts";
import { Phone } from "./Phone.tsx";
import { Switches } from "./Switches.tsx";

/** Phones open at first: the two most recent conversations, so the page starts lived in. */
const OPEN_AT_FIRST = 2;

export function App() {
  const [view] = useSandbox();
  const [open, setOpen] = useState<string[] | null>(null);
  const state = view.state;

  useEffect(() => {
    if (!state || open !== null) return;
    const latest = [...state.messages].reverse().map((message) => message.contactId);
    setOpen([...new Set(latest)].slice(0, OPEN_AT_FIRST));
  }, [state, open]);

  const opened = open ?? [];
  const toggle = (contactId: string) =>
    setOpen(opened.includes(contactId) ? opened.filter((id) => id !== contactId) : [contactId, ...opened]);

  return (
    <div className="app">
      <header className="top">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ☎
          </span>
          <div>
            <h1>Sandbox phones</h1>
            <p className="muted">
              Play the client. Staff answer at <a href="/">the conversation page</a>.
            </p>
          </div>
        </div>
        <StatusLine view={view} />
        {state && <Switches network={state.network} />}
      </header>
      {state ? (
        <div className="body">
          <Contacts
            contacts={state.contacts}
            messages={state.messages}
            open={opened}
            onToggle={toggle}
            onCreated={(contact) => setOpen([contact.id, ...opened.filter((id) => id !== contact.id)])}
          />
          <main className="phones" aria-label="Phones">
            {opened.length === 0 && <p className="empty">Pick a contact, or add one, to open their phone.</p>}
            {opened.map((contactId) => {
              const contact = state.contacts.find((candidate) => candidate.id === contactId);
              if (!contact) return null;
              return (
                <Phone
                  key={contact.id}
                  contact={contact}
                  messages={state.messages.filter((message) => message.contactId === contact.id)}
                  staffTyping={contact.id in view.staffTyping}
                  ready={state.status.ready}
                  onClose={() => toggle(contact.id)}
                />
              );
            })}
          </main>
        </div>
      ) : (
        <p className="empty">Connecting to the sandbox…</p>
      )}
    </div>
  );
}

function StatusLine({ view }: { view: ReturnType<typeof useSandbox>[0] }) {
  const status = view.state?.status;
  const text = !view.live
    ? "Reconnecting…"
    : !status
      ? "Connecting…"
      : status.ready
        ? "Connected to Tandem"
        : `Not ready: ${status.problem ?? "setting up"}`;
  const tone = view.live && status?.ready ? "ok" : "warn";
  return (
    <p className={`status status-${tone}`} role="status">
      <span className="dot" aria-hidden="true" />
      {text}
    </p>
  );
}
