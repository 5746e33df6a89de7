import type { AddressInfo } from "node:net";
import { eventually } from "@tandem/test-support";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on 127.0.0.1 standing in for the relay: it keeps every email it accepts, or
 * answers the DATA command with the code the test chose (451 "not now", 550 "never").
 */
export class RelaySink {
  readonly received: ParsedMail[] = [];
  port = 0;
  private refusal: number | null = null;
  private readonly server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (this.refusal !== null) {
          const text = this.refusal < 500 ? "4.7.1 greylisted, try again later" : "5.1.1 no such user";
          callback(Object.assign(new Error(text), { responseCode: this.refusal }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            this.received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** From now on every email is answered with `code`; null accepts them again. */
  refuseWith(code: number | null): void {
    this.refusal = code;
  }

  waitFor(match: (mail: ParsedMail) => boolean, what: string): Promise<ParsedMail> {
    return eventually(async () => this.received.find(match), 15_000, what);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
