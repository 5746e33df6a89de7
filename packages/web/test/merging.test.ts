import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Conversation, ThreadMessage } from "@tandem/contract";
import { withMessage } from "../src/features/inbox/inbox-merge.ts";
import { upsertMessages } from "../src/features/thread/thread-merge.ts";
import { buildTimeline } from "../src/features/thread/timeline.ts";
import { reconnectDelay } from "../src/realtime/backoff.ts";
import { parseFrame } from "../src/realtime/events.ts";

function message(uid: string, fields: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    uid,
    message_uid: uid,
    client_uid: "client-1",
    matter_uid: "matter-1",
    session_uid: "session-1",
    direction: "client_to_business",
    message: `text ${uid}`,
    status: "pending",
    error: null,
    created_at: "2026-05-01T10:00:00.000Z",
    updated_at: "2026-05-01T10:00:00.000Z",
    attachments: [],
    channel: { uid: "channel-1", display_name: "WhatsApp", app_code_name: "wa" },
    sender: null,
    ...fields,
  };
}

describe("merging a thread", () => {
  it("keeps one copy per uid, the later change winning, whatever order copies arrive in", () => {
    const sent = message("a", { status: "sent", updated_at: "2026-05-01T10:00:01.000Z" });
    const read = message("a", { status: "read", updated_at: "2026-05-01T10:00:03.000Z" });
    assert.deepEqual(upsertMessages([sent], [read]), [read]);
    assert.deepEqual(upsertMessages([read], [sent]), [read], "a late, older copy changes nothing");
    assert.deepEqual(upsertMessages([], [sent, read]), [read], "duplicates within one batch collapse");
  });

  it("breaks a tie in time by how far the status has gone", () => {
    const received = message("a", { status: "received" });
    const read = message("a", { status: "read" });
    assert.deepEqual(upsertMessages([read], [received]), [read]);
    assert.deepEqual(upsertMessages([received], [read]), [read]);
  });

  it("places new messages by time, after those of the same time", () => {
    const early = message("early", { created_at: "2026-05-01T09:00:00.000Z" });
    const late = message("late", { created_at: "2026-05-01T11:00:00.000Z" });
    const same = message("same");
    const between = message("between");
    const merged = upsertMessages([early, same, late], [between]);
    assert.deepEqual(
      merged.map((entry) => entry.uid),
      ["early", "same", "between", "late"],
    );
  });

  it("answers the same array when nothing changed, so nothing re-renders", () => {
    const thread = [message("a")];
    assert.equal(upsertMessages(thread, [message("a")]), thread);
    assert.equal(upsertMessages(thread, []), thread);
  });
});

describe("the inbox row", () => {
  const row = (fields: Partial<Conversation> = {}): Conversation => ({
    client_uid: "client-1",
    client: {
      uid: "client-1",
      business_uid: "b",
      first_name: "Clara",
      last_name: null,
      attributes: {},
      display_name: "Clara",
      email: null,
      phone: null,
      created_at: "2026-05-01T08:00:00.000Z",
      last_activity_at: null,
    },
    last_message: null,
    unread_count: 0,
    updated_at: "2026-05-01T08:00:00.000Z",
    ...fields,
  });

  it("counts a new incoming message as unread, and its read status back out", () => {
    const incoming = message("a");
    const counted = withMessage(row(), incoming, true);
    assert.equal(counted.unread_count, 1);
    assert.equal(counted.last_message, incoming);
    const read = withMessage(
      counted,
      message("a", { status: "read", updated_at: "2026-05-01T10:00:05.000Z" }),
      false,
    );
    assert.equal(read.unread_count, 0);
    assert.equal(
      withMessage(read, message("a", { status: "read" }), false).unread_count,
      0,
      "never below zero",
    );
  });

  it("does not count what staff send", () => {
    const outgoing = message("b", { direction: "business_to_client" });
    assert.equal(withMessage(row(), outgoing, true).unread_count, 0);
  });
});

describe("the thread's drawing", () => {
  it("puts a divider at each new day and a name above each run of one author", () => {
    const now = new Date("2026-05-02T12:00:00Z");
    const items = buildTimeline(
      [
        message("1", { created_at: "2026-05-01T10:00:00.000Z" }),
        message("2", { created_at: "2026-05-01T10:01:00.000Z" }),
        message("3", { created_at: "2026-05-01T10:02:00.000Z", direction: "business_to_client" }),
        message("4", { created_at: "2026-05-02T09:00:00.000Z", direction: "business_to_client" }),
        message("5", { created_at: "2026-05-02T09:30:00.000Z", direction: "business_to_client" }),
      ],
      now,
    );
    assert.deepEqual(
      items.map((item) =>
        item.kind === "day" ? "day" : `${item.message.uid}${item.startsGroup ? "*" : ""}`,
      ),
      ["day", "1*", "2", "3*", "day", "4*", "5*"],
    );
  });
});

describe("the feed's frames", () => {
  it("reads events, ready and reset, with ids as numbers or digit strings", () => {
    assert.deepEqual(parseFrame('{"id": 7, "type": "ready", "data": {}}'), { kind: "ready", id: 7 });
    assert.deepEqual(parseFrame('{"id": "8", "type": "reset", "data": {}}'), { kind: "reset", id: 8 });
    const frame = parseFrame(JSON.stringify({ id: 9, type: "message.created", data: message("a") }));
    assert.equal(frame.kind, "event");
    assert.equal(frame.kind === "event" && frame.event.id, 9);
  });

  it("ignores what it does not know rather than break", () => {
    for (const text of [
      "not json",
      "[]",
      '{"type": "message.created"}',
      '{"id": 1, "type": "something.new", "data": {}}',
    ]) {
      assert.deepEqual(parseFrame(text), { kind: "ignored" }, text);
    }
  });

  it("backs off from half a second to thirty, with jitter", () => {
    assert.equal(
      reconnectDelay(0, () => 0.5),
      500,
    );
    assert.equal(
      reconnectDelay(3, () => 0.5),
      4_000,
    );
    assert.equal(
      reconnectDelay(20, () => 0.5),
      30_000,
    );
    assert.equal(
      reconnectDelay(0, () => 0),
      375,
    );
    assert.equal(
      reconnectDelay(0, () => 1),
      625,
    );
  });
});
