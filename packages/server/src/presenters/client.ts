import type { Client, Matter } from "@tandem/contract";
import { parseJson } from "../storage/json-text.js";
import type { ClientRow, MatterRow } from "../storage/schema.js";

export function presentClient(client: ClientRow): Client {
  return {
    uid: client.uid,
    business_uid: client.business_uid,
    first_name: client.first_name,
    last_name: client.last_name,
    display_name: [client.first_name, client.last_name].filter(Boolean).join(" "),
    email: client.email,
    phone: client.phone,
    attributes: parseJson<Record<string, string>>(client.attributes, {}),
    created_at: client.created_at,
    last_activity_at: client.last_activity_at,
  };
}

export function presentMatter(matter: MatterRow): Matter {
  return {
    uid: matter.uid,
    client_uid: matter.client_uid,
    business_uid: matter.business_uid,
    display_name: matter.display_name,
    created_at: matter.created_at,
    last_activity_at: matter.last_activity_at,
  };
}
