import { useSyncExternalStore } from "react";

/** A tiny external store: one immutable state, replaced on change; React reads it with useStore. */
export class Store<T> {
  private readonly listeners = new Set<() => void>();

  constructor(protected state: T) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): T => this.state;

  protected update(next: T): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}

/** Subscribes a component to a store, re-rendering only when the selected slice changes identity. */
export function useStore<T, S>(store: Store<T>, select: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.getSnapshot()));
}
