import type { ContactInput } from "@tandem/contract";

/**
 * The client an email's sender describes: Tandem finds the client by this email or creates one
 * (open channels, SPEC §7). "Hopper, Grace" and "Grace Hopper" both name Grace Hopper; with no
 * name, the address's local part stands in.
 */
export function contactOf(address: string, displayName: string | undefined): ContactInput {
  const name = (displayName ?? "").replace(/\s+/g, " ").trim();
  const comma = name.indexOf(",");
  const [first, last] =
    comma > 0
      ? [name.slice(comma + 1).trim(), name.slice(0, comma).trim()]
      : [name.split(" ")[0] ?? "", name.split(" ").slice(1).join(" ")];
  const firstName = (first || address.slice(0, address.indexOf("@")) || address).slice(0, 255);
  return { first_name: firstName, last_name: last ? last.slice(0, 255) : null, email: address };
}
