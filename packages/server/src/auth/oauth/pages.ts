import { createHash } from "node:crypto";
import { SCOPE_DESCRIPTIONS } from "./scopes.js";

/*
 * The sign-in, consent and refusal pages of the authorization flow: plain server-rendered forms,
 * no scripts and no external assets, so they work everywhere and a strict CSP can hold.
 */

const STYLE = `
:root{color-scheme:light dark;--fg:#1d2433;--muted:#5b6475;--bg:#f4f5f8;--card:#fff;--line:#d5d9e2;--accent:#2f5bd3;--accent-fg:#fff;--error:#b42318}
@media (prefers-color-scheme:dark){:root{--fg:#e8ebf2;--muted:#a3abbd;--bg:#14171f;--card:#1d212b;--line:#363c4a;--accent:#7b9cff;--accent-fg:#0d1020;--error:#ff8a7a}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1.5rem;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:26rem;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:2rem}
.brand{margin:0 0 1rem;font-size:.875rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
h1{margin:0 0 .75rem;font-size:1.375rem;line-height:1.3}
p{margin:0 0 1rem}
.muted{color:var(--muted);font-size:.9375rem}
.error{color:var(--error);font-weight:600}
ul{margin:0 0 1.25rem;padding-left:1.25rem}
li{margin:.25rem 0}
label{display:block;margin:0 0 .25rem;font-weight:600}
input{display:block;width:100%;margin:0 0 1rem;padding:.625rem .75rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:8px}
button{width:100%;padding:.7rem 1rem;font:inherit;font-weight:600;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-fg);cursor:pointer}
button.secondary{margin-top:.75rem;background:transparent;color:var(--fg);border-color:var(--line)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;

const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");

/** Headers every page carries: nothing may frame it (the consent button must not be clickjacked). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'; base-uri 'none'`,
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
};

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Tandem</title>
<style>${STYLE}</style>
</head>
<body>
<main aria-labelledby="title">
<p class="brand">Tandem</p>
${body}
</main>
</body>
</html>
`;
}

/** Why a flow was stopped; the abort form names one, and the app is told the matching description. */
export type AbortReason = "denied" | "cancelled" | "not_admin";

export const ABORT_DESCRIPTIONS: Readonly<Record<AbortReason, string>> = {
  denied: "the staff member denied the request",
  cancelled: "the staff member cancelled the sign-in",
  not_admin: "only an admin of the business may install an app",
};

function abortForm(action: string, reason: AbortReason, label: string, secondary: boolean): string {
  return `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="reason" value="${reason}">
<button type="submit"${secondary ? ' class="secondary"' : ""}>${escapeHtml(label)}</button>
</form>`;
}

export interface SignInView {
  base: string;
  appName: string;
  email?: string;
  failed?: boolean;
  /** Why the sign-in was not even tried (too many failures), instead of "wrong email or password". */
  refusal?: string;
}

export function signInPage({ base, appName, email = "", failed = false, refusal }: SignInView): string {
  const app = escapeHtml(appName);
  return layout(
    "Sign in",
    `<h1 id="title">Sign in to connect ${app}</h1>
<p class="muted">${app} asks to be installed on your business. Sign in with your Tandem staff account; only admins can install apps.</p>
${refusal ? `<p class="error" role="alert">${escapeHtml(refusal)}</p>` : failed ? '<p class="error" role="alert">Wrong email or password.</p>' : ""}
<form method="post" action="${escapeHtml(`${base}/login`)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required${failed ? "" : " autofocus"} value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${failed ? " autofocus" : ""}>
<button type="submit">Sign in</button>
</form>
${abortForm(`${base}/abort`, "cancelled", "Cancel", true)}`,
  );
}

export interface ConsentView {
  base: string;
  appName: string;
  businessName: string;
  staffEmail: string;
  scopes: readonly string[];
}

export function consentPage({ base, appName, businessName, staffEmail, scopes }: ConsentView): string {
  const app = escapeHtml(appName);
  const items = scopes
    .map((scope) => `<li>${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? scope)}</li>`)
    .join("\n");
  return layout(
    "Allow access",
    `<h1 id="title">Install ${app} on ${escapeHtml(businessName)}?</h1>
<p class="muted">Signed in as ${escapeHtml(staffEmail)}.</p>
<p>${app} will be able to:</p>
<ul>
${items}
</ul>
<form method="post" action="${escapeHtml(`${base}/confirm`)}">
<button type="submit">Allow and install</button>
</form>
${abortForm(`${base}/abort`, "denied", "Deny", true)}`,
  );
}

export interface RefusalView {
  base: string;
  appName: string;
  staffEmail: string;
}

export function notAdminPage({ base, appName, staffEmail }: RefusalView): string {
  const app = escapeHtml(appName);
  return layout(
    "Admins only",
    `<h1 id="title">Only admins can install apps</h1>
<p role="alert">${escapeHtml(staffEmail)} is not an admin of this business, so it cannot install ${app}.</p>
<p class="muted">Ask an admin of your business to connect ${app}.</p>
${abortForm(`${base}/abort`, "not_admin", `Return to ${appName}`, false)}`,
  );
}

export function errorPage(message: string): string {
  return layout(
    "Something went wrong",
    `<h1 id="title">This sign-in cannot continue</h1>
<p role="alert">${escapeHtml(message)}</p>
<p class="muted">Go back to the app and start connecting it again.</p>`,
  );
}
