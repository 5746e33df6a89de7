import assert from "node:assert/strict";
import type { JsonObject, TestServer } from "@tandem/test-support";
import { Browser, formEndingWith, type Visit } from "@tandem/test-support";

/** registerApp's default redirect_uri: never fetched, the tests read the redirect the app would get. */
export const REDIRECT_URI = "http://127.0.0.1:1/callback";

export interface Credentials {
  email: string;
  password: string;
}

export interface AuthorizeOptions {
  state?: string;
  scope?: string;
  codeChallenge?: string;
  /** For untrusted apps: what the staff member clicks on the consent page. */
  consent?: "allow" | "deny";
}

export function authorizePath(app: JsonObject, options: AuthorizeOptions = {}): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: app.client_id,
    redirect_uri: REDIRECT_URI,
    state: options.state ?? "state-1",
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.codeChallenge
      ? { code_challenge: options.codeChallenge, code_challenge_method: "S256" }
      : {}),
  });
  return `/app/oauth/authorize?${query}`;
}

/** Opens the authorization URL and signs in on the sign-in page; answers where that leads. */
export async function signInThroughPages(
  server: TestServer,
  app: JsonObject,
  staff: Credentials,
  options: AuthorizeOptions = {},
): Promise<{ browser: Browser; visit: Visit }> {
  const browser = new Browser(server.url);
  const signInPage = await browser.open(authorizePath(app, options));
  assert.equal(signInPage.status, 200, signInPage.html);
  const visit = await browser.submit(formEndingWith(signInPage, "login"), {
    email: staff.email,
    password: staff.password,
  });
  return { browser, visit };
}

/** The whole authorization step (sign-in, then consent when shown); answers the app's redirect. */
export async function authorize(
  server: TestServer,
  app: JsonObject,
  staff: Credentials,
  options: AuthorizeOptions = {},
): Promise<URL> {
  const { browser, visit } = await signInThroughPages(server, app, staff, options);
  let landing = visit;
  if (!landing.redirectedTo) {
    const button = options.consent === "deny" ? "abort" : "confirm";
    landing = await browser.submit(formEndingWith(landing, button));
  }
  assert.ok(landing.redirectedTo, `expected a redirect to the app, got ${landing.status}: ${landing.html}`);
  return landing.redirectedTo;
}

/** A code from a completed authorization, checked to come back with the request's state. */
export async function authorizationCode(
  server: TestServer,
  app: JsonObject,
  staff: Credentials,
  options: AuthorizeOptions = {},
): Promise<string> {
  const redirect = await authorize(server, app, staff, options);
  assert.equal(`${redirect.origin}${redirect.pathname}`, REDIRECT_URI);
  assert.equal(redirect.searchParams.get("state"), options.state ?? "state-1");
  const code = redirect.searchParams.get("code");
  assert.ok(code, redirect.href);
  return code;
}

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: JsonObject;
}

/** POSTs to a token-ish endpoint as JSON or as a form, optionally with HTTP Basic credentials. */
export async function postToken(
  server: TestServer,
  path: string,
  params: Record<string, string>,
  options: { as?: "json" | "form"; basic?: { id: string; secret: string } } = {},
): Promise<TokenAnswer> {
  const asForm = options.as === "form";
  const headers: Record<string, string> = {
    "content-type": asForm ? "application/x-www-form-urlencoded" : "application/json",
  };
  if (options.basic) {
    const pair = `${encodeURIComponent(options.basic.id)}:${encodeURIComponent(options.basic.secret)}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  }
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers,
    body: asForm ? new URLSearchParams(params).toString() : JSON.stringify(params),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** Code → tokens, with the client secret in the body. */
export function exchangeCode(
  server: TestServer,
  app: JsonObject,
  code: string,
  extra: Record<string, string> = {},
  as: "json" | "form" = "json",
): Promise<TokenAnswer> {
  return postToken(
    server,
    "/oauth/token",
    {
      grant_type: "authorization_code",
      client_id: app.client_id,
      client_secret: app.client_secret,
      code,
      redirect_uri: REDIRECT_URI,
      ...extra,
    },
    { as },
  );
}

/** Signs in as an admin, and exchanges the code: the tokens a freshly installed app holds. */
export async function installThroughOAuth(
  server: TestServer,
  app: JsonObject,
  admin: Credentials,
): Promise<JsonObject> {
  const code = await authorizationCode(server, app, admin, { consent: "allow" });
  const answer = await exchangeCode(server, app, code);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body;
}
