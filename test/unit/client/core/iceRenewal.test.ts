import { describe, expect, it } from 'vitest';
import {
  ICE_RENEW_AT_FRACTION,
  ICE_RENEW_JITTER_FRACTION,
  ICE_RENEW_MIN_DELAY_MS,
  ICE_RENEW_RETRY_BASE_MS,
  ICE_RENEW_RETRY_MAX_MS,
  iceRenewalDelayMs,
} from '../../../../client/core/iceRenewal.js';

/** Largest double below 1, the top of Math.random()'s range. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;
const HOUR_MS = 3_600_000;

describe('iceRenewalDelayMs', () => {
  it('never renews servers that do not expire', () => {
    expect(iceRenewalDelayMs(null, 0)).toBeNull();
    expect(iceRenewalDelayMs(null, 3)).toBeNull();
  });

  it('renews at 80 % of the remaining lifetime with the lowest jitter, at 70 % with the highest', () => {
    expect(ICE_RENEW_AT_FRACTION).toBe(0.8);
    expect(iceRenewalDelayMs(HOUR_MS, 0, 0)).toBe(0.8 * HOUR_MS);
    expect(iceRenewalDelayMs(HOUR_MS, 0, ALMOST_ONE)).toBe(Math.round((ICE_RENEW_AT_FRACTION - ICE_RENEW_JITTER_FRACTION) * HOUR_MS));
  });

  it('always renews before the credentials expire, across the jitter range', () => {
    for (const remaining of [60_000, 600_000, HOUR_MS, 86_400_000]) {
      for (const random of [0, 0.25, 0.5, 0.75, ALMOST_ONE]) {
        const delay = iceRenewalDelayMs(remaining, 0, random)!;
        expect(delay, `${remaining} ms left, random ${random}`).toBeLessThan(remaining);
        expect(delay).toBeGreaterThanOrEqual(0.7 * remaining - 1);
      }
    }
  });

  it('waits at least the floor, even with credentials already expired by a wrong clock', () => {
    expect(iceRenewalDelayMs(1_000, 0, 0)).toBe(ICE_RENEW_MIN_DELAY_MS);
    expect(iceRenewalDelayMs(-HOUR_MS, 0, 0)).toBe(ICE_RENEW_MIN_DELAY_MS);
  });

  it('retries a failed renewal with doubling back-off up to the ceiling', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 30].map((failures) => iceRenewalDelayMs(-1, failures, ALMOST_ONE));
    expect(delays.slice(0, 6)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000].map((ms) => Math.max(ms, ICE_RENEW_MIN_DELAY_MS)));
    expect(delays[7]).toBe(ICE_RENEW_RETRY_MAX_MS);
    expect(iceRenewalDelayMs(-1, 4, 0)).toBe(ICE_RENEW_RETRY_BASE_MS * 2 ** 3 / 2);
  });

  it('retries sooner as the expiry nears: never later than half of what is left', () => {
    expect(iceRenewalDelayMs(40_000, 6, ALMOST_ONE)).toBe(20_000);
    expect(iceRenewalDelayMs(HOUR_MS, 6, ALMOST_ONE)).toBe(ICE_RENEW_RETRY_MAX_MS);
  });
});
