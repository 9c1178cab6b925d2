/**
 * When the customer's page takes its next frame. Frames share the peer connection with chat
 * and file transfers, so the pace follows what the `frames` channel still holds unsent: a
 * frame is queued only when the last one has (nearly) left, and the interval stretches with
 * the size of recent frames and with any backlog, between 5 and 1 frames a second. It also
 * stretches when the page itself is busy (its timers run late), so on a slow machine the
 * thumbnail gives way to the chat rather than the other way round.
 */

/** Fastest pace: 5 frames a second. */
export const MIN_FRAME_INTERVAL_MS = 200;
/** Slowest pace while sharing: 1 frame a second. */
export const MAX_FRAME_INTERVAL_MS = 1_000;
/** A new frame is queued only while the channel holds at most this much unsent. */
export const MAX_QUEUED_FRAME_BYTES = 16 * 1024;
/** Byte budget at thumbnail size: at most about 40 KB a second. */
export const THUMBNAIL_BYTES_PER_SECOND = 40_000;
/** Byte budget while the rep's viewer is open (larger frames). */
export const VIEWER_BYTES_PER_SECOND = 480_000;

export interface PacingInput {
  /** The `frames` channel's bufferedAmount now. */
  readonly bufferedAmount: number;
  /** Bytes of the frame just sent (0 when nothing or only a "still" was sent). */
  readonly lastFrameBytes: number;
  /** Byte budget for the current frame size. */
  readonly bytesPerSecond: number;
  /** How late this frame's timer ran compared with when it was due (0 on an idle page). */
  readonly loopDelayMs?: number;
}

/**
 * Milliseconds from the start of this frame to the start of the next: the time the last
 * frame and the backlog take at the byte budget, plus twice the page's own lateness,
 * clamped to [MIN, MAX]_FRAME_INTERVAL_MS.
 */
export function nextFrameIntervalMs({ bufferedAmount, lastFrameBytes, bytesPerSecond, loopDelayMs = 0 }: PacingInput): number {
  const budget = bytesPerSecond > 0 ? bytesPerSecond : THUMBNAIL_BYTES_PER_SECOND;
  const pending = Math.max(0, lastFrameBytes) + Math.max(0, bufferedAmount);
  const ms = Math.max(MIN_FRAME_INTERVAL_MS, (pending / budget) * 1000) + 2 * Math.max(0, loopDelayMs);
  return Math.min(MAX_FRAME_INTERVAL_MS, Math.round(ms));
}

/** True when the channel has room for another frame without delaying chat or files. */
export function mayQueueFrame(bufferedAmount: number): boolean {
  return bufferedAmount <= MAX_QUEUED_FRAME_BYTES;
}
