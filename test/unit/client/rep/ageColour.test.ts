import { describe, expect, it } from 'vitest';
import { ageColour, minutesSince, waitingSince } from '../../../../client/rep/ageColour.js';
import { DEFAULT_PREFERENCES, thresholdsOf } from '../../../../client/rep/chatPreferences.js';
import type { LogEntry } from '../../../../protocol/transcript.js';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;
const thresholds = { yellowAfterMs: 2 * MINUTE, redAfterMs: 5 * MINUTE };

const message = (role: 'rep' | 'customer', at: number): LogEntry => ({ kind: 'message', id: `m${at}`, role, author: role, text: 'hi', at });
const joined = (at: number): LogEntry => ({ kind: 'status', id: `j${at}`, event: 'customer-joined', name: 'Ana', at });

describe('ageColour', () => {
  it('is green right after the rep wrote and until the yellow threshold', () => {
    expect(ageColour(T0, T0, thresholds)).toBe('green');
    expect(ageColour(T0 + 2 * MINUTE - 1, T0, thresholds)).toBe('green');
  });

  it('turns yellow at the yellow threshold and red at the red threshold', () => {
    expect(ageColour(T0 + 2 * MINUTE, T0, thresholds)).toBe('yellow');
    expect(ageColour(T0 + 5 * MINUTE - 1, T0, thresholds)).toBe('yellow');
    expect(ageColour(T0 + 5 * MINUTE, T0, thresholds)).toBe('red');
    expect(ageColour(T0 + 24 * 60 * MINUTE, T0, thresholds)).toBe('red');
  });

  it('is green when nobody is waiting (no start time)', () => {
    expect(ageColour(T0 + 60 * MINUTE, null, thresholds)).toBe('green');
  });

  it('stays green when the clock is behind the message (another clock wrote it)', () => {
    expect(ageColour(T0 - MINUTE, T0, thresholds)).toBe('green');
  });

  it('follows the thresholds from Chat preferences', () => {
    const custom = thresholdsOf({ ...DEFAULT_PREFERENCES, yellowAfterMinutes: 10, redAfterMinutes: 20 });
    expect(ageColour(T0 + 9 * MINUTE, T0, custom)).toBe('green');
    expect(ageColour(T0 + 10 * MINUTE, T0, custom)).toBe('yellow');
    expect(ageColour(T0 + 20 * MINUTE, T0, custom)).toBe('red');
  });
});

describe('waitingSince', () => {
  it('is the time of the rep’s last message', () => {
    const entries = [joined(T0), message('rep', T0 + 1), message('customer', T0 + 2), message('rep', T0 + 3), message('customer', T0 + 4)];
    expect(waitingSince(entries, false)).toBe(T0 + 3);
  });

  it('counts from the customer joining while the rep has not written yet', () => {
    expect(waitingSince([joined(T0), message('customer', T0 + 5)], false)).toBe(T0);
  });

  it('takes the first join when the customer left and came back', () => {
    expect(waitingSince([joined(T0), joined(T0 + 100)], false)).toBe(T0);
  });

  it('is null before any customer and after the session ended', () => {
    expect(waitingSince([], false)).toBeNull();
    expect(waitingSince([joined(T0), message('customer', T0 + 1)], true)).toBeNull();
  });
});

describe('minutesSince', () => {
  it('gives whole minutes and null without a start', () => {
    expect(minutesSince(T0 + 3.5 * MINUTE, T0)).toBe(3);
    expect(minutesSince(T0 - MINUTE, T0)).toBe(0);
    expect(minutesSince(T0, null)).toBeNull();
  });
});
