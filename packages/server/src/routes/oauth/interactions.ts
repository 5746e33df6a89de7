import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { InteractionResults } from "oidc-provider";
import {
  ABORT_DESCRIPTIONS,
  type AbortReason,
  consentPage,
  errorPage,
  notAdminPage,
  PAGE_HEADERS,
  signInPage,
} from "../../auth/oauth/pages.js";
import { INTERACTION_PATH } from "../../auth/oauth/paths.js";
import { scopeList } from "../../auth/oauth/scopes.js";
import type { OAuthServices } from "../../auth/oauth/services.js";
import { throttledMessage } from "../../auth/staff-sign-in.js";
import type { Authenticator } from "../../http/authenticate.js";

export interface InteractionDeps {
  services: OAuthServices;
  auth: Authenticator;
}

type StepRequest = FastifyRequest<{ Params: { uid: string } }>;

/** A step asked for out of turn (a stale tab, a replayed form): the page says so and nothing happens. */
class StaleStep extends Error {}

const MAX_EMAIL = 320;
const MAX_PASSWORD = 200;

const formFields = (body: unknown) => new URLSearchParams(Buffer.isBuffer(body) ? body.toString("utf8") : "");

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];

const isAbortReason = (value: string | null): value is AbortReason =>
  value !== null && Object.hasOwn(ABORT_DESCRIPTIONS, value);

const sendPage = (reply: FastifyReply, status: number, html: string) =>
  reply.code(status).headers(PAGE_HEADERS).send(html);

/**
 * Tandem's side of the authorization flow: the sign-in page (staff email and password), the consent
 * page (skipped for trusted apps, see loadExistingGrant) and the refusal for staff who are not admins.
 * Each step reads the interaction from oidc-provider's signed cookie and hands its result back.
 */
export function registerInteractionPages(scope: FastifyInstance, { services, auth }: InteractionDeps): void {
  const { provider, clients } = services;
  const load = async (request: StepRequest, reply: FastifyReply, prompt?: "login" | "consent") => {
    const interaction = await (await provider()).interactionDetails(request.raw, reply.raw);
    if (interaction.uid !== request.params.uid) throw new StaleStep();
    if (prompt && interaction.prompt.name !== prompt) throw new StaleStep();
    const clientId = interaction.params.client_id;
    const app = typeof clientId === "string" ? await clients.find(clientId) : null;
    const scope = interaction.params.scope;
    return {
      interaction,
      appName: app?.name ?? "The app",
      base: `${INTERACTION_PATH}/${interaction.uid}`,
      scopes: scopeList(typeof scope === "string" ? scope : undefined),
    };
  };

  /** The signed-in staff member, who must still exist by the consent step. */
  const signedIn = async (accountId: string | undefined) => {
    const staff = accountId ? await services.staffOfAccount(accountId) : null;
    if (!staff) throw new StaleStep();
    return staff;
  };

  const finish = async (
    request: StepRequest,
    reply: FastifyReply,
    result: InteractionResults,
    merge: boolean,
  ) => {
    const returnTo = await (await provider()).interactionResult(request.raw, reply.raw, result, {
      mergeWithLastSubmission: merge,
    });
    return reply.header("cache-control", "no-store").redirect(returnTo, 303);
  };

  scope.setErrorHandler(async (error, request, reply) => {
    // Loaded by the step that failed, so this import is a look-up.
    const { errors } = await import("oidc-provider");
    if (error instanceof errors.SessionNotFound || error instanceof StaleStep) {
      return sendPage(reply, 400, errorPage("This sign-in has expired or is already finished."));
    }
    request.log.error({ err: error }, "unexpected error on an OAuth page");
    return sendPage(reply, 500, errorPage("Something went wrong on our side."));
  });

  const options = { schema: { hide: true } };

  scope.get(`${INTERACTION_PATH}/:uid`, options, async (request: StepRequest, reply) => {
    const { interaction, appName, base, scopes } = await load(request, reply);
    if (interaction.prompt.name === "login") return sendPage(reply, 200, signInPage({ base, appName }));
    if (interaction.prompt.name !== "consent") throw new StaleStep();
    const staff = await signedIn(interaction.session?.accountId);
    if (staff.role !== "admin")
      return sendPage(reply, 403, notAdminPage({ base, appName, staffEmail: staff.email }));
    const businessName = (await services.businessName(staff.businessUid)) ?? "your business";
    return sendPage(
      reply,
      200,
      consentPage({ base, appName, businessName, staffEmail: staff.email, scopes }),
    );
  });

  scope.post(`${INTERACTION_PATH}/:uid/login`, options, async (request: StepRequest, reply) => {
    const { appName, base } = await load(request, reply, "login");
    const form = formFields(request.body);
    const email = (form.get("email") ?? "").slice(0, MAX_EMAIL);
    const password = form.get("password") ?? "";
    const signedIn =
      email && password && password.length <= MAX_PASSWORD
        ? await auth.signIn(email, password)
        : ({ refused: "credentials" } as const);
    if ("refused" in signedIn) {
      if (signedIn.refused === "credentials")
        return sendPage(reply, 401, signInPage({ base, appName, email, failed: true }));
      reply.header("retry-after", String(signedIn.retryAfterS));
      const refusal = throttledMessage(signedIn.retryAfterS);
      return sendPage(reply, 429, signInPage({ base, appName, email, failed: true, refusal }));
    }
    const { staff } = signedIn;
    // Only an admin may install an app: anyone else is told so, and the app hears access_denied.
    if (staff.role !== "admin")
      return sendPage(reply, 403, notAdminPage({ base, appName, staffEmail: staff.email }));
    return finish(request, reply, { login: { accountId: staff.uid } }, false);
  });

  scope.post(`${INTERACTION_PATH}/:uid/confirm`, options, async (request: StepRequest, reply) => {
    const { interaction, appName, base } = await load(request, reply, "consent");
    const accountId = interaction.session?.accountId;
    const staff = await signedIn(accountId);
    if (staff.role !== "admin")
      return sendPage(reply, 403, notAdminPage({ base, appName, staffEmail: staff.email }));
    const clientId = String(interaction.params.client_id);
    const { Grant } = await provider();
    const existing = interaction.grantId ? await Grant.find(interaction.grantId) : undefined;
    const grant = existing ?? new Grant({ accountId: staff.staffUid, clientId });
    const { missingOIDCScope, missingOIDCClaims } = interaction.prompt.details;
    grant.addOIDCScope(stringList(missingOIDCScope));
    grant.addOIDCClaims(stringList(missingOIDCClaims));
    const grantId = await grant.save();
    return finish(request, reply, { consent: { grantId } }, true);
  });

  scope.post(`${INTERACTION_PATH}/:uid/abort`, options, async (request: StepRequest, reply) => {
    await load(request, reply);
    const reason = formFields(request.body).get("reason");
    const description = ABORT_DESCRIPTIONS[isAbortReason(reason) ? reason : "cancelled"];
    return finish(request, reply, { error: "access_denied", error_description: description }, false);
  });
}
