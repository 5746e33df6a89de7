import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { consentThroughPages, DIALECTS, startServer, type TestServer } from "@tandem/test-support";
import { codeBlocks, planGuide, startSettings } from "./code-blocks.js";
import {
  blockMarker,
  END_MARKER,
  exportsOf,
  ProgramRun,
  programSource,
  REPO_ROOT,
  runShell,
  typecheck,
  writeProgram,
} from "./guide-program.js";

const GUIDE = "docs/apps.md";
/** A guard against a hang, far above a run's length on a busy machine; no assertion of speed. */
const RUN_LIMIT_MS = 240_000;

/**
 * The admin in a browser: opens the authorize URL the program printed, signs in, allows the app on
 * the consent screen, and follows the redirect to the app's callback, which finishes the install.
 */
async function install(server: TestServer, authorizeUrl: string, email: string, password: string) {
  const { redirect, consentShown } = await consentThroughPages(server.url, authorizeUrl, { email, password });
  assert.ok(consentShown, "an untrusted app gets the consent screen");
  const callback = await fetch(redirect);
  assert.equal(callback.status, 200, await callback.text());
}

/** docs/apps.md: its ts blocks are one program, type-checked and run against a real Tandem. */
describe(`the app developer guide (${GUIDE})`, () => {
  const blocks = codeBlocks(readFileSync(join(REPO_ROOT, GUIDE), "utf8"));
  const plan = planGuide(blocks);
  const source = programSource(plan.program, GUIDE);
  const program = writeProgram(source.source);

  after(() => program.remove());

  it("runs every block: ts always, sh unless it says why not", () => {
    assert.ok(plan.program.length >= 10, `${plan.program.length} ts blocks`);
    assert.ok(plan.shell.length >= 1, "the check-app block runs");
    for (const block of plan.notRun)
      assert.ok(block.reason.length > 10, `line ${block.line}: ${block.reason}`);
  });

  it("type-checks as one program, strict, with the SDK's types", () => {
    const { status, output } = typecheck(program.dir);
    assert.equal(status, 0, source.inGuideTerms(output));
  });

  for (const dialect of DIALECTS) {
    describe(`runs, step by step, against Tandem on ${dialect}`, () => {
      let server: TestServer;
      let run: ProgramRun;

      before(async () => {
        server = await startServer({ dialect, env: startSettings(blocks) });
        run = new ProgramRun(
          program.dir,
          {
            TANDEM_URL: server.url,
            TANDEM_DIRECTORY_TOKEN: server.directoryToken,
            APP_PORT: "0",
          },
          source.inGuideTerms,
        );
      });

      after(async () => {
        await run?.stop();
        await server?.close();
      });

      it("installs the app on the consent screen, then runs every block to the end", {
        timeout: RUN_LIMIT_MS,
      }, async () => {
        const [, authorizeUrl = ""] = await run.line(/^Open (\S+)$/);
        const [, email = "", password = ""] = await run.line(/^Sign in as (\S+) \(password: (.+)\)/);
        await install(server, authorizeUrl, email, password);

        await run.line(new RegExp(`^${END_MARKER}$`));
        const markers = run.lines.filter((line) => line.startsWith("::guide-"));
        assert.deepEqual(
          markers,
          [...plan.program.map((_, index) => blockMarker(index)), END_MARKER],
          run.output,
        );
      });

      it("passes the shell blocks while the app listens: tandem check-app", {
        timeout: RUN_LIMIT_MS,
      }, async () => {
        const env = exportsOf(run.lines);
        assert.ok(env.APP_API_URI && env.APP_WEBHOOK_SECRET, run.output);
        for (const block of plan.shell) {
          const { status, output } = await runShell(block.code, env);
          assert.equal(status, 0, `${GUIDE}:${block.line}\n${output}\n${run.output}`);
        }
      });
    });
  }
});
