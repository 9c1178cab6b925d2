/**
 * Runs `run` once: when the event `subscribe` listens for fires, or after `ms`, whichever comes
 * first. `subscribe` registers its handler and returns how to remove it. The returned function
 * cancels (then `run` never runs); after `run` it does nothing.
 */
export function onceEventOrTimeout(subscribe: (fire: () => void) => () => void, ms: number, run: () => void): () => void {
  let done = false;
  const finish = (andRun: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    unsubscribe();
    if (andRun) run();
  };
  const timer = setTimeout(() => finish(true), ms);
  const unsubscribe = subscribe(() => finish(true));
  return () => finish(false);
}
