/**
 * Fault-injection hooks for browser tests, on `window.__supportTestHooks`, present only when
 * the page was opened with `?testHooks=1` (documented in the README). A user never has them.
 *
 * - `forceNextOffer = true`: the next attached file skips this side's type and size check, so
 *   a test can see the receiver refuse it.
 * - `dropLinks()`: closes every session's peer connection as a network fault would.
 */
import type { SupportSession } from './SupportSession.js';

export interface SupportTestHooks {
  forceNextOffer: boolean;
  dropLinks(): void;
}

const sessions = new Set<SupportSession>();

function readEnabled(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('testHooks') === '1';
  } catch {
    return false;
  }
}

/** The hooks, or null on a normal page. Read once: the address may change later. */
export const testHooks: SupportTestHooks | null = readEnabled()
  ? {
      forceNextOffer: false,
      dropLinks: () => sessions.forEach((session) => session.dropLinkForTest()),
    }
  : null;

if (testHooks) (globalThis as { __supportTestHooks?: SupportTestHooks }).__supportTestHooks = testHooks;

/** Makes a session reachable by `dropLinks()`; returns the unregister function. */
export function registerForTestHooks(session: SupportSession): () => void {
  if (!testHooks) return () => undefined;
  sessions.add(session);
  return () => sessions.delete(session);
}

/** True once per `forceNextOffer = true`. */
export function takeForcedOffer(): boolean {
  if (!testHooks?.forceNextOffer) return false;
  testHooks.forceNextOffer = false;
  return true;
}
