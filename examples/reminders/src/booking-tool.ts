import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CommunicationApi,
  type IntegrationEvent,
  nodeListener,
  Tandem,
  TandemError,
  WebhookHandler,
} from "@tandem/sdk";
import type { Booking } from "./bookings.js";
import type { RemindersConfig } from "./config.js";
import { ensureReplySubscription, REPLY_EVENT } from "./subscription.js";
import { ensureReminderTemplate, REMINDER_TEMPLATE } from "./template.js";

/** Where the tool says what happened: one line per reminder sent, refused or answered. */
export type Say = (line: string) => void;

/** Tandem's events arrive under this path of the listener. */
export const EVENTS_PATH = "/tandem-events";

export interface RunningTool {
  /** Where the listener is, on this machine. */
  url: string;
  close(): Promise<void>;
}

interface Reminded {
  booking: Booking;
  phone: string;
}

const nameOf = (booking: Booking) => [booking.first_name, booking.last_name].filter(Boolean).join(" ");

/** Why Tandem refused, in one line: each field it named with its reason. */
function refusal(error: TandemError): string {
  return error.errors
    .map((detail) => (detail.field ? `${detail.field}: ${detail.message}` : detail.message))
    .join("; ");
}

/**
 * The booking tool: it listens for Tandem's events, makes sure its template and its subscription
 * exist, reminds every booking's client by phone through the configured channel, and says each
 * reply of a reminded client as it arrives.
 */
export async function startBookingTool(
  config: RemindersConfig,
  bookings: Booking[],
  say: Say,
): Promise<RunningTool> {
  const tandem: CommunicationApi = new Tandem({
    baseUrl: config.tandem.url,
    clientId: config.tandem.clientId,
    clientSecret: config.tandem.clientSecret,
  }).forBusiness(config.tandem.businessUid);
  const remindedClients = new Map<string, Reminded>();

  const heard = (event: IntegrationEvent) => {
    if (!("message" in event.data)) return;
    const { message } = event.data;
    const reminded = remindedClients.get(message.client_uid);
    // Other clients' messages are the business's to answer, not the booking tool's.
    if (!reminded) return;
    say(
      `reply from ${nameOf(reminded.booking)} (${reminded.phone}) about ${reminded.booking.id}: ${JSON.stringify(message.message)}`,
    );
  };
  const webhooks = new WebhookHandler({ secret: config.tandem.webhookSecrets }).on(REPLY_EVENT, heard);
  const server = createServer(nodeListener(webhooks, { basePath: EVENTS_PATH }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.listenHost, resolve);
  });
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const url = listenerUrl(server);

  try {
    await ensureReminderTemplate(tandem);
    await ensureReplySubscription(tandem, `${config.publicUrl ?? url}${EVENTS_PATH}`);
    for (const booking of bookings) {
      await remind(tandem, config.channel, booking, remindedClients, say);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

async function remind(
  tandem: CommunicationApi,
  channel: string,
  booking: Booking,
  remindedClients: Map<string, Reminded>,
  say: Say,
): Promise<void> {
  try {
    const sent = await tandem.conversations.upsert({
      contact: {
        phone: booking.phone,
        first_name: booking.first_name,
        last_name: booking.last_name,
        attributes: booking.attributes,
      },
      messages: [
        {
          template: REMINDER_TEMPLATE.name,
          variables: { appointment_time: booking.time, service: booking.service },
        },
      ],
      channel,
      // Run again, the tool answers from Tandem's memory of this booking's reminder and sends nothing.
      idempotency_key: `reminder-${booking.id}`,
    });
    const phone = sent.client.phone ?? booking.phone;
    remindedClients.set(sent.client.uid, { booking, phone });
    const through = sent.channel ? ` through ${sent.channel.display_name}` : "";
    const text = sent.messages[0]?.message ?? "";
    say(`reminded ${nameOf(booking)} (${phone}) of ${booking.id}${through}: ${JSON.stringify(text)}`);
  } catch (error) {
    if (!(error instanceof TandemError) || error.status === 0 || error.status >= 500) throw error;
    say(`could not remind ${nameOf(booking)} of ${booking.id}: ${refusal(error)}`);
  }
}

function listenerUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
}
