import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Tandem } from "@tandem/server/testing";
import {
  activeChannel,
  businessWithApp,
  type Client,
  DIALECTS,
  directory,
  type JsonObject,
  registerApp,
  settle,
  startServer,
  type TestServer,
  WebhookReceiver,
} from "@tandem/test-support";
import { changeChannelStatusAsBusiness } from "../../src/domain/channels.js";
import type { Command } from "../../src/events/writer.js";

type Writer = Tandem["domain"]["writer"];

/** A guard against a hang (the writer held for good), far above the test's length; no assertion of speed. */
const HANG_GUARD_MS = 60_000;

/**
 * Counts the commands queued on the real writer, which runs each of them as ever, so a test can
 * wait until the commands it orders are all queued.
 */
function watchQueue(writer: Writer) {
  const original = writer.run.bind(writer);
  let queued = 0;
  let wake = () => {};
  writer.run = <T>(command: Command<T>): Promise<T> => {
    queued++;
    wake();
    return original(command);
  };
  return {
    async until(count: number): Promise<void> {
      while (queued < count) await new Promise<void>((resolve) => (wake = resolve));
    },
    get queued() {
      return queued;
    },
    stop() {
      writer.run = original;
    },
  };
}

/** Holds the writer with a command of its own: what is queued meanwhile waits, in order, for `release`. */
function holdWriter(writer: Writer) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = writer.run(() => released);
  return async () => {
    release();
    await held;
  };
}

/**
 * The directory blocks a channel that is pending validation (SPEC §7): whichever of the validator and
 * the block is written first, the block stands and the answer says so; nothing is dropped silently.
 */
for (const dialect of DIALECTS) {
  describe(`the directory blocks a pending channel, on ${dialect}`, () => {
    let server: TestServer;
    const receiver = new WebhookReceiver();
    let app: JsonObject;
    let appApi: Client;
    let businessUid: string;
    let queue: ReturnType<typeof watchQueue>;

    before(async () => {
      await receiver.start();
      server = await startServer({ dialect });
      ({ app } = await registerApp(server, receiver));
      ({ businessUid, appApi } = await businessWithApp(server, app));
    });

    after(async () => {
      await server?.close();
      await receiver.close();
    });

    beforeEach(() => settle(server));

    /** An inactive channel, its webhooks delivered: nothing else will reach the writer on its own. */
    async function inactiveChannel(): Promise<string> {
      const { uid } = await activeChannel(appApi, receiver, businessUid, "Racing");
      const inactive = await directory(server).put(`/platform/v1/channels/${uid}`, { status: "inactive" });
      assert.equal(inactive.status, 200, JSON.stringify(inactive.body));
      await settle(server);
      return uid;
    }

    /**
     * Reactivates the channel (pending: the validator queues its validation right after the commit)
     * and holds the writer at once, before the validator's turn comes.
     */
    async function pendingWithWriterHeld(uid: string) {
      const domain = server.tandem.domain;
      const reactivated = await changeChannelStatusAsBusiness(domain, null, uid, "active");
      assert.equal(reactivated.channel.status, "pending");
      const release = holdWriter(domain.writer);
      queue = watchQueue(domain.writer);
      return release;
    }

    /** The statuses the app heard for the channel, once it heard `blocked` (they come in order). */
    async function statusesHeard(uid: string): Promise<unknown[]> {
      await receiver.waitFor((hook) => hook.path === `/channels/${uid}` && hook.body.status === "blocked");
      return receiver.received
        .filter((hook) => hook.path === `/channels/${uid}`)
        .map((hook) => hook.body.status);
    }

    async function statusStored(uid: string): Promise<unknown> {
      const answer = await appApi.get(`/business/communication/channels/${uid}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.data.channel.status;
    }

    it("validated first, then blocked: the block applies on top of the validation", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const uid = await inactiveChannel();
      const release = await pendingWithWriterHeld(uid);
      try {
        await queue.until(1); // the validator's command, behind the held writer
        const blocking = changeChannelStatusAsBusiness(server.tandem.domain, null, uid, "blocked");
        await queue.until(2); // the block's, after it
        await release();
        const { channel } = await blocking;
        assert.equal(channel.status, "blocked");
      } finally {
        queue.stop();
      }
      assert.equal(await statusStored(uid), "blocked");
      assert.deepEqual(await statusesHeard(uid), ["active", "inactive", "active", "blocked"]);
    });

    it("blocked first, then validated: the validation leaves the block alone", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const uid = await inactiveChannel();
      const release = await pendingWithWriterHeld(uid);
      try {
        const blocking = changeChannelStatusAsBusiness(server.tandem.domain, null, uid, "blocked");
        await queue.until(2); // the block's command, then the validator's
        await release();
        const { channel } = await blocking;
        assert.equal(channel.status, "blocked");
      } finally {
        queue.stop();
      }
      await settle(server);
      assert.equal(await statusStored(uid), "blocked");
      assert.deepEqual(await statusesHeard(uid), ["active", "inactive", "blocked"]);
    });
  });
}
