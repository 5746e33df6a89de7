import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type HandlesWebhooks, nodeListener } from "@tandem/sdk";
import type { AttachmentStore } from "./store/attachment-store.js";

/** Where Tandem's webhooks arrive: the app's api_uri is `{publicUrl}/tandem`. */
export const WEBHOOK_BASE_PATH = "/tandem";

const ATTACHMENT_PATH = /^\/attachments\/([^/]+)\/[^/]+$/;

function answer(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(text);
}

async function serveAttachment(
  attachments: AttachmentStore,
  token: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const file = await attachments.find(token);
  if (!file) {
    answer(response, 404, "no such attachment");
    return;
  }
  response.writeHead(200, {
    "content-type": file.contentType,
    "content-length": String(file.size),
    // The type and name are the email sender's words: never run or sniffed on this origin.
    "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": "private, max-age=86400",
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  createReadStream(file.path).pipe(response);
}

/** The connector's HTTP side: Tandem's webhooks under /tandem, the kept attachments, a health check. */
export function httpListener(webhooks: HandlesWebhooks, attachments: AttachmentStore) {
  const forWebhooks = nodeListener(webhooks, { basePath: WEBHOOK_BASE_PATH });
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    const file = ATTACHMENT_PATH.exec(path);
    if (file && (request.method === "GET" || request.method === "HEAD")) {
      serveAttachment(attachments, file[1] as string, request, response).catch(() => {
        if (!response.headersSent) answer(response, 500, "the attachment could not be read");
        else response.destroy();
      });
      return;
    }
    if (path === "/healthz") answer(response, 200, "ok");
    else forWebhooks(request, response);
  };
}
