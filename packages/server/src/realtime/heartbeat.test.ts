import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { WebSocket, WebSocketServer } from "ws";
import { Heartbeat } from "./heartbeat.js";

describe("Heartbeat", () => {
  it("keeps a socket that answers pings and drops one that does not", async () => {
    const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    await once(server, "listening");
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const accepted: WebSocket[] = [];
    const heartbeat = new Heartbeat(() => accepted);
    server.on("connection", (socket) => {
      accepted.push(socket);
      heartbeat.watch(socket);
    });
    try {
      const answering = new WebSocket(url);
      await once(answering, "open");
      // A page whose machine went to sleep: the connection is there, nothing answers.
      const silent = new WebSocket(url, { autoPong: false });
      await once(silent, "open");
      while (accepted.length < 2) await once(server, "connection");
      const [answeringOnServer] = accepted;
      assert.ok(answeringOnServer);

      const answered = once(answeringOnServer, "pong");
      heartbeat.beat();
      await Promise.all([answered, once(silent, "ping")]);
      heartbeat.beat();

      const [code] = (await once(silent, "close")) as [number];
      assert.equal(code, 1006, "cut off without a close frame");
      assert.equal(answering.readyState, WebSocket.OPEN);
      answering.close();
      await once(answering, "close");
    } finally {
      heartbeat.stop();
      server.close();
    }
  });
});
