import type { ChannelBadge, ChannelChoice } from "@tandem/contract";
import { type FormEvent, type KeyboardEvent, useLayoutEffect, useRef, useState } from "react";
import { SendIcon } from "../../ui/icons.tsx";
import { ErrorNotice } from "../../ui/Notice.tsx";
import { ChannelPicker } from "./ChannelPicker.tsx";
import styles from "./Composer.module.css";
import { reasonText } from "./reasons.ts";
import { TemplatePicker } from "./TemplatePicker.tsx";
import { useChannelChoices } from "./use-channel-choices.ts";
import { useStaffTyping } from "./use-staff-typing.ts";

const MAX_LENGTH = 10_000;

// What staff started writing to each client stays while they look at another thread.
const drafts = new Map<string, string>();

/** The choice in effect: the one staff picked while it can reach the client, else the preferred, else the first. */
function effectiveChoice(choices: ChannelChoice[], picked: string | null, preferred: string | null) {
  const usable = (uid: string | null) =>
    choices.find((choice) => choice.available && choice.channel_uid === uid);
  return usable(picked) ?? usable(preferred) ?? choices.find((choice) => choice.available) ?? null;
}

export function Composer({
  clientUid,
  clientName,
  preferredChannelUid,
  onSend,
}: {
  clientUid: string;
  clientName: string;
  preferredChannelUid: string | null;
  onSend: (channel: ChannelBadge, text: string) => void;
}) {
  const { state, reload } = useChannelChoices(clientUid);
  const [picked, setPicked] = useState<string | null>(null);
  const [text, setText] = useState(() => drafts.get(clientUid) ?? "");
  const field = useRef<HTMLTextAreaElement>(null);
  const choices = state.status === "ready" ? state.choices : [];
  const selected = effectiveChoice(choices, picked, preferredChannelUid);
  const typing = useStaffTyping(clientUid, selected?.channel_uid ?? null);

  // The field grows with its text up to a few lines, then scrolls.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measured whenever the text changes
  useLayoutEffect(() => {
    const element = field.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 180)}px`;
  }, [text]);

  const send = (event?: FormEvent) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || !selected) return;
    typing.stop();
    onSend(
      {
        uid: selected.channel_uid,
        display_name: selected.display_name,
        app_code_name: selected.app_code_name,
      },
      message,
    );
    setText("");
    drafts.delete(clientUid);
    field.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter adds a line; never while an input method is composing a character.
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) send(event);
  };

  if (state.status === "error") return <ErrorNotice message={state.message} onRetry={reload} />;

  const noChannel = state.status === "ready" && !selected;
  return (
    <form className={styles.composer} onSubmit={send} aria-label={`Reply to ${clientName}`}>
      <div className={styles.toolbar}>
        {state.status === "loading" ? (
          <span className={`skeleton ${styles.pickerSkeleton}`} />
        ) : choices.length === 0 ? (
          <span className={styles.hint}>No channels yet: install a communication app in Settings.</span>
        ) : (
          <ChannelPicker
            choices={choices}
            selected={selected}
            onSelect={(choice) => setPicked(choice.channel_uid)}
          />
        )}
        <TemplatePicker
          clientUid={clientUid}
          onFill={(filled) => {
            setText(filled);
            drafts.set(clientUid, filled);
            field.current?.focus();
          }}
        />
      </div>
      {noChannel && choices.length > 0 ? (
        <p className={styles.unreachable} role="status">
          No channel can reach {clientName} right now.{" "}
          {choices
            .map((choice) => `${choice.display_name}: ${reasonText(choice.reason).toLowerCase()}`)
            .join("; ")}
          .
        </p>
      ) : null}
      <div className={styles.row}>
        <label htmlFor={`composer-${clientUid}`} className="visually-hidden">
          Message to {clientName}
        </label>
        <textarea
          id={`composer-${clientUid}`}
          ref={field}
          className={styles.field}
          rows={1}
          maxLength={MAX_LENGTH}
          placeholder={selected ? `Write to ${clientName} on ${selected.display_name}…` : "Write a message…"}
          value={text}
          disabled={!selected}
          onChange={(event) => {
            setText(event.target.value);
            drafts.set(clientUid, event.target.value);
            typing.keystroke(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (!text.trim()) typing.stop();
          }}
        />
        <button
          type="submit"
          className={`btn btn-primary ${styles.send}`}
          disabled={!selected || text.trim() === ""}
          aria-label="Send"
          title="Send (Enter)"
        >
          <SendIcon size={18} />
        </button>
      </div>
      <p className={styles.keys} aria-hidden="true">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd> + <kbd>Enter</kbd> for a new line
      </p>
    </form>
  );
}
