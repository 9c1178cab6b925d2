import { describe, expect, it } from 'vitest';
import { TransferRate } from '../../../../client/files/TransferRate.js';

describe('TransferRate', () => {
  it('gives speed and time left from the recent samples', () => {
    const rate = new TransferRate();
    expect(rate.bytesPerSecond).toBeNull();
    rate.sample(0, 0);
    rate.sample(1_000_000, 1000);
    expect(rate.bytesPerSecond).toBe(1_000_000);
    expect(rate.etaMs(3_000_000)).toBe(3000);
  });

  it('forgets samples older than its window', () => {
    const rate = new TransferRate();
    rate.sample(0, 0);
    rate.sample(10_000_000, 1000); // a fast start
    rate.sample(11_000_000, 5000);
    rate.sample(12_000_000, 6000);
    expect(rate.bytesPerSecond).toBe(1_000_000);
  });

  it('starts over when a resume moves the total back', () => {
    const rate = new TransferRate();
    rate.sample(5_000_000, 0);
    rate.sample(6_000_000, 1000);
    rate.sample(4_000_000, 1500);
    expect(rate.bytesPerSecond).toBeNull();
  });
});
