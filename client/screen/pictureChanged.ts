/**
 * Cheap change detection: the thumbnail's own pixels (RGBA) compared with the last ones sent.
 * A small tolerance ignores scaler jitter; a screen that did not change sends nothing.
 */

/** A channel must differ by more than this (0-255) to count as a change. */
export const PIXEL_CHANGE_TOLERANCE = 3;

export function pictureChanged(previous: Uint8ClampedArray | null, next: Uint8ClampedArray, tolerance = PIXEL_CHANGE_TOLERANCE): boolean {
  if (!previous || previous.length !== next.length) return true;
  for (let i = 0; i < next.length; i++) {
    const d = next[i]! - previous[i]!;
    if (d > tolerance || d < -tolerance) return true;
  }
  return false;
}
