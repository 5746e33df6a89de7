import { TandemError } from "@tandem/sdk";
import type { PhoneBook } from "../phone-book.js";
import { NotReady, type PhoneNetwork } from "../phone-network.js";
import type { Receipts } from "../receipts.js";
import type { NetworkSwitches, PhoneContact, SandboxState, SandboxStatus } from "../wire.js";
import * as inputs from "./inputs.js";
import { InputError } from "./inputs.js";

export interface ApiAnswer {
  status: number;
  body: unknown;
}

export interface PageApiParts {
  book: PhoneBook;
  network: PhoneNetwork;
  receipts: Receipts;
  status: () => SandboxStatus;
  switches: () => NetworkSwitches;
  setSwitches: (change: Partial<NetworkSwitches>) => NetworkSwitches;
}

type Body = Record<string, unknown>;
type Handler = (body: Body, id: string) => Promise<ApiAnswer> | ApiAnswer;

const ok = (body: unknown, status = 200): ApiAnswer => ({ status, body });

/** The JSON API the sandbox's page calls: the phones' contacts, what the clients do, receipts, switches. */
export class PageApi {
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[];

  constructor(private readonly parts: PageApiParts) {
    const { book, network, receipts } = parts;
    const contactOf = (id: string): PhoneContact => {
      const contact = book.contact(id);
      if (!contact) throw new InputError(404, "contact", "no such contact");
      return contact;
    };
    this.routes = [
      { method: "GET", pattern: /^\/state$/, handler: () => ok(this.state()) },
      {
        method: "POST",
        pattern: /^\/contacts$/,
        handler: (body) => ok({ contact: network.addContact(inputs.newContact(body)) }, 201),
      },
      {
        method: "PUT",
        pattern: /^\/contacts\/([\w-]+)$/,
        handler: (body, id) => {
          const { autoReceipts } = inputs.contactSettings(body);
          return ok({ contact: network.setAutoReceipts(contactOf(id), autoReceipts) });
        },
      },
      {
        method: "POST",
        pattern: /^\/contacts\/([\w-]+)\/messages$/,
        handler: async (body, id) => {
          const { text } = inputs.clientMessage(body);
          const contact = contactOf(id);
          return ok({ message: await whenReady(() => network.clientWrites(contact, text)) }, 201);
        },
      },
      {
        method: "POST",
        pattern: /^\/contacts\/([\w-]+)\/typing$/,
        handler: async (body, id) => {
          const { typing } = inputs.clientTyping(body);
          const contact = contactOf(id);
          await whenReady(() => network.clientTyping(contact, typing));
          return ok({});
        },
      },
      {
        method: "POST",
        pattern: /^\/messages\/([\w-]+)\/receipt$/,
        handler: async (body, id) => {
          const receipt = inputs.manualReceipt(body);
          const message = book.message(id);
          if (!message || message.direction !== "to_client") {
            throw new InputError(404, "message", "no such message from staff");
          }
          await receipts.byHand(id, receipt);
          return ok({ message: book.message(id) });
        },
      },
      {
        method: "PUT",
        pattern: /^\/network$/,
        handler: (body) => ok({ network: parts.setSwitches(inputs.networkSwitches(body)) }),
      },
    ];
  }

  state(): SandboxState {
    return {
      status: this.parts.status(),
      network: this.parts.switches(),
      contacts: this.parts.book.allContacts(),
      messages: this.parts.book.allMessages(),
    };
  }

  async call(method: string, path: string, body: Body): Promise<ApiAnswer> {
    const matching = this.routes.filter((route) => route.pattern.test(path));
    const route = matching.find((candidate) => candidate.method === method);
    if (!route) {
      return matching.length
        ? ok({ error: { field: null, message: `${method} is not allowed here` } }, 405)
        : ok({ error: { field: null, message: `nothing at ${path}` } }, 404);
    }
    const id = route.pattern.exec(path)?.[1] ?? "";
    return route.handler(body, id);
  }
}

async function whenReady<Result>(run: () => Promise<Result>): Promise<Result> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NotReady) throw new InputError(503, null, error.message);
    if (error instanceof TandemError)
      throw new InputError(502, error.field ?? null, `Tandem refused: ${error.message}`);
    throw error;
  }
}
