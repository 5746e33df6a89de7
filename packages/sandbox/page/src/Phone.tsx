import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { PhoneContact, PhoneMessage } from "../../src/wire.ts";
import { Avatar } from "./Avatar.tsx";
import { sandboxApi } from "./api.ts";
import { Bubble } from "./Bubble.tsx";

/** Typing is told at most this often while it goes on, and stopped after this long idle (SPEC §7). */
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 5_000;

interface Props {
  contact: PhoneContact;
  messages: PhoneMessage[];
  staffTyping: boolean;
  ready: boolean;
  onClose: () => void;
}

/** One client's phone: their conversation with the business, a composer, and how receipts are reported. */
export function Phone({ contact, messages, staffTyping, ready, onClose }: Props) {
  const log = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  // The newest message in view, as a phone keeps it (again once a picture has its height).
  const toNewest = () => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls when a message or the typing line comes
  useEffect(() => {
    toNewest();
  }, [last?.id, last?.status, staffTyping]);

  return (
    <section className="phone" aria-label={`${contact.name}'s phone`}>
      <header className="phone-top">
        <Avatar name={contact.name} />
        <div className="phone-who">
          <h2>{contact.name}</h2>
          <p className="muted">
            {contact.phone}
            {contact.email ? ` · ${contact.email}` : ""}
          </p>
        </div>
        <button
          type="button"
          className="ghost"
          onClick={onClose}
          aria-label={`Close ${contact.name}'s phone`}
        >
          ✕
        </button>
      </header>
      <label className="receipts-mode">
        <input
          type="checkbox"
          checked={contact.autoReceipts}
          onChange={(event) => void sandboxApi.setAutoReceipts(contact.id, event.target.checked)}
        />
        Report delivered and read automatically
      </label>
      <div className="phone-log" role="log" aria-label={`Messages on ${contact.name}'s phone`} ref={log}>
        {messages.length === 0 && <p className="empty">No messages yet. Write to the business below.</p>}
        {messages.map((message) => (
          <Bubble key={message.id} message={message} byHand={!contact.autoReceipts} onPicture={toNewest} />
        ))}
        {staffTyping && (
          <p className="typing" data-testid="staff-typing">
            The business is typing…
          </p>
        )}
      </div>
      <Composer contact={contact} ready={ready} />
    </section>
  );
}

function Composer({ contact, ready }: { contact: PhoneContact; ready: boolean }) {
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const typing = useRef<{ toldAt: number; idle: ReturnType<typeof setTimeout> | null }>({
    toldAt: 0,
    idle: null,
  });

  const stopTyping = () => {
    const state = typing.current;
    if (state.idle) clearTimeout(state.idle);
    state.idle = null;
    if (state.toldAt === 0) return;
    state.toldAt = 0;
    void sandboxApi.typing(contact.id, false).catch(() => undefined);
  };
  const typed = () => {
    const state = typing.current;
    if (Date.now() - state.toldAt >= TYPING_EVERY_MS) {
      state.toldAt = Date.now();
      void sandboxApi.typing(contact.id, true).catch(() => undefined);
    }
    if (state.idle) clearTimeout(state.idle);
    state.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: on unmount only
  useEffect(() => () => stopTyping(), []);

  const send = async () => {
    const message = text.trim();
    if (!message) return;
    stopTyping();
    setText("");
    try {
      await sandboxApi.send(contact.id, message);
      setProblem(null);
    } catch (error) {
      setText(message);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  };
  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <textarea
        className="input"
        rows={2}
        value={text}
        aria-label={`Message from ${contact.name}`}
        placeholder={ready ? "Write as the client…" : "Waiting for Tandem…"}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value) typed();
          else stopTyping();
        }}
        onKeyDown={onKey}
      />
      <button type="submit" className="btn btn-primary" disabled={!ready || text.trim() === ""}>
        Send
      </button>
    </form>
  );
}
