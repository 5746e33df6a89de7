import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Tandem, WebhookHandler } from "@tandem/sdk";
import type { SMTPServer } from "smtp-server";
import { ensureChannel } from "./channel.js";
import type { EmailConfig } from "./config.js";
import { httpListener, WEBHOOK_BASE_PATH } from "./http-listener.js";
import { smtpListener } from "./inbound/smtp-listener.js";
import { jsonLogger, type Logger } from "./logger.js";
import { outgoingMessages } from "./outbound/outgoing-messages.js";
import { relayTransport } from "./outbound/relay.js";
import { AttachmentStore } from "./store/attachment-store.js";
import { MailIndex } from "./store/mail-index.js";

export interface RunningConnector {
  channelUid: string;
  /** Where the SMTP and HTTP listeners took their ports (useful when they were 0). */
  smtpPort: number;
  httpPort: number;
  /** The api_uri to register with Tandem. */
  apiUri: string;
  close(): Promise<void>;
}

function listen(server: Server | SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const netServer = "server" in server ? server.server : server;
    netServer.once("error", reject);
    server.listen(port, host, () => {
      netServer.off("error", reject);
      resolve((netServer.address() as AddressInfo).port);
    });
  });
}

const closed = (server: Server | SMTPServer) =>
  new Promise<void>((resolve) => {
    // HTTP keep-alive connections would hold the close; the SMTP server ends its own sessions.
    if (!("server" in server)) server.closeAllConnections();
    server.close(() => resolve());
  });

/**
 * The email channel, started: its channel found or made at the business, the HTTP listener (webhooks
 * and attachments) and the SMTP listener up, staff messages going out through the relay.
 */
export async function startConnector(
  config: EmailConfig,
  logger: Logger = jsonLogger,
): Promise<RunningConnector> {
  const tandem = new Tandem({
    baseUrl: config.tandem.url,
    clientId: config.tandem.clientId,
    clientSecret: config.tandem.clientSecret,
  });
  const api = tandem.forBusiness(config.tandem.businessUid);
  const channel = await ensureChannel(api, config.tandem.businessUid, config.address, config.displayName);
  if (channel.status !== "active" && channel.status !== "pending") {
    // An admin's decision (or an uninstall) stands: mail is answered "try again later" until it changes.
    logger.warn("the channel is not active: incoming mail waits", {
      channel_uid: channel.uid,
      status: channel.status,
    });
  }
  const index = new MailIndex(config.dataDir);
  const attachments = new AttachmentStore(config.dataDir, config.publicUrl);
  const relay = relayTransport(config.relay);

  const webhooks = new WebhookHandler({
    secret: config.tandem.webhookSecrets,
    onOutgoingMessage: outgoingMessages({
      api,
      index,
      relay,
      channel: { uid: channel.uid, address: config.address, displayName: config.displayName },
      logger,
    }),
    onChannelStatus: (event) => {
      if (event.channel_uid === channel.uid) logger.info("channel status", { status: event.status });
    },
    onError: (error, delivery) => logger.error("webhook not handled", { error, kind: delivery.kind }),
  });
  const http = createServer(httpListener(webhooks, attachments));
  const smtp = smtpListener(
    { api, index, attachments, address: config.address, channelUid: channel.uid },
    {
      address: config.address,
      maxMessageBytes: config.maxMessageBytes,
      tls: config.smtpTls && {
        key: readFileSync(config.smtpTls.keyPath),
        cert: readFileSync(config.smtpTls.certPath),
      },
      logger,
    },
  );
  const httpPort = await listen(http, config.httpPort, config.listenHost);
  const smtpPort = await listen(smtp, config.smtpPort, config.listenHost);
  logger.info("email channel ready", {
    channel_uid: channel.uid,
    address: config.address,
    smtpPort,
    httpPort,
  });
  return {
    channelUid: channel.uid,
    smtpPort,
    httpPort,
    apiUri: `${config.publicUrl}${WEBHOOK_BASE_PATH}`,
    async close() {
      await Promise.all([closed(smtp), closed(http)]);
      relay.close();
      await index.flush();
    },
  };
}
