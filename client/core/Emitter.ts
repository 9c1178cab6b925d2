/** A typed event emitter whose `on()` returns its own unsubscribe function. */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(event: K, handler: (value: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (value: never) => void);
    return () => set.delete(handler as (value: never) => void);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) (handler as (value: Events[K]) => void)(value);
  }

  clear(): void {
    this.handlers.clear();
  }
}

/** Runs a list of cleanups once (LiveKit's manager pattern). */
export class Disposer {
  private cleanups: (() => void)[] = [];
  add(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }
  dispose(): void {
    const cleanups = this.cleanups;
    this.cleanups = [];
    for (const cleanup of cleanups.reverse()) cleanup();
  }
}
