/* Email addresses and Message-IDs in the one form the connector compares and stores. */

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** An address as a session's external_uid and a client's email: trimmed, lower case. */
export const normalizeAddress = (address: string) => address.trim().toLowerCase();

export const isAddress = (text: string) => ADDRESS.test(text.trim());

export const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1);

/** A Message-ID without its angle brackets or spaces; undefined when nothing is left. */
export function bareMessageId(text: string | undefined): string | undefined {
  const bare = text
    ?.trim()
    .replace(/^<+|>+$/g, "")
    .trim();
  return bare ? bare : undefined;
}

/** Every Message-ID in a header value such as References (`<a@x> <b@y>`), in order. */
export function messageIdsIn(value: string | readonly string[] | undefined): string[] {
  const texts = value === undefined ? [] : typeof value === "string" ? [value] : value;
  return texts.flatMap((text) => {
    const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] as string);
    return bracketed.length > 0 ? bracketed : [bareMessageId(text)].filter((id) => id !== undefined);
  });
}

/** A Message-ID in angle brackets, as headers carry it. */
export const bracketed = (messageId: string) => `<${messageId}>`;
