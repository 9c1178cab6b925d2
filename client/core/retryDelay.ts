/**
 * Back-off for reconnecting the signaling socket: quick first tries, then exponential growth
 * capped at a ceiling, with jitter so a restarted server is not hit by every client at once.
 */
export const RETRY_BASE_DELAY_MS = 250;
export const RETRY_MAX_DELAY_MS = 10_000;
/** After this many attempts the caller gives up and shows "offline" with a retry button. */
export const RETRY_MAX_ATTEMPTS = Number.POSITIVE_INFINITY;

/**
 * Delay before attempt `attempt` (0-based), or null to stop. `random` is in [0, 1).
 * Full range: 50% to 100% of the exponential step (so never zero, never a thundering herd).
 */
export function nextRetryDelayMs(attempt: number, random: number = Math.random()): number | null {
  if (!Number.isInteger(attempt) || attempt < 0 || attempt >= RETRY_MAX_ATTEMPTS) return null;
  const step = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** Math.min(attempt, 20));
  return Math.round(step / 2 + (step / 2) * random);
}
