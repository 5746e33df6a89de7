import type {
  ManualReceipt,
  NetworkSwitches,
  NewContact,
  PhoneContact,
  PhoneMessage,
  SandboxError,
} from "../../src/wire.ts";

const BASE = "/sandbox/api";

/** A refusal of the sandbox's API, with the field it names. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

async function call<Answer>(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json().catch(() => ({}))) as Answer & Partial<SandboxError>;
  if (!response.ok) {
    throw new ApiError(
      answer.error?.message ?? `the sandbox answered ${response.status}`,
      answer.error?.field ?? null,
    );
  }
  return answer;
}

export const sandboxApi = {
  addContact: (contact: NewContact) => call<{ contact: PhoneContact }>("POST", "/contacts", contact),
  setAutoReceipts: (contactId: string, autoReceipts: boolean) =>
    call<{ contact: PhoneContact }>("PUT", `/contacts/${contactId}`, { autoReceipts }),
  send: (contactId: string, text: string) =>
    call<{ message: PhoneMessage }>("POST", `/contacts/${contactId}/messages`, { text }),
  typing: (contactId: string, typing: boolean) =>
    call<object>("POST", `/contacts/${contactId}/typing`, { typing }),
  receipt: (messageId: string, receipt: ManualReceipt) =>
    call<{ message: PhoneMessage }>("POST", `/messages/${messageId}/receipt`, receipt),
  network: (change: Partial<NetworkSwitches>) =>
    call<{ network: NetworkSwitches }>("PUT", "/network", change),
};
