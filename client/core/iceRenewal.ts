/**
 * When to ask the server for fresh ICE servers: short-lived TURN credentials are renewed at
 * 70 % to 80 % of their remaining lifetime (jitter, so the clients of one server do not all ask
 * at once), and a request that failed is retried with back-off, sooner as the expiry nears.
 * Measured with the browser's clock: a clock a few minutes off only shifts the renewal.
 */
export const ICE_RENEW_AT_FRACTION = 0.8;
/** The renewal point is drawn from this far below ICE_RENEW_AT_FRACTION up to it. */
export const ICE_RENEW_JITTER_FRACTION = 0.1;
/** No renewal or retry is sooner than this (bounds the requests a wrong clock could cause). */
export const ICE_RENEW_MIN_DELAY_MS = 5_000;
/** First retry after a failed renewal; doubles per failure up to the ceiling. */
export const ICE_RENEW_RETRY_BASE_MS = 2_000;
export const ICE_RENEW_RETRY_MAX_MS = 60_000;
/** A renewal request unanswered for this long counts as failed. */
export const ICE_RENEW_ANSWER_TIMEOUT_MS = 10_000;

/**
 * Milliseconds until the next renewal request, or null when the servers never expire.
 * `remainingMs`: time left on the current credentials (may be negative once expired).
 * `failedAttempts`: requests that failed since the last success. `random` is in [0, 1).
 */
export function iceRenewalDelayMs(remainingMs: number | null, failedAttempts: number, random: number = Math.random()): number | null {
  if (remainingMs === null || !Number.isFinite(remainingMs)) return null;
  if (failedAttempts <= 0) {
    const fraction = ICE_RENEW_AT_FRACTION - ICE_RENEW_JITTER_FRACTION * random;
    return Math.max(ICE_RENEW_MIN_DELAY_MS, Math.round(remainingMs * fraction));
  }
  const step = Math.min(ICE_RENEW_RETRY_MAX_MS, ICE_RENEW_RETRY_BASE_MS * 2 ** Math.min(failedAttempts - 1, 20));
  const backOff = step / 2 + (step / 2) * random;
  // Before the expiry, never wait past half of what is left; after it, the back-off alone.
  const cap = remainingMs > 0 ? remainingMs / 2 : Number.POSITIVE_INFINITY;
  return Math.max(ICE_RENEW_MIN_DELAY_MS, Math.round(Math.min(backOff, cap)));
}
