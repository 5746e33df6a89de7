import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { APP_CHECK_NAMES, type AppCheckReport, WEBHOOK_CATALOG, WEBHOOK_EVENT_NAMES } from "@tandem/contract";
import { nodeListener, WebhookHandler } from "@tandem/sdk";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { sampleCall } from "../../src/check-app/sample-call.js";
import {
  answering,
  closeApps,
  expectedOutcomes,
  firstTwoValidCallsFail,
  listen,
  outcomes,
  SIGNATURE_CHECKS,
  sdkApp,
} from "../support/apps-to-check.js";

const CLI = join(import.meta.dirname, "../../src/cli/main.ts");

const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** `tandem check-app …` as a real process; asynchronous, so that the apps of this process can answer it. */
function tandem(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", CLI, "check-app", ...args],
      { encoding: "utf8" },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function checkJson(apiUri: string, secret: string, ...extra: string[]) {
  const result = await tandem("--api-uri", apiUri, "--secret", secret, "--json", ...extra);
  const report = JSON.parse(result.stdout) as AppCheckReport;
  return { code: result.code, report, stderr: result.stderr };
}

after(closeApps);

describe("tandem check-app", () => {
  it("makes up, for every kind of the catalog, a call whose body its schema accepts", () => {
    const ajv = new Ajv({ strict: false });
    addFormats.default(ajv);
    for (const kind of Object.values(WEBHOOK_CATALOG)) {
      const call = sampleCall(kind);
      assert.equal(call.method, kind.method);
      assert.doesNotMatch(call.path, /[{}]/, kind.name);
      assert.ok(ajv.validate(kind.body, call.body), `${kind.name}: ${ajv.errorsText()}`);
    }
  });

  it("passes an app built on the SDK's WebhookHandler, which handles each event once", async () => {
    const secret = newSecret();
    const { handled, listener } = sdkApp(secret, { basePath: "/tandem" });
    const apiUri = `${await listen(listener)}/tandem`;

    const { code, report, stderr } = await checkJson(apiUri, secret);
    const durations = report.checks.map((check) => check.duration_ms ?? 0).sort((a, b) => a - b);
    console.log(
      `${durations.length} calls to the SDK app: median ${durations[durations.length >> 1]} ms, slowest ${durations.at(-1)} ms`,
    );
    assert.equal(code, 0, stderr);
    assert.equal(report.passed, true);
    assert.deepEqual(
      outcomes(report),
      expectedOutcomes(() => "pass"),
    );
    assert.equal(report.checks.length, WEBHOOK_EVENT_NAMES.length * APP_CHECK_NAMES.length);
    for (const check of report.checks) {
      assert.equal(check.status, check.expected === "2xx" ? 204 : 401, `${check.kind}/${check.check}`);
    }
    // The replay was accepted and not acted on: each kind reached the app's code once.
    assert.deepEqual([...handled].sort(), [...WEBHOOK_EVENT_NAMES].sort());
    assert.match(report.notes.join("\n"), /cannot be seen from outside/);

    const table = await tandem("--api-uri", apiUri, "--secret", secret);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^kind +check +call +expect +answer +ms +result/m);
    assert.match(table.stdout, /message\.created +signed +POST \/messages +2xx +204 +\d+ +PASS/);
    assert.match(table.stdout, /30 checks: 30 passed, 0 warned, 0 failed, 0 skipped — the app conforms/);
  });

  it("fails an app that accepts unsigned calls on exactly the signature checks", async () => {
    const apiUri = await listen(answering(204));
    const { code, report } = await checkJson(apiUri, newSecret());
    assert.equal(code, 1);
    assert.equal(report.passed, false);
    assert.deepEqual(
      outcomes(report),
      expectedOutcomes((_, check) => (SIGNATURE_CHECKS.includes(check) ? "fail" : "pass")),
    );
    const stale = report.checks.find((check) => check.check === "stale_timestamp");
    assert.match(stale?.detail ?? "", /accepted a call signed 10 minutes ago/);
  });

  it("fails an app that answers 500 to everything on exactly its signed calls", async () => {
    const apiUri = await listen(answering(500));
    const { code, report } = await checkJson(apiUri, newSecret());
    assert.equal(code, 1);
    assert.deepEqual(
      outcomes(report),
      // The replay is skipped: it repeats only a call the app accepted.
      expectedOutcomes((_, check) => (check === "replay" ? "skip" : "fail")),
    );
  });

  it("fails a kind answered after the timeout and warns of one answered after half of it", async () => {
    const secret = newSecret();
    const sdk = nodeListener(new WebhookHandler({ secret }));
    // Wide margins either side of each line, so a busy machine moves no answer across one.
    const timeoutMs = 4000;
    const apiUri = await listen((request, response) => {
      const delay = request.url?.endsWith("/typing")
        ? timeoutMs + 2000
        : request.url?.startsWith("/sessions/")
          ? timeoutMs / 2 + 1000
          : 0;
      void sleep(delay).then(() => sdk(request, response));
    });
    const { code, report } = await checkJson(apiUri, secret, "--timeout-ms", String(timeoutMs));
    assert.equal(code, 1);
    assert.equal(report.timeout_ms, timeoutMs);
    assert.deepEqual(
      outcomes(report),
      expectedOutcomes((kind, check) => {
        if (kind === "session.updated") return "warn";
        if (kind !== "typing") return "pass";
        // Its signed call unanswered, the rest of the kind would only wait out the same timeout.
        return check === "signed" ? "fail" : "skip";
      }),
    );
    const late = report.checks.find((check) => check.kind === "typing" && check.check === "signed");
    assert.equal(late?.status, null);
    assert.match(late?.detail ?? "", /no answer within Tandem's 4000 ms timeout/);
    const after = report.checks.find((check) => check.kind === "typing" && check.check === "bad_signature");
    assert.equal(after?.detail, "not made: the app did not answer the valid call in time");
    const slow = report.checks.find((check) => check.kind === "session.updated" && check.check === "signed");
    console.log(`session.updated answered in ${slow?.duration_ms} ms (warned over ${timeoutMs / 2} ms)`);
    assert.ok((slow?.duration_ms ?? 0) > timeoutMs / 2);
  });

  it("refuses bad flags with a message naming the flag", async () => {
    const noSecret = await tandem("--api-uri", "http://127.0.0.1:9/hooks");
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /--secret is required/);
    const badUri = await tandem("--api-uri", "ftp://example.com", "--secret", newSecret());
    assert.equal(badUri.code, 2);
    assert.match(badUri.stderr, /--api-uri/);
    const badTimeout = await tandem(
      "--api-uri",
      "http://127.0.0.1:9",
      "--secret",
      newSecret(),
      "--timeout-ms",
      "soon",
    );
    assert.equal(badTimeout.code, 2);
    assert.match(badTimeout.stderr, /--timeout-ms/);
  });

  it("fails the first two valid calls and skips the rest when nothing listens at the api_uri", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    const { code, report } = await checkJson(`http://127.0.0.1:${port}`, newSecret());
    assert.equal(code, 1);
    assert.deepEqual(outcomes(report), expectedOutcomes(firstTwoValidCallsFail));
    assert.match(report.checks[0]?.detail ?? "", /^no answer: /);
    const [, firstSkipped] = report.checks;
    assert.equal(firstSkipped?.detail, "not made: the app could not be reached for the valid call");
    assert.equal(report.checks.at(-1)?.detail, "not made: the app could not be reached for 2 calls in a row");
  });

  it("stops calling an app that never answers: two timeouts, then every call left skipped", async () => {
    let calls = 0;
    const apiUri = await listen((request) => {
      calls += 1;
      request.resume(); // read, never answered
    });
    const timeoutMs = 500;
    const { code, report } = await checkJson(apiUri, newSecret(), "--timeout-ms", String(timeoutMs));
    assert.equal(code, 1);
    assert.equal(calls, 2, "the valid calls of the first two kinds, and nothing after them");
    assert.deepEqual(outcomes(report), expectedOutcomes(firstTwoValidCallsFail));
    const [first, second] = WEBHOOK_EVENT_NAMES;
    const detail = (kind: string | undefined, check: string) =>
      report.checks.find((result) => result.kind === kind && result.check === check)?.detail;
    assert.equal(detail(first, "signed"), `no answer within Tandem's ${timeoutMs} ms timeout`);
    assert.equal(detail(first, "replay"), "not made: the app did not answer the valid call in time");
    assert.equal(detail(second, "altered_body"), "not made: the app did not answer the valid call in time");
    assert.equal(detail("typing", "signed"), "not made: the app did not answer 2 calls in a row in time");
    assert.match(report.notes[0] ?? "", /^stopped early: 2 calls in a row got no answer/);

    const table = await tandem(
      "--api-uri",
      apiUri,
      "--secret",
      newSecret(),
      "--timeout-ms",
      String(timeoutMs),
    );
    assert.equal(table.code, 1);
    assert.match(
      table.stdout,
      /typing +signed +POST \/\S+\/typing +2xx +- +- +SKIP +not made: the app did not answer 2 calls in a row in time/,
    );
    assert.match(
      table.stdout,
      /30 checks: 0 passed, 0 warned, 2 failed, 28 skipped — the app does NOT conform/,
    );
    assert.match(table.stdout, /^note: stopped early/m);
    assert.equal(calls, 4);
  });
});
