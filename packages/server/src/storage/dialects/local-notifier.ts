import type { ChangeNotifier } from "./types.js";

/** SQLite has one writing process: a commit only has to wake this process's own listeners. */
export class LocalNotifier implements ChangeNotifier {
  private readonly listeners: Array<() => void> = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async notify(): Promise<void> {
    for (const listener of this.listeners) listener();
  }

  async start(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.length = 0;
  }
}
