import { describe, expect, it } from 'vitest';
import { parseFrameMessage, splitScreenFrame, type FramePart } from '../../../protocol/screenFrame.js';
import { FRAME_ASSEMBLY_TIMEOUT_MS, MAX_PENDING_FRAMES, ScreenFrameReassembler } from '../../../protocol/ScreenFrameReassembler.js';

const PART_BYTES = 100;

function frameBytes(frameNumber: number, length = 350): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (i + frameNumber * 31) & 0xff);
}

/** The parts of frame `n` as the receiver parses them (4 parts of up to 100 bytes by default). */
function partsOf(frameNumber: number, length = 350): FramePart[] {
  const split = splitScreenFrame({ frameNumber, capturedAtMs: 1_000 + frameNumber, bytes: frameBytes(frameNumber, length) }, PART_BYTES);
  if (!split.ok) throw new Error(split.error.code);
  return split.value.map((message) => {
    const parsed = parseFrameMessage(message);
    if (!parsed.ok || parsed.value.kind !== 'part') throw new Error('bad part');
    return parsed.value;
  });
}

function pushAll(reassembler: ScreenFrameReassembler, parts: FramePart[], now = 0) {
  return parts.map((part) => reassembler.push(part, now));
}

describe('ScreenFrameReassembler', () => {
  it('yields a frame once its last part arrives, bytes and capture time intact', () => {
    const reassembler = new ScreenFrameReassembler();
    const results = pushAll(reassembler, partsOf(1));
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    expect(results[3]).toEqual({ frameNumber: 1, capturedAtMs: 1_001, bytes: frameBytes(1) });
    expect(reassembler.stats.completed).toBe(1);
    expect(reassembler.pendingCount).toBe(0);
  });

  it('reassembles parts that arrive in any order', () => {
    const reassembler = new ScreenFrameReassembler();
    const [a, b, c, d] = partsOf(5);
    const results = pushAll(reassembler, [d!, b!, a!, c!]);
    expect(results.filter(Boolean)).toEqual([{ frameNumber: 5, capturedAtMs: 1_005, bytes: frameBytes(5) }]);
  });

  it('interleaves two frames whose parts cross on the channel', () => {
    const reassembler = new ScreenFrameReassembler();
    const one = partsOf(1);
    const two = partsOf(2);
    const results = pushAll(reassembler, [one[0]!, two[0]!, one[1]!, two[1]!, one[2]!, two[2]!, one[3]!, two[3]!]);
    expect(results.filter(Boolean).map((frame) => frame!.frameNumber)).toEqual([1, 2]);
  });

  it('drops a frame with a missing part when a newer frame completes, and never yields it', () => {
    const reassembler = new ScreenFrameReassembler();
    const one = partsOf(1);
    pushAll(reassembler, one.slice(0, 3)); // the fourth part is lost
    expect(pushAll(reassembler, partsOf(2)).filter(Boolean).map((f) => f!.frameNumber)).toEqual([2]);
    expect(reassembler.stats.incomplete).toBe(1);
    // The lost part turns up late: frame 1's turn has passed.
    expect(reassembler.push(one[3]!, 0)).toBeNull();
    expect(reassembler.stats.stale).toBe(1);
  });

  it('ignores parts of frames older than the last one yielded', () => {
    const reassembler = new ScreenFrameReassembler();
    pushAll(reassembler, partsOf(9));
    expect(pushAll(reassembler, partsOf(3)).every((result) => result === null)).toBe(true);
    expect(pushAll(reassembler, partsOf(9)).every((result) => result === null)).toBe(true);
    expect(reassembler.stats.stale).toBe(8);
    expect(reassembler.lastFrameNumber).toBe(9);
    expect(pushAll(reassembler, partsOf(10)).filter(Boolean)).toHaveLength(1);
  });

  it('gives up a partial frame after the assembly timeout', () => {
    const reassembler = new ScreenFrameReassembler();
    const parts = partsOf(4);
    pushAll(reassembler, parts.slice(0, 2), 0);
    expect(reassembler.pendingCount).toBe(1);
    // The rest arrives too late: the frame was given up, so its remaining parts start a new
    // partial frame that can never complete, and nothing half-drawn is ever yielded.
    expect(pushAll(reassembler, parts.slice(2), FRAME_ASSEMBLY_TIMEOUT_MS + 1)).toEqual([null, null]);
    expect(reassembler.stats.incomplete).toBe(1);
    expect(reassembler.stats.completed).toBe(0);
  });

  it(`holds at most ${MAX_PENDING_FRAMES} partial frames, dropping the oldest`, () => {
    const reassembler = new ScreenFrameReassembler();
    for (let n = 1; n <= MAX_PENDING_FRAMES + 2; n++) reassembler.push(partsOf(n)[0]!, 0);
    expect(reassembler.pendingCount).toBe(MAX_PENDING_FRAMES);
    expect(reassembler.stats.incomplete).toBe(2);
    // The oldest were dropped: their remaining parts can no longer complete them.
    expect(pushAll(reassembler, partsOf(1).slice(1)).every((result) => result === null)).toBe(true);
    // The newest can still complete.
    const newest = MAX_PENDING_FRAMES + 2;
    expect(pushAll(reassembler, partsOf(newest).slice(1)).filter(Boolean).map((f) => f!.frameNumber)).toEqual([newest]);
  });

  it('refuses parts that contradict their frame and duplicates of a part', () => {
    const reassembler = new ScreenFrameReassembler();
    const [first, second] = partsOf(6);
    reassembler.push(first!, 0);
    reassembler.push(first!, 0); // duplicate
    reassembler.push({ ...second!, frameBytes: second!.frameBytes + 1 }, 0);
    reassembler.push({ ...second!, partCount: 7 }, 0);
    reassembler.push({ ...second!, capturedAtMs: 5 }, 0);
    expect(reassembler.stats.invalid).toBe(4);
    // The genuine parts still complete the frame.
    expect(pushAll(reassembler, partsOf(6).slice(1)).filter(Boolean)).toHaveLength(1);
  });

  it('refuses a frame whose parts add up to less than its announced size', () => {
    const reassembler = new ScreenFrameReassembler();
    const short = partsOf(2, 150).map((part) => ({ ...part, frameBytes: 200 }));
    expect(pushAll(reassembler, short).every((result) => result === null)).toBe(true);
    expect(reassembler.stats.invalid).toBe(1);
    expect(reassembler.stats.completed).toBe(0);
  });

  it('starts over after reset, so a new sharing may number its frames from zero', () => {
    const reassembler = new ScreenFrameReassembler();
    pushAll(reassembler, partsOf(50));
    reassembler.push(partsOf(51)[0]!, 0);
    reassembler.reset();
    expect(reassembler.pendingCount).toBe(0);
    expect(reassembler.lastFrameNumber).toBe(-1);
    expect(pushAll(reassembler, partsOf(0)).filter(Boolean).map((f) => f!.frameNumber)).toEqual([0]);
  });
});
