import type { Client } from "@tandem/contract";

/** A client's name as staff know them; a phone or email stands in when there is no name. */
export const clientName = (client: Client) =>
  client.display_name.trim() || client.phone || client.email || "Unnamed client";
