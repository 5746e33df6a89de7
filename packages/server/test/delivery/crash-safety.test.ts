import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  call,
  DIALECTS,
  dropSchema,
  freePort,
  type JsonObject,
  POSTGRES_URL,
  remoteTenant,
  spawnTandem,
  type TandemProcess,
  TEST_SECRET_KEY,
  WebhookReceiver,
} from "@tandem/test-support";
import { openStorage, type Storage } from "../../src/storage/database.js";

const KILLS = 4;
const SESSIONS = 6;
const WORKERS = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/**
 * SPEC §6 "a crash at any moment loses nothing": the real server runs as a child process under
 * load and is killed with SIGKILL at random moments, then restarted on the same database.
 */
for (const dialect of DIALECTS) {
  describe(`crash safety on ${dialect}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tandem-crash-"));
    const schema = `crash_${randomBytes(5).toString("hex")}`;
    const directoryToken = `tdir_${randomBytes(12).toString("hex")}`;
    const receiver = new WebhookReceiver();
    let server: TandemProcess | null = null;
    let storage: Storage | null = null;

    const env = {
      TANDEM_DATA_DIR: dataDir,
      TANDEM_DIRECTORY_TOKEN: directoryToken,
      TANDEM_WEBHOOK_RETRY_SCHEDULE: "0,0.2,0.5,1,1,1,1,1,1,1",
      TANDEM_WEBHOOK_TIMEOUT_MS: "1000",
      TANDEM_WEBHOOK_LEASE_MS: "1500",
      DATABASE_URL: dialect === "postgres" ? `${POSTGRES_URL}?schema=${schema}` : "",
      TANDEM_SECRET_KEY: dialect === "postgres" ? TEST_SECRET_KEY : "",
    };

    after(async () => {
      await server?.kill();
      await storage?.close();
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dialect === "postgres") await dropSchema(schema);
    });

    it("loses no acknowledged write and no event across repeated SIGKILLs", {
      timeout: 180_000,
    }, async () => {
      // The receiver answers after a short delay, so kills land while attempts are in flight,
      // and it notices if one webhook-id is ever being delivered twice at the same time.
      const open = new Map<string, number>();
      let overlaps = 0;
      await receiver.start();
      receiver.answerWith((hook) => {
        const count = (open.get(hook.webhookId) ?? 0) + 1;
        open.set(hook.webhookId, count);
        if (count > 1) overlaps++;
        const delayMs = 5 + Math.floor(Math.random() * 40);
        setTimeout(() => open.set(hook.webhookId, (open.get(hook.webhookId) ?? 1) - 1), delayMs);
        return { status: 204, delayMs };
      });

      const port = await freePort();
      server = await spawnTandem(env, port);
      const url = server.url;
      const dir = (method: string, path: string, body?: unknown) =>
        call(url, method, path, body, { token: directoryToken });
      const tenant = await remoteTenant(url, directoryToken, receiver, "Crash");
      const { businessUid, appToken: token, staffToken } = tenant;
      const asApp = (method: string, path: string, body?: unknown) =>
        call(url, method, path, body, { token });
      const asStaff = (method: string, path: string, body?: unknown) =>
        call(url, method, path, body, { token: staffToken });

      const channel = (
        await asApp("POST", "/business/communication/channels", {
          business_uid: businessUid,
          type: "transactional",
        })
      ).body.data.channel;
      await receiver.waitFor(
        (hook) => hook.path === `/channels/${channel.uid}` && hook.body.status === "active",
        10_000,
      );
      const sessions: Array<{ clientUid: string; externalUid: string; sessionUid: string }> = [];
      for (let index = 0; index < SESSIONS; index++) {
        const person = (
          await dir("POST", "/platform/v1/clients", {
            business_uid: businessUid,
            first_name: `Client ${index}`,
          })
        ).body.data.client;
        const externalUid = `ext-${index}`;
        const session = (
          await asApp("POST", "/business/communication/sessions", {
            business_uid: businessUid,
            channel_uid: channel.uid,
            contact_uid: person.uid,
            external_uid: externalUid,
          })
        ).body.data.session;
        await receiver.waitFor(
          (hook) => hook.path === `/sessions/${session.uid}` && hook.body.status === "inactive",
          10_000,
        );
        await asApp("PUT", `/business/communication/sessions/${session.uid}`, { status: "active" });
        sessions.push({ clientUid: person.uid, externalUid, sessionUid: session.uid });
      }

      const figures = {
        sent: 0,
        acknowledged: 0,
        incomingAcked: new Set<string>(),
        staffAcked: new Set<string>(),
      };
      let loadRunning = true;
      const load = async (worker: number) => {
        let sequence = 0;
        while (loadRunning) {
          const session = pick(sessions);
          const action = pick(["incoming", "incoming", "send", "display", "read"] as const);
          figures.sent++;
          try {
            if (action === "incoming") {
              const messageUid = `in-${worker}-${sequence++}`;
              const answer = await asApp("POST", "/business/communication/messages", {
                channel_uid: channel.uid,
                external_uid: session.externalUid,
                message: `hello ${messageUid}`,
                message_uid: messageUid,
              });
              if (answer.status === 201 || answer.status === 200) {
                figures.acknowledged++;
                figures.incomingAcked.add(messageUid);
              }
            } else if (action === "send") {
              const answer = await asStaff("POST", `/api/conversations/${session.clientUid}/messages`, {
                channel_uid: channel.uid,
                message: `reply from worker ${worker}`,
              });
              if (answer.status === 201) {
                figures.acknowledged++;
                figures.staffAcked.add(answer.body.data.message.uid);
              }
            } else {
              const answer =
                action === "display"
                  ? await asStaff("GET", `/api/conversations/${session.clientUid}/messages?limit=20`)
                  : await asStaff("POST", `/api/conversations/${session.clientUid}/read`);
              if (answer.status === 200) figures.acknowledged++;
            }
          } catch {
            // The server is down right now: nothing was acknowledged, so nothing is owed.
            await sleep(20);
          }
        }
      };
      const workers = Array.from({ length: WORKERS }, (_, index) => load(index));

      const restarts: Array<{ readyAfterMs: number }> = [];
      for (let kill = 0; kill < KILLS; kill++) {
        await sleep(800 + Math.random() * 1500);
        await server.kill("SIGKILL");
        await sleep(100 + Math.random() * 300);
        server = await spawnTandem(env, port);
        restarts.push({ readyAfterMs: server.readyAfterMs });
      }
      await sleep(1000);
      loadRunning = false;
      await Promise.all(workers);

      storage = await openStorage({
        databaseUrl: env.DATABASE_URL || null,
        dataDir,
        ...(dialect === "postgres" ? { postgresSchema: schema } : {}),
      });
      const db = storage.db;
      const drainStarted = Date.now();
      for (;;) {
        const unfinished = await db
          .selectFrom("deliveries")
          .select("uid")
          .where("status", "in", ["pending", "delivering"])
          .execute();
        if (unfinished.length === 0) break;
        assert.ok(Date.now() - drainStarted < 60_000, `${unfinished.length} deliveries never finished`);
        await sleep(100);
      }
      const drainedAfterMs = Date.now() - drainStarted;

      const storedIncoming = new Set(
        (
          await db
            .selectFrom("messages")
            .select("message_uid")
            .where("direction", "=", "client_to_business")
            .execute()
        ).map((row) => row.message_uid),
      );
      const lostIncoming = [...figures.incomingAcked].filter((uid) => !storedIncoming.has(uid));
      assert.deepEqual(lostIncoming, [], "every acknowledged incoming message is stored");
      const storedOutgoing = new Set(
        (
          await db
            .selectFrom("messages")
            .select("uid")
            .where("direction", "=", "business_to_client")
            .execute()
        ).map((row) => row.uid),
      );
      assert.deepEqual(
        [...figures.staffAcked].filter((uid) => !storedOutgoing.has(uid)),
        [],
        "every acknowledged staff message is stored",
      );

      const deliveries = await db
        .selectFrom("deliveries")
        .select(["uid", "status", "event", "body"])
        .execute();
      assert.ok(deliveries.length > 0);
      const received = new Map<string, JsonObject[]>();
      for (const hook of receiver.received)
        received.set(hook.webhookId, [...(received.get(hook.webhookId) ?? []), hook]);
      const undelivered = deliveries.filter(
        (delivery) => delivery.status !== "succeeded" || !received.has(`msg_${delivery.uid}`),
      );
      assert.deepEqual(undelivered, [], "every event reached the receiver");
      for (const uid of figures.staffAcked) {
        assert.ok(
          receiver.received.some((hook) => hook.method === "POST" && hook.body?.message_uid === uid),
          `staff message ${uid} reached the app`,
        );
      }

      let repeats = 0;
      for (const [webhookId, hooks] of received) {
        repeats += hooks.length - 1;
        assert.equal(
          new Set(hooks.map((hook) => hook.rawBody)).size,
          1,
          `${webhookId} always carries the same event`,
        );
      }
      const idsByEvent = new Map<string, Set<string>>();
      for (const hook of receiver.received) {
        const key = `${hook.method} ${hook.path} ${hook.rawBody}`;
        idsByEvent.set(key, (idsByEvent.get(key) ?? new Set()).add(hook.webhookId));
      }
      for (const [key, ids] of idsByEvent) assert.equal(ids.size, 1, `one event, one webhook-id: ${key}`);
      assert.ok(receiver.received.every((hook) => hook.signatureValid));
      assert.equal(overlaps, 0, "no event was sent again while its first attempt was still in flight");

      const report = {
        dialect,
        kills: KILLS,
        requests_sent: figures.sent,
        acknowledged: figures.acknowledged,
        incoming_acknowledged: figures.incomingAcked.size,
        incoming_stored: storedIncoming.size,
        staff_sends_acknowledged: figures.staffAcked.size,
        events: deliveries.length,
        events_delivered: deliveries.length - undelivered.length,
        webhooks_received: receiver.received.length,
        repeats_by_webhook_id: repeats,
        ready_after_restart_ms: restarts.map((restart) => restart.readyAfterMs),
        queue_drained_after_load_ms: drainedAfterMs,
      };
      console.log(`crash-safety report ${JSON.stringify(report)}`);
    });
  });
}
