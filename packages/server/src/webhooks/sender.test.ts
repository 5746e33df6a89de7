import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { WebhookSender } from "./sender.js";

/**
 * The sender's timeout caps a whole attempt, not each wait on its own: an app that answers at once
 * and then drips its body a byte at a time (each byte inside undici's body timeout) is still cut
 * off once the attempt has lasted the timeout.
 */
describe("a webhook attempt's timeout", () => {
  let server: Server;
  let url = "";
  const drips = new Set<NodeJS.Timeout>();

  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      if (request.url === "/fast") {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("ok");
        return;
      }
      response.writeHead(200, { "content-type": "text/plain" });
      const drip = setInterval(() => response.write("x"), 100);
      drips.add(drip);
      response.on("close", () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const drip of drips) clearInterval(drip);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("cuts off an answer that drips its body past the timeout", async () => {
    const sender = new WebhookSender({ timeoutMs: 600, allowPrivate: true });
    try {
      const call = { method: "POST" as const, headers: {}, body: "{}" };
      const dripping = await sender.send({ ...call, url: `${url}/drip` });
      assert.equal(dripping.statusCode, null);
      assert.match(dripping.error ?? "", /timeout/i);
      assert.equal(dripping.failure, "timeout");
      assert.ok(dripping.durationMs >= 550 && dripping.durationMs < 3_000, `${dripping.durationMs} ms`);

      // The timer of an attempt that finished in time never fires on a later one.
      const fast = await sender.send({ ...call, url: `${url}/fast` });
      assert.equal(fast.statusCode, 200);
      assert.equal(fast.responseBody, "ok");
      await new Promise((resolve) => setTimeout(resolve, 700));
      const again = await sender.send({ ...call, url: `${url}/fast` });
      assert.equal(again.error, null);
      assert.equal(again.failure, null);
    } finally {
      await sender.close();
    }
  });

  it("tells a refused connection from a timeout", async () => {
    const sender = new WebhookSender({ timeoutMs: 600, allowPrivate: true });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    try {
      const refused = await sender.send({
        method: "POST",
        headers: {},
        body: "{}",
        url: `http://127.0.0.1:${port}/`,
      });
      assert.equal(refused.statusCode, null);
      assert.equal(refused.failure, "connection", refused.error ?? "");
    } finally {
      await sender.close();
    }
  });
});
