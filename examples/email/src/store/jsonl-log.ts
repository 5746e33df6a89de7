import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * An append-only file of JSON lines: everything written is read back in order at the next start.
 * A line cut short by a crash is skipped, so a crash mid-write loses that line and nothing more.
 */
export class JsonlLog<Entry> {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // A line a crash cut short is ended, so that the next one starts on a line of its own.
    const text = this.read();
    if (text && !text.endsWith("\n")) appendFileSync(path, "\n");
  }

  /** Every entry written so far (none when the file does not exist yet). */
  readAll(): Entry[] {
    const entries: Entry[] = [];
    for (const line of this.read().split("\n")) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line) as Entry);
      } catch {
        // The last line of a write a crash cut short.
      }
    }
    return entries;
  }

  /** Resolves once the line is in the file; lines go in the order append was called. */
  append(entry: Entry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.writing = this.writing.catch(() => undefined).then(() => appendFile(this.path, line, "utf8"));
    return this.writing;
  }

  private read(): string {
    try {
      return readFileSync(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
      throw error;
    }
  }

  /** Waits for the writes under way. */
  async flush(): Promise<void> {
    await this.writing.catch(() => undefined);
  }
}
