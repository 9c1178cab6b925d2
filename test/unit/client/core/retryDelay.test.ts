import { describe, expect, it } from 'vitest';
import { nextRetryDelayMs, RETRY_BASE_DELAY_MS, RETRY_MAX_DELAY_MS } from '../../../../client/core/retryDelay.js';

/** Largest double below 1, the top of Math.random()'s range. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;

/** The exponential step before jitter, as the module documents it. */
function stepFor(attempt: number): number {
  return Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt);
}

describe('nextRetryDelayMs', () => {
  it('doubles the delay with each attempt while under the ceiling', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => nextRetryDelayMs(attempt, 0));
    expect(delays).toEqual([125, 250, 500, 1_000, 2_000, 4_000]);
  });

  it('starts at half the base delay with the lowest jitter and near the base delay with the highest', () => {
    expect(nextRetryDelayMs(0, 0)).toBe(RETRY_BASE_DELAY_MS / 2);
    expect(nextRetryDelayMs(0, ALMOST_ONE)).toBe(RETRY_BASE_DELAY_MS);
  });

  it('never exceeds the ceiling, however many attempts have failed', () => {
    for (const attempt of [6, 7, 10, 20, 21, 50, 1_000, Number.MAX_SAFE_INTEGER]) {
      const delay = nextRetryDelayMs(attempt, ALMOST_ONE);
      expect(delay, `attempt ${attempt}`).not.toBeNull();
      expect(delay!, `attempt ${attempt}`).toBeLessThanOrEqual(RETRY_MAX_DELAY_MS);
      expect(delay!, `attempt ${attempt}`).toBeGreaterThanOrEqual(RETRY_MAX_DELAY_MS / 2);
    }
  });

  it('reaches the ceiling once the exponential step passes it', () => {
    expect(nextRetryDelayMs(6, ALMOST_ONE)).toBe(RETRY_MAX_DELAY_MS);
    expect(nextRetryDelayMs(100, 0)).toBe(RETRY_MAX_DELAY_MS / 2);
  });

  it('stays between half the step and the whole step for any jitter in [0, 1)', () => {
    const randoms = [0, 0.001, 0.25, 0.5, 0.75, 0.999, ALMOST_ONE];
    for (let attempt = 0; attempt <= 12; attempt++) {
      const step = stepFor(attempt);
      for (const random of randoms) {
        const delay = nextRetryDelayMs(attempt, random);
        expect(delay, `attempt ${attempt}, random ${random}`).not.toBeNull();
        expect(delay!).toBeGreaterThanOrEqual(step / 2);
        expect(delay!).toBeLessThanOrEqual(step);
      }
    }
  });

  it('grows with the jitter value, so clients spread out rather than retrying together', () => {
    const low = nextRetryDelayMs(4, 0.1)!;
    const high = nextRetryDelayMs(4, 0.9)!;
    expect(high).toBeGreaterThan(low);
  });

  it('is never zero, even with the lowest jitter on the first attempt', () => {
    for (let attempt = 0; attempt <= 30; attempt++) {
      expect(nextRetryDelayMs(attempt, 0)).toBeGreaterThan(0);
    }
  });

  it('returns a whole number of milliseconds', () => {
    for (const random of [0.1234, 0.5678, 0.9999]) {
      expect(Number.isInteger(nextRetryDelayMs(3, random))).toBe(true);
    }
  });

  it('uses Math.random when no jitter is given and still stays in range', () => {
    for (let i = 0; i < 50; i++) {
      const delay = nextRetryDelayMs(2);
      expect(delay).not.toBeNull();
      expect(delay!).toBeGreaterThanOrEqual(stepFor(2) / 2);
      expect(delay!).toBeLessThanOrEqual(stepFor(2));
    }
  });

  it.each([
    ['a negative attempt', -1],
    ['a very negative attempt', -1_000],
    ['a fractional attempt', 1.5],
    ['a tiny fraction', 0.0001],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('returns null for %s', (_label, attempt) => {
    expect(nextRetryDelayMs(attempt, 0.5)).toBeNull();
  });
});
