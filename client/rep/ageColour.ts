/**
 * The colour of a session tab's icon: how long since the rep last sent that customer a message
 * (green, then yellow, then red at the Chat preferences thresholds). Pure, so it is unit tested
 * and driven by whatever clock the caller reads.
 */
import type { LogEntry } from '../../protocol/transcript.js';

export type AgeColour = 'green' | 'yellow' | 'red';
export const AGE_COLOURS: readonly AgeColour[] = ['green', 'yellow', 'red'];

export interface AgeThresholds {
  /** The icon turns yellow this long after the rep's last message. */
  readonly yellowAfterMs: number;
  /** The icon turns red this long after the rep's last message. */
  readonly redAfterMs: number;
}

/** `since` null means nobody is waiting for the rep (no customer yet, or the session ended). */
export function ageColour(now: number, since: number | null, thresholds: AgeThresholds): AgeColour {
  if (since === null) return 'green';
  const elapsed = now - since;
  if (elapsed >= thresholds.redAfterMs) return 'red';
  if (elapsed >= thresholds.yellowAfterMs) return 'yellow';
  return 'green';
}

/**
 * Where a tab's clock starts: the rep's last message; before the rep has written anything, the
 * moment the customer (first) joined, since from then on they are waiting for an answer. Null
 * while no customer has joined and once the session has ended.
 */
export function waitingSince(entries: readonly LogEntry[], ended: boolean): number | null {
  if (ended) return null;
  let joinedAt: number | null = null;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (entry.kind === 'message' && entry.role === 'rep') return entry.at;
    if (entry.kind === 'status' && entry.event === 'customer-joined') joinedAt = entry.at;
  }
  return joinedAt;
}

/** Whole minutes elapsed, for the icon's text alternative. */
export function minutesSince(now: number, since: number | null): number | null {
  return since === null ? null : Math.max(0, Math.floor((now - since) / 60_000));
}
