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
