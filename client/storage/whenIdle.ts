/** Runs work the page can put off (storage writes) when the browser is idle, within a bound. */

/** The longest put-off work waits for an idle moment. */
export const IDLE_WRITE_DELAY_MS = 500;

/** Runs `task` later; returns what cancels it. */
export type Scheduler = (task: () => void) => () => void;

export const whenIdle: Scheduler = (task) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: IDLE_WRITE_DELAY_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, IDLE_WRITE_DELAY_MS);
  return () => clearTimeout(id);
};

/**
 * Values that change with every message (the last message of a conversation, a read count):
 * merged per key and written when the page is idle, or at once when it is hidden or left. One
 * write then serves many messages. Returns the function that queues a value.
 */
export function idleWriter<K, V>(merge: (queued: V | undefined, next: V) => V, write: (key: K, value: V) => void, schedule: Scheduler = whenIdle): (key: K, value: V) => void {
  const queued = new Map<K, V>();
  let cancel: (() => void) | null = null;
  const inPage = typeof document !== 'undefined';
  const flush = () => {
    cancel?.();
    cancel = null;
    if (inPage) {
      document.removeEventListener('visibilitychange', flush);
      window.removeEventListener('pagehide', flush);
    }
    const values = [...queued];
    queued.clear();
    for (const [key, value] of values) write(key, value);
  };
  return (key, value) => {
    queued.set(key, merge(queued.get(key), value));
    if (cancel) return;
    cancel = schedule(flush);
    if (inPage) {
      document.addEventListener('visibilitychange', flush);
      window.addEventListener('pagehide', flush);
    }
  };
}
