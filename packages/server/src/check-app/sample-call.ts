import { randomUUID } from "node:crypto";
import type { TSchema } from "@sinclair/typebox";
import { type WebhookKind, webhookPath } from "@tandem/contract";

/** One made-up call of a webhook kind: what Tandem would send, with uids nobody has. */
export interface SampleCall {
  method: WebhookKind["method"];
  path: string;
  body: Record<string, unknown>;
}

/**
 * A value the schema accepts, built from the schema itself so that a kind added to the catalog is
 * checked without a sample written for it: the first of an enum or union, uids for `*_uid` text,
 * now for a date-time, the smallest number, empty arrays and every required property.
 */
export function sampleValue(schema: TSchema, name = ""): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) {
    const variants = schema.anyOf as TSchema[];
    const chosen = variants.find((variant) => variant.type !== "null") ?? variants[0];
    return chosen ? sampleValue(chosen, name) : null;
  }
  switch (schema.type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, TSchema>;
      const required = new Set<string>(schema.required ?? []);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([key]) => required.has(key))
          .map(([key, property]) => [key, sampleValue(property, key)]),
      );
    }
    case "array":
      return [];
    case "boolean":
      return true;
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 0;
    case "null":
      return null;
    case "string":
      if (schema.format === "date-time") return new Date().toISOString();
      return name.endsWith("_uid") ? randomUUID() : `check-app ${name || "text"}`;
    default:
      return null;
  }
}

/** A call of one kind: its body made up, each `{name}` of its path the body's value of that name or a new uid. */
export function sampleCall(kind: WebhookKind): SampleCall {
  const body = sampleValue(kind.body) as Record<string, unknown>;
  const names = [...kind.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const values = Object.fromEntries(
    names.map((name) => [name, typeof body[name] === "string" ? (body[name] as string) : randomUUID()]),
  );
  return { method: kind.method, path: webhookPath(kind.path, values), body };
}

/** The body with one value changed, still a JSON object: what a call tampered with on its way carries. */
export function alteredBody(body: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "boolean") return { ...body, [key]: !value };
    if (typeof value === "string") return { ...body, [key]: `${value}-altered` };
  }
  return { ...body, altered: true };
}
