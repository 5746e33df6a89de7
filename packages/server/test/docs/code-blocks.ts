/** One fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The info string's first word (`ts`, `sh`), empty when there is none. */
  language: string;
  /** The info string's `title="…"`, if any. */
  title: string | undefined;
  code: string;
  /** The line of the opening fence, counted from 1. */
  line: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`]*)$/;

/** A closing fence: the opening's character, at least as many times, nothing else. */
function closes(line: string, fence: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === fence.charAt(0).repeat(trimmed.length);
}

/** Every fenced code block of a Markdown document, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const opening = FENCE.exec(lines[index] ?? "");
    if (!opening) continue;
    const [, fence = "", info = ""] = opening;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length; index++) {
      const line = lines[index] ?? "";
      if (closes(line, fence)) break;
      body.push(line);
    }
    if (index >= lines.length) throw new Error(`the code block opened on line ${start + 1} is never closed`);
    blocks.push({
      language: info.trim().split(/\s+/)[0] ?? "",
      title: /\btitle="([^"]*)"/.exec(info)?.[1],
      code: body.join("\n"),
      line: start + 1,
    });
  }
  return blocks;
}

/** A shell block's title that keeps it from running must say why, after "not run:". */
const NOT_RUN = /^not run:\s*(\S.*)$/;

/** What the guide's test does with each block. */
export interface GuidePlan {
  /** The TypeScript blocks, which in order make one program. */
  program: CodeBlock[];
  /** Shell blocks run once the program has run every block, its app still listening. */
  shell: CodeBlock[];
  /** Shell blocks not run, each with the reason its title gives. */
  notRun: Array<CodeBlock & { reason: string }>;
}

const where = (block: CodeBlock) => `the ${block.language || "unlabelled"} block on line ${block.line}`;

/**
 * Sorts a guide's blocks: TypeScript always runs; a shell block runs unless its title says
 * "not run: <why>"; any other kind of block, a TypeScript block that asks not to run, or a guide
 * with no TypeScript at all is refused, so that nothing in the guide escapes the test.
 */
export function planGuide(blocks: readonly CodeBlock[]): GuidePlan {
  const plan: GuidePlan = { program: [], shell: [], notRun: [] };
  for (const block of blocks) {
    if (block.language === "ts") {
      if (block.title !== undefined) throw new Error(`${where(block)} has a title; every ts block runs`);
      plan.program.push(block);
    } else if (block.language === "sh") {
      if (block.title === undefined) {
        plan.shell.push(block);
        continue;
      }
      const reason = NOT_RUN.exec(block.title)?.[1];
      if (!reason) throw new Error(`${where(block)}: a shell block's title is "not run: <why>"`);
      plan.notRun.push({ ...block, reason });
    } else {
      throw new Error(`${where(block)}: the guide's blocks are ts or sh, so that the test runs them`);
    }
  }
  if (plan.program.length === 0) throw new Error("the guide has no ts block to run");
  return plan;
}

/** The `NAME=value` settings the guide puts before `npm start`: the test's Tandem gets the same. */
export function startSettings(blocks: readonly CodeBlock[]): Record<string, string> {
  for (const block of blocks) {
    for (const line of block.code.split("\n")) {
      const start = /^((?:[A-Z_][A-Z0-9_]*=\S+\s+)*)npm start\s*$/.exec(line.trim());
      if (!start) continue;
      const settings = (start[1] ?? "").trim().split(/\s+/).filter(Boolean);
      return Object.fromEntries(settings.map((setting) => setting.split(/=(.*)/s).slice(0, 2)));
    }
  }
  throw new Error("the guide never says how to start Tandem (a line ending in `npm start`)");
}
