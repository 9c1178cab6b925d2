import { describe, expect, it } from 'vitest';
import {
  CHAT_BUFFER_HIGH_BYTES,
  CHAT_CHUNK_BYTES,
  CHAT_BUFFER_LOW_BYTES,
  CHATTING_PUMP_LIMITS,
  chunkRanges,
  DEFAULT_PUMP_LIMITS,
  FILE_BUFFER_HIGH_BYTES,
  FILE_BUFFER_LOW_BYTES,
  FILE_CHUNK_BYTES,
  MAX_UNACKED_BYTES,
  nextPumpStep,
} from '../../../../client/files/chunker.js';
import { MAX_FILE_CHUNK_BYTES } from '../../../../protocol/fileTransfer.js';

/** Chromium's data channel throws when more than this is queued. */
const CHROMIUM_SEND_QUEUE_BYTES = 16 * 1024 * 1024;

describe('chunkRanges', () => {
  it('covers a range exactly, in order, with a short last chunk', () => {
    const ranges = chunkRanges(100, 100 + 2.5 * 1024, 1024);
    expect(ranges).toEqual([
      { offset: 100, length: 1024 },
      { offset: 1124, length: 1024 },
      { offset: 2148, length: 512 },
    ]);
  });

  it('yields nothing for an empty range', () => {
    expect(chunkRanges(10, 10, 1024)).toEqual([]);
  });

  it('refuses a chunk size no frame can carry', () => {
    expect(() => chunkRanges(0, 10, 0)).toThrow(RangeError);
    expect(() => chunkRanges(0, 10, MAX_FILE_CHUNK_BYTES + 1)).toThrow(RangeError);
  });
});

describe('nextPumpStep', () => {
  const state = { size: 100 * 1024 * 1024, sent: 0, acked: 0, bufferedAmount: 0 };

  it('sends while the channel has room and the receiver keeps up', () => {
    expect(nextPumpStep(state)).toBe('send');
  });

  it('waits for the channel to drain at the high-water mark', () => {
    expect(nextPumpStep({ ...state, bufferedAmount: FILE_BUFFER_HIGH_BYTES })).toBe('wait-drain');
  });

  it('waits for an acknowledgement when a full window is unacknowledged', () => {
    expect(nextPumpStep({ ...state, sent: MAX_UNACKED_BYTES + 5, acked: 5 })).toBe('wait-ack');
    expect(nextPumpStep({ ...state, sent: MAX_UNACKED_BYTES + 5, acked: 6 })).toBe('send');
  });

  it('stops when every byte is sent', () => {
    expect(nextPumpStep({ ...state, sent: state.size, bufferedAmount: 10 * 1024 * 1024 })).toBe('done');
  });

  it('never lets the queue near Chromium’s limit: high water plus one read block stays well under it', () => {
    expect(FILE_BUFFER_LOW_BYTES).toBeLessThan(FILE_BUFFER_HIGH_BYTES);
    expect(FILE_BUFFER_HIGH_BYTES + 1024 * 1024).toBeLessThan(CHROMIUM_SEND_QUEUE_BYTES / 2);
    expect(FILE_CHUNK_BYTES).toBeLessThanOrEqual(MAX_FILE_CHUNK_BYTES);
  });
});

describe('pacing while people chat', () => {
  const state = { size: 100 * 1024 * 1024, sent: 0, acked: 0, bufferedAmount: CHAT_BUFFER_HIGH_BYTES };

  it('queues less on the channel while chatting, and drains to a lower mark', () => {
    expect(nextPumpStep(state, DEFAULT_PUMP_LIMITS)).toBe('send');
    expect(nextPumpStep(state, CHATTING_PUMP_LIMITS)).toBe('wait-drain');
    expect(CHATTING_PUMP_LIMITS.lowWaterBytes).toBe(CHAT_BUFFER_LOW_BYTES);
    expect(DEFAULT_PUMP_LIMITS.lowWaterBytes).toBe(FILE_BUFFER_LOW_BYTES);
  });

  it('cuts smaller chunks while chatting, never above the size a transfer offers', () => {
    expect(CHATTING_PUMP_LIMITS.chunkBytes).toBe(CHAT_CHUNK_BYTES);
    expect(DEFAULT_PUMP_LIMITS.chunkBytes).toBe(FILE_CHUNK_BYTES);
    expect(CHAT_CHUNK_BYTES).toBeLessThan(FILE_CHUNK_BYTES);
  });

  it('keeps the chatting marks below the normal ones and above one chunk', () => {
    expect(CHAT_BUFFER_LOW_BYTES).toBeLessThan(CHAT_BUFFER_HIGH_BYTES);
    expect(CHAT_BUFFER_HIGH_BYTES).toBeLessThan(FILE_BUFFER_HIGH_BYTES);
    expect(CHAT_BUFFER_LOW_BYTES).toBeGreaterThanOrEqual(CHAT_CHUNK_BYTES);
    expect(CHATTING_PUMP_LIMITS.maxUnackedBytes).toBe(MAX_UNACKED_BYTES);
  });
});
