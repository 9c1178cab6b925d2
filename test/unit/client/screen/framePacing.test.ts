import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_INTERVAL_MS,
  MAX_QUEUED_FRAME_BYTES,
  mayQueueFrame,
  MIN_FRAME_INTERVAL_MS,
  nextFrameIntervalMs,
  THUMBNAIL_BYTES_PER_SECOND,
  VIEWER_BYTES_PER_SECOND,
} from '../../../../client/screen/framePacing.js';

const thumbnail = (lastFrameBytes: number, bufferedAmount = 0) =>
  nextFrameIntervalMs({ bufferedAmount, lastFrameBytes, bytesPerSecond: THUMBNAIL_BYTES_PER_SECOND });

describe('nextFrameIntervalMs', () => {
  it('runs at 5 frames a second when frames are small and the channel is empty', () => {
    expect(thumbnail(0)).toBe(MIN_FRAME_INTERVAL_MS);
    expect(thumbnail(6_000)).toBe(MIN_FRAME_INTERVAL_MS);
    expect(MIN_FRAME_INTERVAL_MS).toBe(200);
  });

  it('slows down as frames grow, so the thumbnail stays within its byte budget', () => {
    expect(thumbnail(12_000)).toBe(300);
    expect(thumbnail(20_000)).toBe(500);
    // At the budget: frames × bytes never exceed it between the clamps.
    for (const bytes of [9_000, 12_000, 20_000, 35_000]) {
      expect((bytes * 1000) / thumbnail(bytes)).toBeLessThanOrEqual(THUMBNAIL_BYTES_PER_SECOND);
    }
  });

  it('slows down further while the channel still holds unsent bytes', () => {
    const idle = thumbnail(10_000, 0);
    const backlog = thumbnail(10_000, 12_000);
    expect(backlog).toBeGreaterThan(idle);
    expect(backlog).toBe(550);
  });

  it('slows down while the page itself is busy, so chat keeps its share of a slow machine', () => {
    const idle = thumbnail(6_000);
    const busy = nextFrameIntervalMs({ bufferedAmount: 0, lastFrameBytes: 6_000, bytesPerSecond: THUMBNAIL_BYTES_PER_SECOND, loopDelayMs: 150 });
    expect(busy).toBe(idle + 300);
    expect(nextFrameIntervalMs({ bufferedAmount: 0, lastFrameBytes: 0, bytesPerSecond: THUMBNAIL_BYTES_PER_SECOND, loopDelayMs: 5_000 })).toBe(MAX_FRAME_INTERVAL_MS);
  });

  it('never goes slower than 1 frame a second, however large the backlog', () => {
    expect(thumbnail(10_000, 10_000_000)).toBe(MAX_FRAME_INTERVAL_MS);
    expect(thumbnail(1_000_000)).toBe(MAX_FRAME_INTERVAL_MS);
    expect(MAX_FRAME_INTERVAL_MS).toBe(1_000);
  });

  it('gives the viewer a larger budget for its larger frames', () => {
    const frame = 140_000;
    const atViewerBudget = nextFrameIntervalMs({ bufferedAmount: 0, lastFrameBytes: frame, bytesPerSecond: VIEWER_BYTES_PER_SECOND });
    expect(atViewerBudget).toBeLessThan(thumbnail(frame));
    expect(atViewerBudget).toBe(292);
  });

  it('treats nonsense input as the thumbnail budget and an empty channel', () => {
    expect(nextFrameIntervalMs({ bufferedAmount: -5, lastFrameBytes: -1, bytesPerSecond: 0, loopDelayMs: -50 })).toBe(MIN_FRAME_INTERVAL_MS);
  });
});

describe('mayQueueFrame', () => {
  it('queues a frame only while the last one has nearly left the channel', () => {
    expect(mayQueueFrame(0)).toBe(true);
    expect(mayQueueFrame(MAX_QUEUED_FRAME_BYTES)).toBe(true);
    expect(mayQueueFrame(MAX_QUEUED_FRAME_BYTES + 1)).toBe(false);
  });
});
