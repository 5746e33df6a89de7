import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Tandem } from "@tandem/server/testing";
import {
  activeChannel,
  businessWithApp,
  type Client,
  DIALECTS,
  type DialectName,
  directory,
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
 * Keeps the commands given to the real writer from it until `release`, then hands them over in the
 * order they came. Unlike a held writer it holds no transaction, so reads made meanwhile go on (on
 * SQLite a held transaction holds the one connection, and every read with it).
 */
function gateWriter(writer: Writer) {
  const original = writer.run.bind(writer);
  const kept: Array<() => void> = [];
  let wake = () => {};
  writer.run = <T>(command: Command<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      kept.push(() => {
        original(command).then(resolve, reject);
      });
      wake();
    });
  return {
    async until(count: number): Promise<void> {
      while (kept.length < count) await new Promise<void>((resolve) => (wake = resolve));
    },
    release(): void {
      writer.run = original;
      for (const handOver of kept) handOver();
    },
  };
}

/**
 * One describe's world: a server on `dialect` with an app installed on a business, started before
 * its tests, settled before each and closed after them.
 */
function worldFor(dialect: DialectName) {
  const world = { receiver: new WebhookReceiver() } as {
    receiver: WebhookReceiver;
    server: TestServer;
    appApi: Client;
    businessUid: string;
  };
  before(async () => {
    await world.receiver.start();
    world.server = await startServer({ dialect });
    const { app } = await registerApp(world.server, world.receiver);
    ({ businessUid: world.businessUid, appApi: world.appApi } = await businessWithApp(world.server, app));
  });
  after(async () => {
    await world.server?.close();
    await world.receiver.close();
  });
  beforeEach(() => settle(world.server));
  return world;
}

/**
 * The directory blocks a channel that is pending validation (SPEC §7): whichever of the validator and
 * the block is written first, the block stands and the answer says so; nothing is dropped silently.
 */
for (const dialect of DIALECTS) {
  describe(`the directory blocks a pending channel, on ${dialect}`, () => {
    const world = worldFor(dialect);
    const { receiver } = world;
    let queue: ReturnType<typeof watchQueue>;

    /** An inactive channel, its webhooks delivered: nothing else will reach the writer on its own. */
    async function inactiveChannel(): Promise<string> {
      const { uid } = await activeChannel(world.appApi, receiver, world.businessUid, "Racing");
      const inactive = await directory(world.server).put(`/platform/v1/channels/${uid}`, {
        status: "inactive",
      });
      assert.equal(inactive.status, 200, JSON.stringify(inactive.body));
      await settle(world.server);
      return uid;
    }

    /**
     * Reactivates the channel (pending: the validator queues its validation right after the commit)
     * and holds the writer at once, before the validator's turn comes.
     */
    async function pendingWithWriterHeld(uid: string) {
      const domain = world.server.tandem.domain;
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
      const answer = await world.appApi.get(`/business/communication/channels/${uid}`);
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
        const blocking = changeChannelStatusAsBusiness(world.server.tandem.domain, null, uid, "blocked");
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
        const blocking = changeChannelStatusAsBusiness(world.server.tandem.domain, null, uid, "blocked");
        await queue.until(2); // the block's command, then the validator's
        await release();
        const { channel } = await blocking;
        assert.equal(channel.status, "blocked");
      } finally {
        queue.stop();
      }
      await settle(world.server);
      assert.equal(await statusStored(uid), "blocked");
      assert.deepEqual(await statusesHeard(uid), ["active", "inactive", "blocked"]);
    });
  });
}

/**
 * The app changes its channel (`PUT /channels/{uid}`) while a validation or a block is being
 * written: its change is decided on the channel as that write left it, and its answer says what
 * was stored.
 */
for (const dialect of DIALECTS) {
  describe(`the app changes a channel another write is changing, on ${dialect}`, () => {
    const world = worldFor(dialect);
    const { receiver } = world;

    const statusesHeard = async (uid: string, last: string) => {
      await receiver.waitFor((hook) => hook.path === `/channels/${uid}` && hook.body.status === last);
      await settle(world.server);
      return receiver.received
        .filter((hook) => hook.path === `/channels/${uid}`)
        .map((hook) => hook.body.status);
    };

    it("validated meanwhile: the app's `inactive` applies on top of the validation", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const { uid } = await activeChannel(world.appApi, receiver, world.businessUid, "Validating");
      const domain = world.server.tandem.domain;
      const inactive = await changeChannelStatusAsBusiness(domain, null, uid, "inactive");
      assert.equal(inactive.channel.status, "inactive");
      await settle(world.server);
      // Reactivated: the validator queues its validation right after the commit, and is kept waiting.
      const reactivated = await changeChannelStatusAsBusiness(domain, null, uid, "active");
      assert.equal(reactivated.channel.status, "pending");
      const gate = gateWriter(domain.writer);
      await gate.until(1); // the validator's command
      const putting = world.appApi.put(`/business/communication/channels/${uid}`, { status: "inactive" });
      await gate.until(2); // the app's, asked while the channel was still pending
      gate.release();
      const answer = await putting;
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.data.channel.status, "inactive");
      assert.deepEqual(await statusesHeard(uid, "inactive"), ["active", "inactive", "active", "inactive"]);
    });

    it("blocked meanwhile: the app's status change is refused, and the block stands", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const { uid } = await activeChannel(world.appApi, receiver, world.businessUid, "Blocking");
      await settle(world.server);
      const domain = world.server.tandem.domain;
      const gate = gateWriter(domain.writer);
      const blocking = changeChannelStatusAsBusiness(domain, null, uid, "blocked");
      await gate.until(1);
      const putting = world.appApi.put(`/business/communication/channels/${uid}`, { status: "inactive" });
      await gate.until(2); // asked while the channel was still active
      gate.release();
      assert.equal((await blocking).channel.status, "blocked");
      const answer = await putting;
      assert.equal(answer.status, 403, JSON.stringify(answer.body));
      assert.equal(answer.body.errors[0].field, "status");
      const stored = await world.appApi.get(`/business/communication/channels/${uid}`);
      assert.equal(stored.body.data.channel.status, "blocked");
      assert.deepEqual(await statusesHeard(uid, "blocked"), ["active", "blocked"]);
    });
  });
}
