/**
 * Runs inside the rep page (handed to page.evaluate). Answers each customer message
 * `ping N` with `pong N` through the message box, one at a time, and notes when each ping
 * appeared and each pong was sent (epoch milliseconds from performance.timeOrigin, a clock
 * the customer page shares because both pages run in one browser on one machine).
 */
import type { ComposerWindow } from './composerDriver.js';

export interface EchoLog {
  pingSeenEpochMs: Record<number, number>;
  pongSentEpochMs: Record<number, number>;
  errors: string[];
}

type EchoWindow = ComposerWindow & { __benchEcho?: EchoLog };

export function installEchoResponder(): void {
  const w = window as EchoWindow;
  const composer = w.__benchComposer;
  const log = document.querySelector('[data-testid="chat-log"]');
  if (!composer) throw new Error('composer driver not installed');
  if (!log) throw new Error('chat-log not found');
  const echo: EchoLog = { pingSeenEpochMs: {}, pongSentEpochMs: {}, errors: [] };
  w.__benchEcho = echo;
  const queue: number[] = [];
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const sentAt = await composer.send(`pong ${id}`);
          echo.pongSentEpochMs[id] = performance.timeOrigin + sentAt;
        } catch (error) {
          echo.errors.push(String(error));
        }
      }
    } finally {
      draining = false;
    }
  };
  new MutationObserver((records) => {
    const seenAt = performance.timeOrigin + performance.now();
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        const messages = node.matches('[data-testid="chat-message"]') ? [node] : [...node.querySelectorAll('[data-testid="chat-message"]')];
        for (const message of messages) {
          if (message.getAttribute('data-role') !== 'customer') continue;
          const match = /^ping (\d+)$/.exec(message.querySelector('.text')?.textContent ?? '');
          if (!match) continue;
          const id = Number(match[1]);
          echo.pingSeenEpochMs[id] = seenAt;
          queue.push(id);
        }
      }
    }
    void drain();
  }).observe(log, { childList: true, subtree: true });
}

export function readEchoLog(): EchoLog | null {
  return (window as EchoWindow).__benchEcho ?? null;
}
