// The floor: a bare Fastify route that accepts the ingest body and answers 201, nothing else.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.post("/business/communication/messages", async (request, reply) => {
  const body = request.body;
  reply.status(201);
  return {
    success: true,
    data: { message: { uid: "floor", status: "pending", message_uid: body?.message_uid } },
  };
});
app.get("/readyz", async () => ({ status: "ready" }));
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
