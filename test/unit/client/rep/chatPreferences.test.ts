import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, readPreferences, thresholdProblem, thresholdsOf } from '../../../../client/rep/chatPreferences.js';

describe('readPreferences', () => {
  it('gives the defaults for nothing stored', () => {
    expect(readPreferences(undefined)).toEqual(DEFAULT_PREFERENCES);
    expect(readPreferences('garbage')).toEqual(DEFAULT_PREFERENCES);
  });

  it('keeps good fields and replaces bad ones with their defaults', () => {
    expect(readPreferences({ yellowAfterMinutes: 3, redAfterMinutes: 9, sound: 'yes', fontSizePx: 99, desktopNotifications: false })).toEqual({
      ...DEFAULT_PREFERENCES,
      yellowAfterMinutes: 3,
      redAfterMinutes: 9,
      desktopNotifications: false,
    });
  });

  it('falls back to the default thresholds when red does not come after yellow', () => {
    const read = readPreferences({ yellowAfterMinutes: 10, redAfterMinutes: 4 });
    expect([read.yellowAfterMinutes, read.redAfterMinutes]).toEqual([DEFAULT_PREFERENCES.yellowAfterMinutes, DEFAULT_PREFERENCES.redAfterMinutes]);
  });
});

describe('thresholdProblem', () => {
  it('accepts whole minutes in range with red after yellow', () => {
    expect(thresholdProblem(2, 5)).toBeNull();
    expect(thresholdProblem(0, 5)).toBe('range');
    expect(thresholdProblem(2.5, 5)).toBe('range');
    expect(thresholdProblem(2, 500)).toBe('range');
    expect(thresholdProblem(5, 5)).toBe('order');
  });

  it('turns minutes into milliseconds', () => {
    expect(thresholdsOf(DEFAULT_PREFERENCES)).toEqual({ yellowAfterMs: 120_000, redAfterMs: 300_000 });
  });
});
