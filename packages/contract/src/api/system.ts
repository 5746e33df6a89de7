import { Type } from "@sinclair/typebox";
import { operation } from "./operation.js";

/* Probes and metrics: no credentials, no envelope. */

export const liveness = operation({
  operationId: "liveness",
  summary: "The process is up",
  tag: "system",
  method: "GET",
  path: "/healthz",
  credentials: ["none"],
  responses: { 200: Type.Object({ status: Type.Literal("ok") }) },
  errors: [],
});

export const readiness = operation({
  operationId: "readiness",
  summary: "Ready for traffic: migrated, the database answers, secrets open",
  tag: "system",
  method: "GET",
  path: "/readyz",
  credentials: ["none"],
  responses: {
    200: Type.Object({ status: Type.Literal("ready") }),
    503: Type.Object({
      status: Type.String({ description: "why not, in a word or three" }),
      reason: Type.Optional(Type.String({ description: "what to do about it" })),
    }),
  },
  errors: [],
});
