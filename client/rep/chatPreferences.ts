/**
 * The rep's Chat preferences: tab-colour thresholds, alert sound, desktop notifications and
 * font size. Stored locally; whatever is read back is checked, and a bad or missing field falls
 * back to its default rather than breaking the console.
 */
import * as v from 'valibot';
import type { AgeThresholds } from './ageColour.js';

export const MIN_THRESHOLD_MINUTES = 1;
export const MAX_THRESHOLD_MINUTES = 240;
export const FONT_SIZES_PX = [13, 15, 17, 20, 24] as const;
export type FontSizePx = (typeof FONT_SIZES_PX)[number];

export interface ChatPreferences {
  /** Tab icon turns yellow this many minutes after the rep's last message. */
  readonly yellowAfterMinutes: number;
  /** ... and red after this many (always more than the yellow threshold). */
  readonly redAfterMinutes: number;
  readonly sound: boolean;
  readonly desktopNotifications: boolean;
  readonly fontSizePx: FontSizePx;
}

export const DEFAULT_PREFERENCES: ChatPreferences = {
  yellowAfterMinutes: 2,
  redAfterMinutes: 5,
  sound: true,
  desktopNotifications: true,
  fontSizePx: 15,
};

const minutes = v.pipe(v.number(), v.integer(), v.minValue(MIN_THRESHOLD_MINUTES), v.maxValue(MAX_THRESHOLD_MINUTES));
const FIELDS = {
  yellowAfterMinutes: minutes,
  redAfterMinutes: minutes,
  sound: v.boolean(),
  desktopNotifications: v.boolean(),
  fontSizePx: v.picklist(FONT_SIZES_PX),
} as const;

/** Reads stored preferences field by field: each bad field gets its default. */
export function readPreferences(stored: unknown): ChatPreferences {
  const source = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...DEFAULT_PREFERENCES };
  for (const [key, schema] of Object.entries(FIELDS)) {
    const parsed = v.safeParse(schema, source[key]);
    if (parsed.success) result[key] = parsed.output;
  }
  const preferences = result as unknown as ChatPreferences;
  return preferences.redAfterMinutes > preferences.yellowAfterMinutes
    ? preferences
    : { ...preferences, yellowAfterMinutes: DEFAULT_PREFERENCES.yellowAfterMinutes, redAfterMinutes: DEFAULT_PREFERENCES.redAfterMinutes };
}

/** Checks thresholds a person typed: null when they are fine, else what is wrong. */
export function thresholdProblem(yellowAfterMinutes: number, redAfterMinutes: number): 'range' | 'order' | null {
  const inRange = (n: number) => Number.isInteger(n) && n >= MIN_THRESHOLD_MINUTES && n <= MAX_THRESHOLD_MINUTES;
  if (!inRange(yellowAfterMinutes) || !inRange(redAfterMinutes)) return 'range';
  return redAfterMinutes > yellowAfterMinutes ? null : 'order';
}

export function thresholdsOf(preferences: ChatPreferences): AgeThresholds {
  return { yellowAfterMs: preferences.yellowAfterMinutes * 60_000, redAfterMs: preferences.redAfterMinutes * 60_000 };
}
