import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { activeChannel, activeSession, unique } from "../support/fixtures.js";
import { client } from "../support/http.js";
import { spawnTandem, type TandemProcess } from "../support/process.js";
import { WebhookReceiver } from "../support/receiver.js";
import { remoteTenant } from "../support/remote-tenant.js";
import { DIALECTS, dropSchema, POSTGRES_URL } from "../support/server.js";

const MESSAGES = 20;
/** Each message_uid is posted this often at once, half to each process. */
const COPIES = 4;

/**
 * `POST /messages` is idempotent on (channel, message_uid) also when two processes write the same
 * message_uid at the same moment: PostgreSQL's insert waits for the other's transaction, leaves the
 * message out once it commits, and the loser answers with the winner's message.
 */
describe("repeated incoming messages across processes on postgres", {
  skip: !DIALECTS.includes("postgres"),
}, () => {
  const schema = `repeats_${randomBytes(5).toString("hex")}`;
  const directoryToken = `tdir_${randomBytes(12).toString("hex")}`;
  const dataDirs = [mkdtempSync(join(tmpdir(), "tandem-a-")), mkdtempSync(join(tmpdir(), "tandem-b-"))];
  const receiver = new WebhookReceiver();
  const processes: TandemProcess[] = [];
  const env = (dataDir: string) => ({
    DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`,
    TANDEM_DATA_DIR: dataDir,
    TANDEM_DIRECTORY_TOKEN: directoryToken,
    TANDEM_SECRET_KEY: "8".repeat(64),
  });

  after(async () => {
    for (const process of processes) await process.kill();
    await receiver.close();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it("stores one message per message_uid when both processes take its repeats at once", {
    timeout: 120_000,
  }, async () => {
    await receiver.start();
    // One process migrates first, so the two do not race over creating the schema.
    processes.push(await spawnTandem(env(dataDirs[0] ?? "")));
    processes.push(await spawnTandem(env(dataDirs[1] ?? "")));
    const urls = processes.map((process) => process.url);
    const [first = ""] = urls;
    const { businessUid, appToken } = await remoteTenant(first, directoryToken, receiver, "Repeats");
    const appApi = client(first, appToken);
    const channel = await activeChannel(appApi, receiver, businessUid);
    const person = await client(first, directoryToken).post("/platform/v1/clients", {
      business_uid: businessUid,
      first_name: "Rita",
      phone: "+15550001111",
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));
    const session = await activeSession(
      appApi,
      receiver,
      businessUid,
      channel.uid,
      person.body.data.client.uid,
    );

    const messageUids = Array.from({ length: MESSAGES }, () => unique("wamid.race-"));
    const answers = await Promise.all(
      messageUids.flatMap((messageUid) =>
        Array.from({ length: COPIES }, (_, copy) =>
          client(urls[copy % urls.length] ?? first, appToken).post("/business/communication/messages", {
            channel_uid: channel.uid,
            external_uid: session.external_uid,
            message: "Sent twice to each process",
            message_uid: messageUid,
          }),
        ),
      ),
    );
    for (const [index, messageUid] of messageUids.entries()) {
      const copies = answers.slice(index * COPIES, (index + 1) * COPIES);
      const statuses = copies.map((answer) => answer.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 201], `${messageUid}: ${JSON.stringify(copies[0]?.body)}`);
      const uids = new Set(copies.map((answer) => answer.body.data.message.uid));
      assert.equal(uids.size, 1, `${messageUid}: every copy is answered with the one stored`);
    }
    const history = await appApi.get(
      `/business/communication/messages?channel_uid=${channel.uid}&external_uid=${session.external_uid}&limit=100`,
    );
    assert.equal(history.status, 200, JSON.stringify(history.body));
    assert.equal(history.body.data.messages.length, MESSAGES);
  });
});
