import type { ChannelChoice } from "@tandem/contract";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { CheckIcon, ChevronDownIcon } from "../../ui/icons.tsx";
import { badgeColours } from "../../ui/palette.ts";
import styles from "./ChannelPicker.module.css";
import { reasonText } from "./reasons.ts";

/**
 * The reply channel: a button that opens a list of the client's channels, the ones that can reach
 * them first, the others shown disabled with the reason (a native select can't say why).
 */
export function ChannelPicker({
  choices,
  selected,
  onSelect,
}: {
  choices: ChannelChoice[];
  selected: ChannelChoice | null;
  onSelect: (choice: ChannelChoice) => void;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    list.current?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, [open]);

  const show = () => {
    setActive(
      Math.max(
        0,
        choices.findIndex((choice) => choice.channel_uid === selected?.channel_uid),
      ),
    );
    setOpen(true);
  };

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const choose = (choice: ChannelChoice | undefined) => {
    if (!choice?.available) return;
    onSelect(choice);
    close();
  };

  const onListKey = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      Home: 0,
      End: choices.length - 1,
    };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      setActive(Math.min(choices.length - 1, Math.max(0, move)));
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      choose(choices[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };

  const available = choices.filter((choice) => choice.available);
  const unavailable = choices.filter((choice) => !choice.available);
  const option = (choice: ChannelChoice) => {
    const index = choices.indexOf(choice);
    const isSelected = choice.channel_uid === selected?.channel_uid;
    return (
      // biome-ignore lint/a11y/useKeyWithClickEvents: the listbox owns the keyboard (arrows, Enter, Escape)
      // biome-ignore lint/a11y/useFocusableInteractive: options are reached through the listbox's aria-activedescendant
      <div
        key={choice.channel_uid}
        id={`${id}-${index}`}
        role="option"
        aria-selected={isSelected}
        aria-disabled={!choice.available}
        className={`${styles.option} ${index === active ? styles.active : ""}`}
        onClick={() => choose(choice)}
        onPointerMove={() => setActive(index)}
      >
        <span className={styles.dot} style={{ background: badgeColours(choice.channel_uid).color }} />
        <span className={styles.optionText}>
          <span className={styles.optionName}>{choice.display_name || choice.app_code_name}</span>
          <span className={styles.optionDetail}>
            {choice.available ? choice.app_code_name : reasonText(choice.reason)}
          </span>
        </span>
        {isSelected ? <CheckIcon size={16} className={styles.check} /> : null}
      </div>
    );
  };

  return (
    <div className={styles.picker} ref={root}>
      <button
        ref={button}
        type="button"
        className={styles.trigger}
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? `${id}-list` : undefined}
        onClick={() => (open ? setOpen(false) : show())}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            show();
          }
        }}
      >
        <span className={styles.via}>Reply via</span>
        <span className={styles.current}>{selected ? selected.display_name : "choose a channel"}</span>
        <ChevronDownIcon size={16} />
      </button>
      {open ? (
        <div
          ref={list}
          id={`${id}-list`}
          role="listbox"
          aria-label="Reply channel"
          tabIndex={-1}
          aria-activedescendant={`${id}-${active}`}
          className={styles.list}
          onKeyDown={onListKey}
        >
          {available.map(option)}
          {unavailable.length > 0 ? (
            // biome-ignore lint/a11y/useSemanticElements: inside a listbox a group of options is role=group, not a form fieldset
            <div role="group" aria-labelledby={`${id}-unavailable`}>
              <div id={`${id}-unavailable`} className={styles.heading}>
                Can't reach this client now
              </div>
              {unavailable.map(option)}
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
