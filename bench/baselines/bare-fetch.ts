import type { BodyOf, communication, DataOf } from "@tandem/contract";

type CreateMessage = typeof communication.createMessage;

/**
 * The least an app can write to post a message: one `fetch` with hand-written headers and body, the
 * status checked, the JSON read. The bench's baseline for the SDK's client, in bundle size and in
 * what one call costs.
 */
export async function createMessage(
  baseUrl: string,
  token: string,
  body: BodyOf<CreateMessage>,
): Promise<DataOf<CreateMessage, 201>> {
  const response = await fetch(`${baseUrl}/business/communication/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { data: DataOf<CreateMessage, 201> };
  if (!response.ok) throw new Error(`POST /business/communication/messages answered ${response.status}`);
  return answer.data;
}
