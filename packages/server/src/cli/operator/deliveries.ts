import type { DeliveryAttempt, DeliveryDetail } from "@tandem/contract";
import type { TandemDirectory } from "@tandem/sdk";
import { details, pageLine, table } from "../output.js";
import { optionalText, requiredText } from "../usage.js";
import { asSent, type OperatorCommand, PAGE_FLAGS, pageQuery, switchFlags, valueFlags } from "./command.js";

/** An app's answer in one short line: a table row has no room for a kilobyte. */
const shortened = (text: string | null, length = 60) => {
  const line = text?.replace(/\s+/g, " ").trim();
  return line && line.length > length ? `${line.slice(0, length - 1)}…` : line;
};

const attemptsTable = (attempts: readonly DeliveryAttempt[]) =>
  table(
    attempts,
    [
      ["attempt", (attempt) => attempt.attempt_number],
      ["at", (attempt) => attempt.attempted_at],
      ["status", (attempt) => attempt.status_code],
      ["ms", (attempt) => attempt.duration_ms],
      ["outcome", (attempt) => attempt.outcome],
      ["response", (attempt) => shortened(attempt.response_body ?? attempt.error)],
    ],
    "no attempts yet",
  );

/** A delivery as `key: value`, then its attempts as a table. */
function deliveryText({ attempts, ...delivery }: DeliveryDetail): string {
  return `${details(delivery)}\n\nattempts\n${attemptsTable(attempts)}`;
}

/** A command on one delivery, named by its uid, that answers the delivery with its attempts. */
function oneDelivery(
  name: string,
  summary: string,
  call: (directory: TandemDirectory, uid: string) => Promise<{ delivery: DeliveryDetail }>,
): OperatorCommand {
  return {
    name,
    summary,
    usage: "DELIVERY_UID",
    flags: {},
    argument: "DELIVERY_UID",
    async run(directory, { argument }) {
      const data = await call(directory, argument);
      return { data, text: deliveryText(data.delivery) };
    },
  };
}

export const deliveryCommands: OperatorCommand[] = [
  {
    name: "deliveries:list",
    summary: "an app's delivery log, newest first",
    usage:
      "--app APP_ID [--status pending|delivering|succeeded|failed|dropped] [--event KIND] [--since TIME] [--attention] [--include-typing] [--page N] [--per-page N]",
    flags: {
      ...valueFlags("app", "status", "event", "since"),
      ...switchFlags("attention", "include-typing"),
      ...PAGE_FLAGS,
    },
    async run(directory, { flags }) {
      const status = optionalText(flags, "status");
      const data = await directory.deliveries.list(requiredText(flags, "app"), {
        status: status === undefined ? undefined : asSent(status),
        event: optionalText(flags, "event"),
        since: optionalText(flags, "since"),
        attention: flags.attention === true ? true : undefined,
        include_typing: flags["include-typing"] === true ? true : undefined,
        ...pageQuery(flags),
      });
      const rows = table(
        data.deliveries,
        [
          ["uid", (delivery) => delivery.uid],
          ["created_at", (delivery) => delivery.created_at],
          ["event", (delivery) => delivery.event],
          ["state", (delivery) => delivery.state],
          ["attempts", (delivery) => delivery.attempt_count],
          ["summary", (delivery) => delivery.summary],
        ],
        "no deliveries",
      );
      return { data, text: `${rows}\n\n${pageLine(data.pagination)}` };
    },
  },
  oneDelivery("deliveries:show", "one delivery with every attempt", (directory, uid) =>
    directory.deliveries.get(uid),
  ),
  oneDelivery("deliveries:retry", "send a failed delivery again (the same webhook-id)", (directory, uid) =>
    directory.deliveries.retry(uid),
  ),
  {
    name: "deliveries:recover",
    summary: "send again every failed delivery of an app since a moment",
    usage: "--app APP_ID --since TIME",
    flags: valueFlags("app", "since"),
    async run(directory, { flags }) {
      const data = await directory.deliveries.recover(requiredText(flags, "app"), {
        since: requiredText(flags, "since"),
      });
      return { data, text: `recovered: ${data.recovered}` };
    },
  },
];
