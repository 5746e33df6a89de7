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
 * Keeps the commands given to the real writer from it until `release`, then hands them over in the
 * order they came, so a test orders the writes it races. It holds no transaction, so reads made
 * meanwhile go on (on SQLite a held transaction holds the one connection, and every read with it).
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

/** The statuses the app heard for the channel, in order, once it heard `last` and all was sent. */
async function statusesHeard(world: ReturnType<typeof worldFor>, uid: string, last: string) {
  await world.receiver.waitFor((hook) => hook.path === `/channels/${uid}` && hook.body.status === last);
  await settle(world.server);
  return world.receiver.received
    .filter((hook) => hook.path === `/channels/${uid}`)
    .map((hook) => hook.body.status);
}

/** An inactive channel, its webhooks delivered: nothing else will reach the writer on its own. */
async function inactiveChannel(world: ReturnType<typeof worldFor>, name: string): Promise<string> {
  const { uid } = await activeChannel(world.appApi, world.receiver, world.businessUid, name);
  const inactive = await directory(world.server).put(`/platform/v1/channels/${uid}`, { status: "inactive" });
  assert.equal(inactive.status, 200, JSON.stringify(inactive.body));
  await settle(world.server);
  return uid;
}

/**
 * Reactivates the channel (pending: the validator queues its validation right after the commit)
 * and gates the writer at once, before the validator's command reaches it.
 */
async function pendingWithWriterGated(world: ReturnType<typeof worldFor>, uid: string) {
  const domain = world.server.tandem.domain;
  const reactivated = await changeChannelStatusAsBusiness(domain, null, uid, "active");
  assert.equal(reactivated.channel.status, "pending");
  return gateWriter(domain.writer);
}

/**
 * The directory blocks a channel that is pending validation (SPEC §7): whichever of the validator and
 * the block is written first, the block stands and the answer says so; nothing is dropped silently.
 */
for (const dialect of DIALECTS) {
  describe(`the directory blocks a pending channel, on ${dialect}`, () => {
    const world = worldFor(dialect);

    async function statusStored(uid: string): Promise<unknown> {
      const answer = await world.appApi.get(`/business/communication/channels/${uid}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.data.channel.status;
    }

    it("validated first, then blocked: the block applies on top of the validation", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const uid = await inactiveChannel(world, "Racing");
      const gate = await pendingWithWriterGated(world, uid);
      await gate.until(1); // the validator's command
      const blocking = changeChannelStatusAsBusiness(world.server.tandem.domain, null, uid, "blocked");
      await gate.until(2); // the block's, after it
      gate.release();
      const { channel } = await blocking;
      assert.equal(channel.status, "blocked");
      assert.equal(await statusStored(uid), "blocked");
      assert.deepEqual(await statusesHeard(world, uid, "blocked"), [
        "active",
        "inactive",
        "active",
        "blocked",
      ]);
    });

    it("blocked first, then validated: the validation leaves the block alone", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const uid = await inactiveChannel(world, "Racing");
      const gate = await pendingWithWriterGated(world, uid);
      const blocking = changeChannelStatusAsBusiness(world.server.tandem.domain, null, uid, "blocked");
      await gate.until(2); // the block's command, then the validator's
      gate.release();
      const { channel } = await blocking;
      assert.equal(channel.status, "blocked");
      await settle(world.server);
      assert.equal(await statusStored(uid), "blocked");
      assert.deepEqual(await statusesHeard(world, uid, "blocked"), ["active", "inactive", "blocked"]);
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

    it("validated meanwhile: the app's `inactive` applies on top of the validation", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const uid = await inactiveChannel(world, "Validating");
      const gate = await pendingWithWriterGated(world, uid);
      await gate.until(1); // the validator's command
      const putting = world.appApi.put(`/business/communication/channels/${uid}`, { status: "inactive" });
      await gate.until(2); // the app's, asked while the channel was still pending
      gate.release();
      const answer = await putting;
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.data.channel.status, "inactive");
      assert.deepEqual(await statusesHeard(world, uid, "inactive"), [
        "active",
        "inactive",
        "active",
        "inactive",
      ]);
    });

    it("blocked meanwhile: the app's status change is refused, and the block stands", {
      timeout: HANG_GUARD_MS,
    }, async () => {
      const { uid } = await activeChannel(world.appApi, world.receiver, world.businessUid, "Blocking");
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
      assert.deepEqual(await statusesHeard(world, uid, "blocked"), ["active", "blocked"]);
    });
  });
}
