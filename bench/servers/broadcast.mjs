// The realtime floor: a bare Fastify route that sends each POSTed message to every open socket of
// @fastify/websocket, nothing else — no token, no storage, no feed. Tandem's realtime scenario is
// measured against it with the same client, the same sockets and the same rate.
// TWO_EVENTS=1: what Tandem sends each page for an incoming message instead — two events, a
// `message.created` and a `conversation.updated` of the sizes Tandem's are (about 590 and 430
// bytes), in one write per socket.

import websocket from "@fastify/websocket";
import Fastify from "fastify";

const app = Fastify({ logger: false });
await app.register(websocket);
const sockets = new Set();
app.get("/api/realtime", { websocket: true }, (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
const twoEvents = process.env.TWO_EVENTS === "1";
// Text messages, as Tandem sends (a Buffer would go as a binary message, which the client does not
// check for valid UTF-8).
const TEXT = { binary: false };
/** An event padded to about `bytes` when encoded. */
const event = (type, data, bytes) => {
  const bare = JSON.stringify({ type, data });
  return Buffer.from(
    JSON.stringify({ type, data: { ...data, pad: "x".repeat(Math.max(0, bytes - bare.length - 10)) } }),
  );
};
app.post("/business/communication/messages", async (request, reply) => {
  const messageUid = request.body?.message_uid;
  // Encoded once for all sockets, as Tandem does.
  if (!twoEvents) {
    const frame = Buffer.from(JSON.stringify({ type: "message.created", data: { message_uid: messageUid } }));
    for (const socket of sockets) socket.send(frame, TEXT);
  } else {
    const created = event("message.created", { message_uid: messageUid }, 590);
    const updated = event("conversation.updated", { client_uid: "client" }, 430);
    for (const socket of sockets) {
      const transport = socket._socket;
      transport?.cork();
      socket.send(created, TEXT);
      socket.send(updated, TEXT);
      transport?.uncork();
    }
  }
  reply.status(201);
  return { success: true };
});
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
