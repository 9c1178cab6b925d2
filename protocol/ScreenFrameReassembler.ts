/**
 * Puts screen frames back together from parts that arrive in any order, or not at all (the
 * `frames` channel neither orders nor retransmits). It only ever yields whole frames, each
 * newer than the last one it yielded; a frame with a missing part is dropped as soon as a
 * newer frame completes or after FRAME_ASSEMBLY_TIMEOUT_MS, and it never holds more than
 * MAX_PENDING_FRAMES partial frames. Pure: the caller passes the clock.
 */
import type { FramePart, ScreenFrame } from './screenFrame.js';

/** A partial frame older than this is given up (its missing part is not coming). */
export const FRAME_ASSEMBLY_TIMEOUT_MS = 2_000;
/** Partial frames held at once (bounds memory to this many × MAX_FRAME_BYTES). */
export const MAX_PENDING_FRAMES = 3;

export interface ReassemblerStats {
  /** Whole frames yielded. */
  completed: number;
  /** Partial frames given up: a part never came (overtaken, timed out or crowded out). */
  incomplete: number;
  /** Parts of frames no newer than the last one yielded. */
  stale: number;
  /** Parts that contradict their frame's other parts (a broken or hostile sender). */
  invalid: number;
}

interface PendingFrame {
  readonly frameNumber: number;
  readonly capturedAtMs: number;
  readonly partCount: number;
  readonly frameBytes: number;
  readonly firstSeenMs: number;
  readonly parts: (Uint8Array | undefined)[];
  received: number;
  receivedBytes: number;
}

export interface ReassemblerOptions {
  readonly timeoutMs?: number;
  readonly maxPendingFrames?: number;
}

export class ScreenFrameReassembler {
  readonly stats: ReassemblerStats = { completed: 0, incomplete: 0, stale: 0, invalid: 0 };
  private readonly pending = new Map<number, PendingFrame>();
  private last = -1;
  private readonly timeoutMs: number;
  private readonly maxPending: number;

  constructor(options: ReassemblerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? FRAME_ASSEMBLY_TIMEOUT_MS;
    this.maxPending = Math.max(1, options.maxPendingFrames ?? MAX_PENDING_FRAMES);
  }

  /** Number of the last frame yielded, -1 before the first. */
  get lastFrameNumber(): number {
    return this.last;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Adds one part; returns the frame it completed, or null. */
  push(part: FramePart, nowMs: number): ScreenFrame | null {
    this.expire(nowMs);
    if (part.frameNumber <= this.last) {
      this.stats.stale++;
      return null;
    }
    let frame = this.pending.get(part.frameNumber);
    if (!frame) {
      if (!this.makeRoomFor(part.frameNumber)) return null;
      frame = {
        frameNumber: part.frameNumber,
        capturedAtMs: part.capturedAtMs,
        partCount: part.partCount,
        frameBytes: part.frameBytes,
        firstSeenMs: nowMs,
        parts: new Array<Uint8Array | undefined>(part.partCount),
        received: 0,
        receivedBytes: 0,
      };
      this.pending.set(part.frameNumber, frame);
    }
    if (
      part.partCount !== frame.partCount ||
      part.frameBytes !== frame.frameBytes ||
      part.capturedAtMs !== frame.capturedAtMs ||
      frame.parts[part.partIndex] !== undefined ||
      frame.receivedBytes + part.payload.byteLength > frame.frameBytes
    ) {
      this.stats.invalid++;
      return null;
    }
    // Copy: the part's bytes may be a view on a message buffer the channel reuses.
    frame.parts[part.partIndex] = part.payload.slice();
    frame.received++;
    frame.receivedBytes += part.payload.byteLength;
    if (frame.received < frame.partCount) return null;
    this.pending.delete(frame.frameNumber);
    if (frame.receivedBytes !== frame.frameBytes) {
      this.stats.invalid++;
      return null;
    }
    return this.complete(frame);
  }

  /** Forgets everything, including the last frame number (a new sharing starts over). */
  reset(): void {
    this.pending.clear();
    this.last = -1;
  }

  private complete(frame: PendingFrame): ScreenFrame {
    this.last = frame.frameNumber;
    // Older partial frames can no longer be shown: their turn has passed.
    for (const number of [...this.pending.keys()]) {
      if (number < frame.frameNumber) {
        this.pending.delete(number);
        this.stats.incomplete++;
      }
    }
    this.stats.completed++;
    const bytes = new Uint8Array(frame.frameBytes);
    let offset = 0;
    for (const part of frame.parts) {
      bytes.set(part!, offset);
      offset += part!.byteLength;
    }
    return { frameNumber: frame.frameNumber, capturedAtMs: frame.capturedAtMs, bytes };
  }

  /** Drops the oldest partial frame when full; false when the newcomer is itself the oldest. */
  private makeRoomFor(frameNumber: number): boolean {
    if (this.pending.size < this.maxPending) return true;
    const oldest = Math.min(...this.pending.keys());
    this.stats.incomplete++;
    if (frameNumber < oldest) return false;
    this.pending.delete(oldest);
    return true;
  }

  private expire(nowMs: number): void {
    for (const [number, frame] of this.pending) {
      if (nowMs - frame.firstSeenMs > this.timeoutMs) {
        this.pending.delete(number);
        this.stats.incomplete++;
      }
    }
  }
}
