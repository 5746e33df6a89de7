import { createHash, randomBytes } from "node:crypto";

/** One HTML form as a browser sees it: where it posts and the fields it would send as they are. */
export interface HtmlForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  buttons: string[];
}

export interface Visit {
  status: number;
  url: string;
  headers: Headers;
  html: string;
  /** Set when the flow left the server for the app's redirect_uri (a redirect the app would receive). */
  redirectedTo: URL | null;
}

const decodeEntities = (text: string) =>
  text
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

const attribute = (tag: string, name: string) => {
  const value = new RegExp(`\\b${name}="([^"]*)"`, "i").exec(tag)?.[1];
  return value === undefined ? undefined : decodeEntities(value);
};

/** The forms of a page, parsed the way Tandem renders them (double-quoted attributes). */
export function formsOf(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, tag = "", body = ""]) => {
    const fields: Record<string, string> = {};
    for (const [, input = ""] of body.matchAll(/<input\b([^>]*)>/gi)) {
      const name = attribute(input, "name");
      if (name) fields[name] = attribute(input, "value") ?? "";
    }
    const buttons = [...body.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/gi)].map(([, text = ""]) =>
      decodeEntities(text.trim()),
    );
    return {
      action: attribute(tag, "action") ?? "",
      method: (attribute(tag, "method") ?? "get").toLowerCase(),
      fields,
      buttons,
    };
  });
}

/**
 * A browser driven by hand: it keeps cookies (by name, as one site), follows redirects while they
 * stay on the server, and stops at a page or at a redirect to anywhere else (the app's callback).
 */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const equals = pair.indexOf("=");
      const name = pair.slice(0, equals).trim();
      const value = pair.slice(equals + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private async request(url: URL, init: RequestInit = {}): Promise<Visit> {
    let current = url;
    let options = init;
    for (let hops = 0; hops < 10; hops++) {
      const response = await fetch(current, {
        ...options,
        redirect: "manual",
        headers: { ...(options.headers as Record<string, string>), cookie: this.cookieHeader() },
      });
      this.remember(response);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        const next = new URL(location, current);
        if (next.origin !== new URL(this.baseUrl).origin) {
          return {
            status: response.status,
            url: current.href,
            headers: response.headers,
            html: "",
            redirectedTo: next,
          };
        }
        current = next;
        options = {};
        continue;
      }
      return {
        status: response.status,
        url: current.href,
        headers: response.headers,
        html: await response.text(),
        redirectedTo: null,
      };
    }
    throw new Error("too many redirects");
  }

  open(pathOrUrl: string): Promise<Visit> {
    return this.request(new URL(pathOrUrl, this.baseUrl));
  }

  /** Posts a form as a browser would: its own fields, overridden by what the "user" typed. */
  submit(form: HtmlForm, typed: Record<string, string> = {}): Promise<Visit> {
    return this.request(new URL(form.action, this.baseUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...form.fields, ...typed }).toString(),
    });
  }
}

/** The one form on a page whose action ends with `suffix` (login, confirm, abort). */
export function formEndingWith(visit: Visit, suffix: string): HtmlForm {
  const form = formsOf(visit.html).find((candidate) => candidate.action.endsWith(`/${suffix}`));
  if (!form) throw new Error(`no /${suffix} form on ${visit.url} (status ${visit.status}):\n${visit.html}`);
  return form;
}

/** Where an admin's walk through the authorize pages ended, and whether it passed a consent screen. */
export interface Consent {
  redirect: URL;
  consentShown: boolean;
}

/**
 * A staff admin in a browser: opens an authorize URL, signs in, allows the app on the consent
 * screen when there is one (untrusted apps), and stops at the redirect to the app.
 */
export async function consentThroughPages(
  serverUrl: string,
  authorizeUrl: string,
  admin: { email: string; password: string },
): Promise<Consent> {
  const browser = new Browser(serverUrl);
  const signInPage = await browser.open(authorizeUrl);
  if (signInPage.status !== 200) throw new Error(`the sign-in page answered ${signInPage.status}`);
  let landing = await browser.submit(formEndingWith(signInPage, "login"), admin);
  const consentShown = landing.redirectedTo === null;
  if (consentShown) landing = await browser.submit(formEndingWith(landing, "confirm"));
  if (!landing.redirectedTo) {
    throw new Error(`expected a redirect to the app, got ${landing.status}: ${landing.html}`);
  }
  return { redirect: landing.redirectedTo, consentShown };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}
