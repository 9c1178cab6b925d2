/**
 * Runs inside the customer page (handed to page.evaluate). Sends `ping N` through the
 * message box and waits for the rep's `pong N` to appear in the chat log before sending the
 * next one. Round trip = pong shown here − Enter pressed here, on this page's own clock.
 */
import type { ComposerWindow } from './composerDriver.js';

export interface PingLoopOptions {
  readonly count: number;
  readonly firstId: number;
  readonly timeoutMs: number;
  /** Stop sending (and return what was measured) once the loop has run this long; default: no limit. */
  readonly budgetMs?: number;
}

export interface PingLoopResult {
  /** Per ping, in order; entries stop at the first ping whose pong did not arrive. */
  readonly roundTripMs: number[];
  readonly pingSentEpochMs: number[];
  readonly pongSeenEpochMs: number[];
  readonly composerRetries: number;
  /** True when the loop stopped because its time budget ran out (not an error: a slow chat). */
  readonly budgetExhausted: boolean;
  readonly error: string | null;
}

export async function runPingLoop(options: PingLoopOptions): Promise<PingLoopResult> {
  const composer = (window as ComposerWindow).__benchComposer;
  const log = document.querySelector('[data-testid="chat-log"]');
  if (!composer) throw new Error('composer driver not installed');
  if (!log) throw new Error('chat-log not found');
  const roundTripMs: number[] = [];
  const pingSentEpochMs: number[] = [];
  const pongSeenEpochMs: number[] = [];
  let waiting: { id: number; resolve: (at: number) => void } | null = null;
  const observer = new MutationObserver((records) => {
    const at = performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const messages = node.matches('[data-testid="chat-message"]') ? [node] : [...node.querySelectorAll('[data-testid="chat-message"]')];
        for (const message of messages) {
          if (message.getAttribute('data-role') !== 'rep') continue;
          const match = /^pong (\d+)$/.exec(message.querySelector('.text')?.textContent ?? '');
          if (match && waiting && Number(match[1]) === waiting.id) waiting.resolve(at);
        }
      }
    }
  });
  observer.observe(log, { childList: true, subtree: true });
  let error: string | null = null;
  let budgetExhausted = false;
  const startedAt = performance.now();
  try {
    for (let i = 0; i < options.count; i++) {
      if (performance.now() - startedAt > (options.budgetMs ?? Number.POSITIVE_INFINITY)) {
        budgetExhausted = true;
        break;
      }
      const id = options.firstId + i;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const pong = new Promise<number | null>((resolve) => {
        waiting = { id, resolve };
        timer = setTimeout(() => resolve(null), options.timeoutMs);
      });
      const sentAt = await composer.send(`ping ${id}`);
      const seenAt = await pong;
      clearTimeout(timer);
      waiting = null;
      if (seenAt === null) {
        error = `pong ${id} did not appear within ${options.timeoutMs} ms`;
        break;
      }
      roundTripMs.push(seenAt - sentAt);
      pingSentEpochMs.push(performance.timeOrigin + sentAt);
      pongSeenEpochMs.push(performance.timeOrigin + seenAt);
    }
  } catch (caught) {
    error = String(caught);
  } finally {
    observer.disconnect();
  }
  return { roundTripMs, pingSentEpochMs, pongSeenEpochMs, composerRetries: composer.retries, budgetExhausted, error };
}
