import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeBlocks, planGuide, startSettings } from "./code-blocks.js";
import { exportsOf, programSource } from "./guide-program.js";

const fence = "```";
const doc = (...lines: string[]) => lines.join("\n");

describe("a guide's code blocks", () => {
  it("are read in order with their language, title and line", () => {
    const blocks = codeBlocks(
      doc(
        "# Title",
        `${fence}ts`,
        "const a = 1;",
        fence,
        "text",
        `${fence}sh title="not run: starts a server that keeps running"`,
        "npm start",
        `${fence}`,
        `${fence}${fence.charAt(0)}ts`,
        `a ${fence} inside a longer fence`,
        `${fence}${fence.charAt(0)}`,
      ),
    );
    assert.deepEqual(blocks, [
      { language: "ts", title: undefined, code: "const a = 1;", line: 2 },
      { language: "sh", title: "not run: starts a server that keeps running", code: "npm start", line: 6 },
      { language: "ts", title: undefined, code: `a ${fence} inside a longer fence`, line: 9 },
    ]);
  });

  it("refuse a block left open", () => {
    assert.throws(() => codeBlocks(doc(`${fence}ts`, "const a = 1;")), /line 1 is never closed/);
  });

  it("must hold TypeScript to run", () => {
    assert.throws(() => planGuide([]), /no ts block/);
    assert.throws(() => planGuide(codeBlocks(doc(`${fence}sh`, "ls", fence))), /no ts block/);
  });

  it("all run, unless a shell block says why not", () => {
    const ts = { language: "ts", title: undefined, code: "", line: 1 };
    const plan = planGuide([
      ts,
      { language: "sh", title: undefined, code: "npx tandem check-app", line: 5 },
      { language: "sh", title: "not run: keeps running", code: "npm start", line: 9 },
    ]);
    assert.equal(plan.program.length, 1);
    assert.equal(plan.shell.length, 1);
    assert.equal(plan.notRun[0]?.reason, "keeps running");

    const refused = [
      { language: "ts", title: "not run: too slow", code: "", line: 3 },
      { language: "sh", title: "not run:", code: "ls", line: 3 },
      { language: "sh", title: "skip this", code: "ls", line: 3 },
      { language: "json", title: undefined, code: "{}", line: 3 },
      { language: "", title: undefined, code: "text", line: 3 },
    ];
    for (const block of refused) assert.throws(() => planGuide([ts, block]), /line 3/);
  });

  it("say how Tandem starts, with its settings", () => {
    const blocks = codeBlocks(doc(`${fence}sh`, "npm install", "A_B=0,1,2 C=x npm start", fence));
    assert.deepEqual(startSettings(blocks), { A_B: "0,1,2", C: "x" });
    assert.throws(() => startSettings([]), /never says how to start Tandem/);
  });
});

describe("the guide's program", () => {
  const blocks = codeBlocks(
    doc("intro", `${fence}ts`, "const a = 1;", "const b = a;", fence, `${fence}ts`, "b;", fence),
  );
  const program = programSource(blocks, "docs/guide.md");

  it("marks each block, and its end", () => {
    assert.equal(
      program.source,
      doc(
        'console.log("::guide-block 0::");',
        "const a = 1;",
        "const b = a;",
        'console.log("::guide-block 1::");',
        "b;",
        'console.log("::guide-end::");',
        "",
      ),
    );
  });

  it("names the guide's lines in errors and traces", () => {
    assert.equal(
      program.inGuideTerms("/tmp/x/app.ts(3,7): error TS1\n    at file:///tmp/x/app.ts:5:1\napp.ts(1,1)"),
      "docs/guide.md:4: error TS1\n    at docs/guide.md:7\napp.ts line 1",
    );
  });

  it("hands the exports it prints to the shell blocks", () => {
    assert.deepEqual(exportsOf(["export APP_API_URI=http://x/tandem", "export lower=no", "note"]), {
      APP_API_URI: "http://x/tandem",
    });
  });
});
