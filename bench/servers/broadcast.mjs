// The realtime floor: a bare Fastify route that sends each POSTed message to every open socket of
// @fastify/websocket, nothing else — no token, no storage, no feed. Tandem's realtime scenario is
// measured against it with the same client, the same sockets and the same rate.

import websocket from "@fastify/websocket";
import Fastify from "fastify";

const app = Fastify({ logger: false });
await app.register(websocket);
const sockets = new Set();
app.get("/api/realtime", { websocket: true }, (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
app.post("/business/communication/messages", async (request, reply) => {
  const body = request.body;
  // Encoded once for all sockets, as Tandem does.
  const frame = Buffer.from(
    JSON.stringify({ type: "message.created", data: { message_uid: body?.message_uid } }),
  );
  for (const socket of sockets) socket.send(frame);
  reply.status(201);
  return { success: true };
});
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
