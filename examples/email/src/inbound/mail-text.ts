import { MESSAGE_MAX_LENGTH } from "@tandem/contract";

const ATTRIBUTION = /^\s*On\b.*\bwrote:\s*$/;
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i;

/**
 * The reply without the history mail programs quote below it: a conversation page shows each
 * message once. Cut at "-----Original Message-----", else the trailing "> " lines and the
 * "On … wrote:" line before them; the text as it came when nothing would be left.
 */
export function withoutQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const original = lines.findIndex((line) => ORIGINAL_MESSAGE.test(line));
  let end = original >= 0 ? original : lines.length;
  if (original < 0) {
    while (end > 0 && /^\s*(>.*)?$/.test(lines[end - 1] ?? "")) end -= 1;
    if (end > 0 && end < lines.length && ATTRIBUTION.test(lines[end - 1] ?? "")) end -= 1;
  }
  const kept = lines.slice(0, end).join("\n").trim();
  return kept || text.trim();
}

export interface MailContent {
  subject: string;
  text: string;
  /** The email starts a conversation (answers none the channel knows): its subject is shown. */
  startsThread: boolean;
  /** Files beyond what one Tandem message carries, named in the text instead. */
  leftOutFiles: string[];
}

/** The message text Tandem shows for an email: its new text, under its subject when it starts a thread. */
export function messageText(content: MailContent): string {
  const body = withoutQuotedHistory(content.text);
  const subject = content.subject.trim();
  const parts = [content.startsThread && subject ? subject : "", body];
  if (content.leftOutFiles.length > 0) parts.push(`(not attached: ${content.leftOutFiles.join(", ")})`);
  const text = parts.filter(Boolean).join("\n\n") || subject || "(no text)";
  return text.length <= MESSAGE_MAX_LENGTH ? text : `${text.slice(0, MESSAGE_MAX_LENGTH - 1)}…`;
}
