import { describe, expect, it } from 'vitest';
import {
  encodeFrameStill,
  FRAME_PART_PAYLOAD_BYTES,
  MAX_FRAME_BYTES,
  MAX_FRAME_PART_BYTES,
  MAX_FRAME_PARTS,
  parseFrameMessage,
  SCREEN_FRAME_HEADER_BYTES,
  splitScreenFrame,
  type FrameMessage,
} from '../../../protocol/screenFrame.js';

const CAPTURED_AT = 1_700_000_000_123.25;

function imageBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 7 + 3) & 0xff;
  return bytes;
}

function split(length: number, partPayloadBytes?: number): Uint8Array[] {
  const result = splitScreenFrame({ frameNumber: 42, capturedAtMs: CAPTURED_AT, bytes: imageBytes(length) }, partPayloadBytes);
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

function parse(message: Uint8Array): FrameMessage {
  const result = parseFrameMessage(message);
  if (!result.ok) throw new Error(`${result.error.code} ${result.error.detail}`);
  return result.value;
}

describe('splitScreenFrame', () => {
  it('sends a small frame as one part carrying the whole header', () => {
    const parts = split(1_000);
    expect(parts).toHaveLength(1);
    expect(parts[0]!.byteLength).toBe(SCREEN_FRAME_HEADER_BYTES + 1_000);
    expect(parse(parts[0]!)).toMatchObject({ kind: 'part', frameNumber: 42, capturedAtMs: CAPTURED_AT, partIndex: 0, partCount: 1, frameBytes: 1_000 });
  });

  it('splits a large frame into numbered parts that each fit one channel message', () => {
    const length = FRAME_PART_PAYLOAD_BYTES * 3 + 5;
    const parts = split(length);
    expect(parts).toHaveLength(4);
    for (const [index, part] of parts.entries()) {
      expect(part.byteLength).toBeLessThanOrEqual(MAX_FRAME_PART_BYTES);
      expect(parse(part)).toMatchObject({ partIndex: index, partCount: 4, frameBytes: length });
    }
    expect(parts[3]!.byteLength).toBe(SCREEN_FRAME_HEADER_BYTES + 5);
  });

  it('puts the bytes back in order when the payloads are joined', () => {
    const parts = split(10_000, 3_000).map((part) => parse(part));
    const joined = new Uint8Array(10_000);
    let offset = 0;
    for (const part of parts) {
      if (part.kind !== 'part') throw new Error('expected a part');
      joined.set(part.payload, offset);
      offset += part.payload.byteLength;
    }
    expect(joined).toEqual(imageBytes(10_000));
  });

  it('never makes parts larger than the channel limit, even when asked to', () => {
    const parts = split(40_000, 1_000_000);
    expect(parts.every((part) => part.byteLength <= MAX_FRAME_PART_BYTES)).toBe(true);
  });

  it('refuses an empty frame, a frame over MAX_FRAME_BYTES and one needing too many parts', () => {
    const frame = (bytes: Uint8Array) => ({ frameNumber: 1, capturedAtMs: 0, bytes });
    expect(splitScreenFrame(frame(new Uint8Array(0))).ok).toBe(false);
    const tooBig = splitScreenFrame(frame(new Uint8Array(MAX_FRAME_BYTES + 1)));
    expect(tooBig.ok ? null : tooBig.error.code).toBe('MESSAGE_TOO_LARGE');
    const tooManyParts = splitScreenFrame(frame(new Uint8Array(MAX_FRAME_PARTS + 1)), 1);
    expect(tooManyParts.ok ? null : tooManyParts.error.code).toBe('MESSAGE_TOO_LARGE');
    expect(splitScreenFrame(frame(new Uint8Array(MAX_FRAME_BYTES))).ok).toBe(true);
  });

  it('refuses a frame number outside 32 bits and a capture time that is not a time', () => {
    expect(splitScreenFrame({ frameNumber: 2 ** 32, capturedAtMs: 0, bytes: imageBytes(10) }).ok).toBe(false);
    expect(splitScreenFrame({ frameNumber: -1, capturedAtMs: 0, bytes: imageBytes(10) }).ok).toBe(false);
    expect(splitScreenFrame({ frameNumber: 1, capturedAtMs: Number.NaN, bytes: imageBytes(10) }).ok).toBe(false);
  });
});

describe('encodeFrameStill', () => {
  it('is a header-only message naming the frame still on screen', () => {
    const still = encodeFrameStill(7, CAPTURED_AT);
    expect(still.byteLength).toBe(SCREEN_FRAME_HEADER_BYTES);
    expect(parse(still)).toEqual({ kind: 'still', frameNumber: 7, capturedAtMs: CAPTURED_AT });
  });
});

describe('parseFrameMessage', () => {
  const valid = () => split(100)[0]!;
  const mutate = (change: (view: DataView) => void, message = valid()) => {
    const copy = message.slice();
    change(new DataView(copy.buffer));
    return parseFrameMessage(copy);
  };

  it('accepts an ArrayBuffer as the channel delivers it', () => {
    const message = valid();
    expect(parseFrameMessage(message.buffer.slice(0)).ok).toBe(true);
  });

  it('refuses text, short and oversized messages', () => {
    expect(parseFrameMessage('hello').ok).toBe(false);
    expect(parseFrameMessage(new Uint8Array(SCREEN_FRAME_HEADER_BYTES - 1)).ok).toBe(false);
    const big = parseFrameMessage(new Uint8Array(MAX_FRAME_PART_BYTES + 1));
    expect(big.ok ? null : big.error.code).toBe('MESSAGE_TOO_LARGE');
  });

  it('refuses another format version, an unknown kind and a non-zero reserved field', () => {
    const version = mutate((v) => v.setUint8(0, 2));
    expect(version.ok ? null : version.error.code).toBe('UNSUPPORTED_VERSION');
    expect(mutate((v) => v.setUint8(1, 9)).ok).toBe(false);
    expect(mutate((v) => v.setUint16(6, 1)).ok).toBe(false);
  });

  it('refuses impossible part numbering and sizes', () => {
    expect(mutate((v) => v.setUint16(4, 0)).ok).toBe(false); // no parts
    expect(mutate((v) => v.setUint16(2, 1)).ok).toBe(false); // index past the count
    expect(mutate((v) => v.setUint16(4, MAX_FRAME_PARTS + 1)).ok).toBe(false);
    expect(mutate((v) => v.setUint32(12, 0)).ok).toBe(false); // empty frame
    expect(mutate((v) => v.setUint32(12, MAX_FRAME_BYTES + 1)).ok).toBe(false);
    expect(mutate((v) => v.setUint32(12, 50)).ok).toBe(false); // part larger than its frame
    expect(mutate((v) => v.setFloat64(16, Number.POSITIVE_INFINITY)).ok).toBe(false);
  });

  it('refuses a still that carries anything but its header', () => {
    const still = encodeFrameStill(3, 0);
    expect(mutate((v) => v.setUint16(4, 1), still).ok).toBe(false);
    const withPayload = new Uint8Array(SCREEN_FRAME_HEADER_BYTES + 1);
    withPayload.set(still);
    expect(parseFrameMessage(withPayload).ok).toBe(false);
  });
});
