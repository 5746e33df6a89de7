import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";

/** Private, loopback, link-local and other non-public ranges a webhook must never reach by default. */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["::ffff:0:0", 96],
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}

export class UnsafeDestinationError extends Error {
  readonly code = "EUNSAFEDEST";
}

export type LookupFunction = typeof dnsLookup;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for the socket: it checks the address the connection will really use, so a hostname
 * that resolves to a private address (or is re-pointed there later: DNS rebinding) is refused.
 */
export function guardedLookup(resolve: LookupFunction = dnsLookup) {
  return (hostname: string, options: object, callback: LookupCallback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      const unsafe = list.find((entry) => isPrivateAddress(entry.address));
      if (unsafe) {
        return callback(
          new UnsafeDestinationError(`${hostname} resolves to a private address (${unsafe.address})`),
          [],
        );
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(new UnsafeDestinationError(`${hostname} did not resolve`), []);
      callback(null, first.address, first.family);
    });
  };
}
