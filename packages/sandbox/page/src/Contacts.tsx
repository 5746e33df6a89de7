import { type FormEvent, useState } from "react";
import type { PhoneContact, PhoneMessage } from "../../src/wire.ts";
import { Avatar } from "./Avatar.tsx";
import { ApiError, sandboxApi } from "./api.ts";

interface Props {
  contacts: PhoneContact[];
  messages: PhoneMessage[];
  open: string[];
  onToggle: (contactId: string) => void;
  onCreated: (contact: PhoneContact) => void;
}

/** The people whose phones the sandbox plays: pick one to open their phone, or add one. */
export function Contacts({ contacts, messages, open, onToggle, onCreated }: Props) {
  const lastAt = (contact: PhoneContact) =>
    messages.filter((message) => message.contactId === contact.id).at(-1)?.at ?? "";
  const ordered = [...contacts].sort((a, b) => lastAt(b).localeCompare(lastAt(a)));
  return (
    <aside className="contacts" aria-label="Contacts">
      <h2>Contacts</h2>
      <ul>
        {ordered.map((contact) => (
          <li key={contact.id}>
            <button
              type="button"
              className="contact"
              aria-pressed={open.includes(contact.id)}
              onClick={() => onToggle(contact.id)}
            >
              <Avatar name={contact.name} />
              <span className="contact-text">
                <span className="contact-name">{contact.name}</span>
                <span className="muted">{contact.phone}</span>
              </span>
              <span className="contact-state">{open.includes(contact.id) ? "Open" : ""}</span>
            </button>
          </li>
        ))}
      </ul>
      <NewContact onCreated={onCreated} />
    </aside>
  );
}

function NewContact({ onCreated }: { onCreated: (contact: PhoneContact) => void }) {
  const [fields, setFields] = useState({ name: "", phone: "", email: "" });
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const { contact } = await sandboxApi.addContact({
        name: fields.name,
        phone: fields.phone,
        email: fields.email || null,
      });
      setFields({ name: "", phone: "", email: "" });
      setProblem(null);
      onCreated(contact);
    } catch (error) {
      setProblem({
        field: error instanceof ApiError ? error.field : null,
        message: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof fields, label: string, type: string, required: boolean) => (
    <div className="field">
      <label htmlFor={`new-contact-${name}`}>
        {label}
        {!required && <span className="muted"> (optional)</span>}
      </label>
      <input
        id={`new-contact-${name}`}
        className="input"
        type={type}
        name={name}
        value={fields[name]}
        required={required}
        aria-invalid={problem?.field === name}
        onChange={(event) => setFields({ ...fields, [name]: event.target.value })}
      />
    </div>
  );
  return (
    <form className="new-contact" onSubmit={(event) => void submit(event)} aria-label="New contact">
      <h2>New contact</h2>
      {field("name", "Name", "text", true)}
      {field("phone", "Phone", "tel", true)}
      {field("email", "Email", "email", false)}
      {problem && (
        <p className="error" role="alert">
          {problem.message}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        Add and open phone
      </button>
    </form>
  );
}
