import { describe, expect, it } from 'vitest';
import { FailedJoinLimiter } from '../../../signaling/FailedJoinLimiter.js';

const WINDOW_MS = 60_000;
const MAX_FAILURES = 3;
const T0 = 1_000_000;

function limiter(): FailedJoinLimiter {
  return new FailedJoinLimiter({ maxFailures: MAX_FAILURES, windowMs: WINDOW_MS });
}

describe('FailedJoinLimiter', () => {
  it('lets an address try while it is under the limit', () => {
    const limits = limiter();
    expect(limits.retryAfterMs('10.0.0.1', T0)).toBe(0);
    limits.recordFailure('10.0.0.1', T0);
    limits.recordFailure('10.0.0.1', T0 + 1_000);
    expect(limits.retryAfterMs('10.0.0.1', T0 + 2_000)).toBe(0);
  });

  it('refuses an address at the limit until its oldest failure leaves the window', () => {
    const limits = limiter();
    limits.recordFailure('10.0.0.1', T0);
    limits.recordFailure('10.0.0.1', T0 + 1_000);
    limits.recordFailure('10.0.0.1', T0 + 2_000);
    // The oldest failure (T0) leaves the window at T0 + WINDOW_MS.
    expect(limits.retryAfterMs('10.0.0.1', T0 + 5_000)).toBe(WINDOW_MS - 5_000);
    expect(limits.retryAfterMs('10.0.0.1', T0 + WINDOW_MS - 1)).toBe(1);
  });

  it('frees an address once enough failures have left the window', () => {
    const limits = limiter();
    for (let i = 0; i < MAX_FAILURES; i++) limits.recordFailure('10.0.0.1', T0 + i);
    expect(limits.retryAfterMs('10.0.0.1', T0 + WINDOW_MS)).toBe(0);
  });

  it('counts each address on its own', () => {
    const limits = limiter();
    for (let i = 0; i < MAX_FAILURES; i++) limits.recordFailure('10.0.0.1', T0);
    expect(limits.retryAfterMs('10.0.0.1', T0)).toBeGreaterThan(0);
    expect(limits.retryAfterMs('10.0.0.2', T0)).toBe(0);
  });

  it('forgets, on prune, addresses whose failures all left the window', () => {
    const limits = limiter();
    limits.recordFailure('10.0.0.1', T0);
    limits.recordFailure('10.0.0.2', T0 + 30_000);
    expect(limits.trackedAddresses).toBe(2);
    limits.prune(T0 + WINDOW_MS);
    expect(limits.trackedAddresses).toBe(1);
    limits.prune(T0 + 30_000 + WINDOW_MS);
    expect(limits.trackedAddresses).toBe(0);
  });

  it('keeps only the latest failures of an address, so one that keeps failing is freed on time', () => {
    const limits = limiter();
    // A thousand failures, one a second: only the last MAX_FAILURES decide when it may retry.
    for (let i = 0; i < 1_000; i++) limits.recordFailure('10.0.0.1', T0 + i * 1_000);
    const last = T0 + 999 * 1_000;
    const thirdFromLast = last - (MAX_FAILURES - 1) * 1_000;
    expect(limits.retryAfterMs('10.0.0.1', last)).toBe(thirdFromLast + WINDOW_MS - last);
    expect(limits.retryAfterMs('10.0.0.1', thirdFromLast + WINDOW_MS)).toBe(0);
    expect(limits.trackedAddresses).toBe(1);
  });
});
