// The bare server for the SDK's call overhead: every request answered with one fixed JSON answer
// (Tandem's own to the same call, taken in the same run), so what is left to measure is the client.
import { createServer } from "node:http";

const status = Number(process.env.ANSWER_STATUS);
const body = process.env.ANSWER_BODY ?? "";
const headers = {
  "content-type": "application/json; charset=utf-8",
  "content-length": Buffer.byteLength(body),
};

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    if (request.url === "/readyz") response.writeHead(200).end();
    else response.writeHead(status, headers).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), "127.0.0.1");
