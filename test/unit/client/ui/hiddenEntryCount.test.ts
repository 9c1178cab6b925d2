import { describe, expect, it } from 'vitest';
import { hiddenEntryCount, LOG_WINDOW_ENTRIES, LOG_WINDOW_STEP } from '../../../../client/ui/ChatLog.js';

describe('hiddenEntryCount', () => {
  const W = LOG_WINDOW_ENTRIES;

  it('hides nothing while the log fits the window', () => {
    expect(hiddenEntryCount(0, W)).toBe(0);
    expect(hiddenEntryCount(W, W)).toBe(0);
  });

  it('moves the window in steps, so most new entries remove nothing', () => {
    expect(hiddenEntryCount(W + 1, W)).toBe(0);
    expect(hiddenEntryCount(W + LOG_WINDOW_STEP - 1, W)).toBe(0);
    expect(hiddenEntryCount(W + LOG_WINDOW_STEP, W)).toBe(LOG_WINDOW_STEP);
    expect(hiddenEntryCount(W + LOG_WINDOW_STEP + 1, W)).toBe(LOG_WINDOW_STEP);
  });

  it('always shows at least the window and less than a step more', () => {
    for (let total = W; total < 5 * W; total += 7) {
      const shown = total - hiddenEntryCount(total, W);
      expect(shown).toBeGreaterThanOrEqual(W);
      expect(shown).toBeLessThan(W + LOG_WINDOW_STEP);
    }
  });

  it('follows a larger window after "Show earlier messages"', () => {
    expect(hiddenEntryCount(450, 2 * W)).toBe(50);
    expect(hiddenEntryCount(450, 4 * W)).toBe(0);
  });
});
