import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Attachment } from "@tandem/contract";

/** An attachment as the email carried it. */
export interface MailFile {
  content: Buffer;
  filename: string | undefined;
  contentType: string;
}

/** A kept file, found by its token. */
export interface StoredFile {
  path: string;
  name: string;
  contentType: string;
  size: number;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A file name safe in a URL path and a Content-Disposition header. */
function safeName(filename: string | undefined, index: number): string {
  const cleaned = (filename ?? "").replace(/[\\/\0\r\n"]/g, "_").trim();
  return cleaned.slice(-200) || `attachment-${index + 1}`;
}

/**
 * Tandem carries attachments as URLs, so the files of incoming emails are kept here (under the
 * data folder) and served by the connector at `{publicUrl}/attachments/{token}/{name}`. The
 * token is an HMAC of the email's Message-ID, the file's place in it and its content under a key
 * of this connector's: nobody can guess it, and the same email delivered twice keeps one copy.
 */
export class AttachmentStore {
  private readonly dir: string;
  private readonly key: Buffer;

  constructor(
    dataDir: string,
    private readonly publicUrl: string,
  ) {
    this.dir = join(dataDir, "attachments");
    mkdirSync(this.dir, { recursive: true });
    this.key = loadOrCreateKey(join(dataDir, "attachment-url.key"));
  }

  async save(messageId: string, index: number, file: MailFile): Promise<Attachment> {
    const digest = createHash("sha256").update(file.content).digest("hex");
    const token = createHmac("sha256", this.key)
      .update(`${messageId}\0${index}\0${digest}`)
      .digest("base64url");
    const name = safeName(file.filename, index);
    await writeFile(join(this.dir, token), file.content);
    await writeFile(join(this.dir, `${token}.json`), JSON.stringify({ name, contentType: file.contentType }));
    return {
      url: `${this.publicUrl}/attachments/${token}/${encodeURIComponent(name)}`,
      name,
      content_type: file.contentType,
      size: file.content.byteLength,
    };
  }

  /** The file of a token; undefined for a token that names none (or is no token at all). */
  async find(token: string): Promise<StoredFile | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const path = join(this.dir, token);
    try {
      const meta = JSON.parse(await readFile(`${path}.json`, "utf8")) as {
        name: string;
        contentType: string;
      };
      return { path, name: meta.name, contentType: meta.contentType, size: (await stat(path)).size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

function loadOrCreateKey(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600, flag: "wx" });
  return key;
}
