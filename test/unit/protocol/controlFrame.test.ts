import { describe, expect, it } from 'vitest';
import {
  CONTROL_KIND,
  ControlReassembler,
  encodeControlFrames,
  MAX_BATCH_PARTS,
  packControlPayloads,
  unpackControlPayload,
  type BatchableKind,
  type ControlKind,
  type ControlPayload,
} from '../../../protocol/controlFrame.js';
import type { ErrorCode } from '../../../protocol/errors.js';
import { MAX_CHANNEL_MESSAGE_BYTES, MAX_CONTROL_PAYLOAD_BYTES } from '../../../protocol/limits.js';

const HEADER_BYTES = 2;
const FLAG_MORE = 1;
const ROOM = MAX_CHANNEL_MESSAGE_BYTES - HEADER_BYTES;
const KINDS = Object.entries(CONTROL_KIND) as [string, ControlKind][];

/** Bytes that differ by position, so a lost, repeated or reordered fragment shows. */
function payloadOf(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed + (i >>> 8)) & 0xff;
  return bytes;
}

const frame = (kind: number, flags: number, ...payload: number[]): Uint8Array => new Uint8Array([kind, flags, ...payload]);

/** Pushes every frame and checks that only the last one completes the payload. */
function reassemble(reassembler: ControlReassembler, frames: readonly Uint8Array[]) {
  for (const [index, part] of frames.entries()) {
    const result = reassembler.push(part);
    if (index < frames.length - 1) expect(result).toEqual({ ok: true, value: null });
    else return result;
  }
  throw new Error('no frames');
}

function expectPayload(result: ReturnType<ControlReassembler['push']>, kind: ControlKind, payload: Uint8Array): void {
  expect(result.ok).toBe(true);
  if (!result.ok || result.value === null) throw new Error(`expected a complete payload, got ${JSON.stringify(result)}`);
  expect(result.value.kind).toBe(kind);
  expect(result.value.payload.byteLength).toBe(payload.byteLength);
  expect(Buffer.from(result.value.payload).equals(Buffer.from(payload))).toBe(true);
}

function expectError(result: ReturnType<ControlReassembler['push']>, code: ErrorCode): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

describe('encodeControlFrames', () => {
  it('makes one header-only frame for an empty payload', () => {
    expect(encodeControlFrames(CONTROL_KIND.SYNC, new Uint8Array(0))).toEqual([frame(CONTROL_KIND.SYNC, 0)]);
  });

  it('makes one frame with the kind, no flags and the bytes for a small payload', () => {
    expect(encodeControlFrames(CONTROL_KIND.MESSAGE, new Uint8Array([1, 2, 3]))).toEqual([frame(CONTROL_KIND.MESSAGE, 0, 1, 2, 3)]);
  });

  it('makes exactly one full-size frame when the payload fills one frame', () => {
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(ROOM));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.byteLength).toBe(MAX_CHANNEL_MESSAGE_BYTES);
    expect(frames[0]![1]).toBe(0);
  });

  it('spills one byte into a second frame when the payload is one byte over', () => {
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(ROOM + 1));
    expect(frames.map((f) => [f.byteLength, f[1]])).toEqual([
      [MAX_CHANNEL_MESSAGE_BYTES, FLAG_MORE],
      [HEADER_BYTES + 1, 0],
    ]);
  });

  it('adds no empty trailing frame when the payload is an exact multiple of a frame', () => {
    const frames = encodeControlFrames(CONTROL_KIND.AWARENESS, payloadOf(ROOM * 2));
    expect(frames.map((f) => [f.byteLength, f[1]])).toEqual([
      [MAX_CHANNEL_MESSAGE_BYTES, FLAG_MORE],
      [MAX_CHANNEL_MESSAGE_BYTES, 0],
    ]);
  });

  it('splits 1 MB into full frames flagged MORE and an unflagged last frame', () => {
    const size = 1024 * 1024;
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(size));
    expect(frames).toHaveLength(Math.ceil(size / ROOM));
    for (const [index, part] of frames.entries()) {
      const last = index === frames.length - 1;
      expect(part[0]).toBe(CONTROL_KIND.SYNC);
      expect(part[1]).toBe(last ? 0 : FLAG_MORE);
      if (!last) expect(part.byteLength).toBe(MAX_CHANNEL_MESSAGE_BYTES);
    }
    expect(frames.reduce((sum, part) => sum + part.byteLength - HEADER_BYTES, 0)).toBe(size);
  });

  it('keeps every frame within a custom maxMessageBytes', () => {
    const frames = encodeControlFrames(CONTROL_KIND.MESSAGE, payloadOf(1000), 16);
    expect(frames).toHaveLength(Math.ceil(1000 / 14));
    for (const part of frames) expect(part.byteLength).toBeLessThanOrEqual(16);
  });

  it('carries one payload byte per frame at the smallest maxMessageBytes', () => {
    const frames = encodeControlFrames(CONTROL_KIND.MESSAGE, new Uint8Array([9, 8, 7]), HEADER_BYTES + 1);
    expect(frames).toEqual([frame(2, FLAG_MORE, 9), frame(2, FLAG_MORE, 8), frame(2, 0, 7)]);
  });

  it('never makes a frame larger than MAX_CHANNEL_MESSAGE_BYTES, which is all a reassembler accepts', () => {
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(3 * MAX_CHANNEL_MESSAGE_BYTES), 4 * MAX_CHANNEL_MESSAGE_BYTES);
    for (const part of frames) expect(part.byteLength).toBeLessThanOrEqual(MAX_CHANNEL_MESSAGE_BYTES);
    expect(encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(ROOM + 1), Number.POSITIVE_INFINITY)).toHaveLength(2);
  });

  it('rounds a fractional maxMessageBytes down', () => {
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(100), 10.9);
    for (const part of frames) expect(part.byteLength).toBeLessThanOrEqual(10);
    expect(frames).toHaveLength(Math.ceil(100 / 8));
  });

  it.each([HEADER_BYTES, 2.9, 1, 0, -1, Number.NaN, Number.NEGATIVE_INFINITY])(
    'throws a RangeError instead of looping forever when maxMessageBytes is %s',
    (maxMessageBytes) => {
      expect(() => encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(10), maxMessageBytes)).toThrow(RangeError);
    },
  );

  it('leaves the payload it splits unchanged', () => {
    const payload = payloadOf(ROOM * 2 + 5);
    const copy = payload.slice();
    encodeControlFrames(CONTROL_KIND.SYNC, payload);
    expect(payload).toEqual(copy);
  });
});

describe('ControlReassembler', () => {
  describe('round trip with encodeControlFrames', () => {
    const sizes: [string, number][] = [
      ['an empty payload', 0],
      ['a small payload', 5],
      ['a payload that exactly fills one frame', ROOM],
      ['a payload one byte over one frame', ROOM + 1],
      ['a payload of exactly two frames', ROOM * 2],
      ['a 1 MB payload', 1024 * 1024],
    ];

    for (const [kindName, kind] of KINDS) {
      it.each(sizes)(`gives back ${kindName} with %s`, (_label, size) => {
        const payload = payloadOf(size, kind);
        expectPayload(reassemble(new ControlReassembler(), encodeControlFrames(kind, payload)), kind, payload);
      });
    }

    it.each([3, 16, 1000, 4096])('gives back a payload split with a custom maxMessageBytes of %i', (maxMessageBytes) => {
      const payload = payloadOf(10_000);
      const frames = encodeControlFrames(CONTROL_KIND.SYNC, payload, maxMessageBytes);
      expectPayload(reassemble(new ControlReassembler(), frames), CONTROL_KIND.SYNC, payload);
    });

    it('gives back several payloads of different kinds in a row', () => {
      const reassembler = new ControlReassembler();
      const payloads: [ControlKind, Uint8Array][] = [
        [CONTROL_KIND.SYNC, payloadOf(ROOM * 3 + 17, 1)],
        [CONTROL_KIND.AWARENESS, payloadOf(40, 2)],
        [CONTROL_KIND.MESSAGE, payloadOf(0, 3)],
        [CONTROL_KIND.SYNC, payloadOf(ROOM + 1, 4)],
      ];
      for (const [kind, payload] of payloads) {
        expectPayload(reassemble(reassembler, encodeControlFrames(kind, payload)), kind, payload);
      }
    });

    it('accepts an empty last fragment', () => {
      const reassembler = new ControlReassembler();
      expect(reassembler.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 1, 2))).toEqual({ ok: true, value: null });
      expectPayload(reassembler.push(frame(CONTROL_KIND.SYNC, 0)), CONTROL_KIND.SYNC, new Uint8Array([1, 2]));
    });
  });

  describe('with bad frames', () => {
    it.each([
      ['an empty frame', new Uint8Array(0)],
      ['a one-byte frame', new Uint8Array([CONTROL_KIND.SYNC])],
      ['a frame over MAX_CHANNEL_MESSAGE_BYTES', new Uint8Array(MAX_CHANNEL_MESSAGE_BYTES + 1)],
      ['an unknown kind 4', frame(4, 0, 1)],
      ['an unknown kind 255', frame(255, 0, 1)],
      ['the unknown flag 2', frame(CONTROL_KIND.SYNC, 2, 1)],
      ['MORE with an unknown flag', frame(CONTROL_KIND.SYNC, FLAG_MORE | 0x80, 1)],
      ['every flag set', frame(CONTROL_KIND.SYNC, 0xff, 1)],
    ])('refuses %s with INVALID_MESSAGE', (_label, bad) => {
      expectError(new ControlReassembler().push(bad), 'INVALID_MESSAGE');
    });

    it('refuses a change of kind in the middle of a fragmented payload', () => {
      const reassembler = new ControlReassembler();
      expect(reassembler.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 1))).toEqual({ ok: true, value: null });
      expectError(reassembler.push(frame(CONTROL_KIND.AWARENESS, 0, 2)), 'INVALID_MESSAGE');
    });

    it('refuses a single frame whose payload is over its maxPayloadBytes with MESSAGE_TOO_LARGE', () => {
      expectError(new ControlReassembler(4).push(frame(CONTROL_KIND.MESSAGE, 0, 1, 2, 3, 4, 5)), 'MESSAGE_TOO_LARGE');
    });

    it('accepts a fragmented payload of exactly its maxPayloadBytes', () => {
      const payload = payloadOf(1000);
      const frames = encodeControlFrames(CONTROL_KIND.SYNC, payload, 100);
      expectPayload(reassemble(new ControlReassembler(1000), frames), CONTROL_KIND.SYNC, payload);
    });

    it('counts every fragment against maxPayloadBytes and refuses the one that crosses it', () => {
      const reassembler = new ControlReassembler(1000);
      const frames = encodeControlFrames(CONTROL_KIND.SYNC, payloadOf(1001), 100);
      const results = frames.map((part) => reassembler.push(part));
      expect(results.slice(0, -1).every((result) => result.ok && result.value === null)).toBe(true);
      expectError(results[results.length - 1]!, 'MESSAGE_TOO_LARGE');
    });

    it('refuses a payload over MAX_CONTROL_PAYLOAD_BYTES by default', () => {
      const reassembler = new ControlReassembler();
      const fragment = new Uint8Array(MAX_CHANNEL_MESSAGE_BYTES);
      fragment[0] = CONTROL_KIND.SYNC;
      fragment[1] = FLAG_MORE;
      const fragmentsAtLimit = Math.floor(MAX_CONTROL_PAYLOAD_BYTES / ROOM);
      for (let i = 0; i < fragmentsAtLimit; i++) {
        const result = reassembler.push(fragment);
        if (!result.ok) throw new Error(`fragment ${i} refused: ${result.error.code}`);
      }
      expectError(reassembler.push(fragment), 'MESSAGE_TOO_LARGE');
    });
  });

  describe('after an error', () => {
    const good = payloadOf(ROOM * 2 + 9, 42);
    const failures: [string, (reassembler: ControlReassembler) => ReturnType<ControlReassembler['push']>][] = [
      ['a bad header byte', (r) => r.push(frame(7, 0, 1))],
      ['bad flags', (r) => r.push(frame(CONTROL_KIND.SYNC, 4, 1))],
      ['a frame shorter than 2 bytes', (r) => r.push(new Uint8Array([CONTROL_KIND.SYNC]))],
      [
        'a kind change mid-fragment',
        (r) => {
          r.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 0xaa, 0xbb));
          return r.push(frame(CONTROL_KIND.MESSAGE, 0, 0xcc));
        },
      ],
      [
        'a bad header in the middle of a fragmented payload',
        (r) => {
          r.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 0xaa, 0xbb));
          return r.push(frame(CONTROL_KIND.SYNC, 2, 0xcc));
        },
      ],
      [
        'a payload over its max',
        (r) => {
          const full = new Uint8Array(MAX_CHANNEL_MESSAGE_BYTES).fill(0xee);
          full[0] = CONTROL_KIND.SYNC;
          full[1] = FLAG_MORE;
          r.push(full);
          r.push(full);
          const refused = r.push(full);
          // The sender finishes its payload; those fragments are skipped, not delivered.
          const last = new Uint8Array(10);
          last[0] = CONTROL_KIND.SYNC;
          expect(r.push(last)).toEqual({ ok: true, value: null });
          return refused;
        },
      ],
    ];

    it.each(failures)('accepts a new good payload, with nothing left over, after %s', (_label, fail) => {
      const reassembler = new ControlReassembler(good.byteLength);
      expect(fail(reassembler).ok).toBe(false);
      expectPayload(reassemble(reassembler, encodeControlFrames(CONTROL_KIND.SYNC, good)), CONTROL_KIND.SYNC, good);
    });

    it('starts counting toward maxPayloadBytes from zero again', () => {
      const reassembler = new ControlReassembler(10);
      expect(reassembler.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 1, 2, 3, 4, 5, 6, 7, 8))).toEqual({ ok: true, value: null });
      expectError(reassembler.push(frame(CONTROL_KIND.SYNC, 0, 9, 10, 11)), 'MESSAGE_TOO_LARGE');
      const payload = payloadOf(10);
      expectPayload(reassemble(reassembler, encodeControlFrames(CONTROL_KIND.SYNC, payload, 7)), CONTROL_KIND.SYNC, payload);
    });

    it('accepts a new payload of a different kind after a kind change mid-fragment', () => {
      const reassembler = new ControlReassembler();
      reassembler.push(frame(CONTROL_KIND.SYNC, FLAG_MORE, 1));
      expect(reassembler.push(frame(CONTROL_KIND.AWARENESS, 0, 2)).ok).toBe(false);
      expectPayload(reassembler.push(frame(CONTROL_KIND.AWARENESS, 0, 3)), CONTROL_KIND.AWARENESS, new Uint8Array([3]));
    });
  });
});

describe('ControlReassembler after a refused payload', () => {
  it('drops the rest of an oversized payload instead of delivering its tail as a new one', () => {
    const reassembler = new ControlReassembler(100);
    const frames = encodeControlFrames(CONTROL_KIND.SYNC, new Uint8Array(300).fill(7), 52);
    const results = frames.map((frame) => reassembler.push(frame));
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    expect(results.some((r) => r.ok && r.value !== null)).toBe(false);
    const next = reassembler.push(encodeControlFrames(CONTROL_KIND.MESSAGE, new Uint8Array([1, 2, 3]))[0]!);
    expect(next.ok && next.value?.payload).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe('batches of control payloads (protocol version 2)', () => {
  const part = (kind: BatchableKind, ...bytes: number[]): ControlPayload => ({ kind, payload: new Uint8Array(bytes) });
  const plain = (payloads: readonly ControlPayload[]) => payloads.map((p) => ({ kind: p.kind, payload: [...p.payload] }));

  it('sends a lone payload as it is', () => {
    const only = part(CONTROL_KIND.SYNC, 1, 2, 3);
    expect(packControlPayloads([only])).toEqual([only]);
  });

  it('packs what one task sent into one batch that unpacks to the same payloads in order', () => {
    const parts = [part(CONTROL_KIND.SYNC, 1, 2), part(CONTROL_KIND.AWARENESS), part(CONTROL_KIND.MESSAGE, 9)];
    const packed = packControlPayloads(parts);
    expect(packed).toHaveLength(1);
    expect(packed[0]!.kind).toBe(CONTROL_KIND.BATCH);
    const unpacked = unpackControlPayload(packed[0]!);
    expect(unpacked.ok && plain(unpacked.value)).toEqual(plain(parts));
  });

  it('survives the channel framing: one channel message, reassembled and unpacked', () => {
    const parts = [part(CONTROL_KIND.SYNC, ...payloadOf(700)), part(CONTROL_KIND.AWARENESS, 4, 5)];
    const [batch] = packControlPayloads(parts);
    const frames = encodeControlFrames(batch!.kind, batch!.payload);
    expect(frames).toHaveLength(1);
    const result = new ControlReassembler().push(frames[0]!);
    if (!result.ok || !result.value) throw new Error('no payload');
    const unpacked = unpackControlPayload(result.value);
    expect(unpacked.ok && plain(unpacked.value)).toEqual(plain(parts));
  });

  it('starts a new batch where the next payload would not fit one channel message, and sends a large payload alone', () => {
    const big = part(CONTROL_KIND.SYNC, ...payloadOf(ROOM));
    const parts = [part(CONTROL_KIND.SYNC, 1), part(CONTROL_KIND.AWARENESS, 2), big, part(CONTROL_KIND.MESSAGE, 3), part(CONTROL_KIND.SYNC, 4)];
    const packed = packControlPayloads(parts);
    expect(packed.map((p) => p.kind)).toEqual([CONTROL_KIND.BATCH, CONTROL_KIND.SYNC, CONTROL_KIND.BATCH]);
    expect(packed[1]).toBe(big);
    const again = packed.flatMap((p) => {
      const unpacked = unpackControlPayload(p);
      if (!unpacked.ok) throw new Error(unpacked.error.code);
      return unpacked.value;
    });
    expect(plain(again)).toEqual(plain(parts));
    for (const p of packed) if (p.kind === CONTROL_KIND.BATCH) expect(encodeControlFrames(p.kind, p.payload)).toHaveLength(1);
  });

  it(`carries at most ${MAX_BATCH_PARTS} parts per batch`, () => {
    const parts = Array.from({ length: MAX_BATCH_PARTS * 2 + 1 }, (_, i) => part(CONTROL_KIND.AWARENESS, i));
    const packed = packControlPayloads(parts);
    expect(packed.map((p) => p.kind)).toEqual([CONTROL_KIND.BATCH, CONTROL_KIND.BATCH, CONTROL_KIND.AWARENESS]);
    const counts = packed.map((p) => {
      const unpacked = unpackControlPayload(p);
      return unpacked.ok ? unpacked.value.length : -1;
    });
    expect(counts).toEqual([MAX_BATCH_PARTS, MAX_BATCH_PARTS, 1]);
  });

  it('refuses to put a batch inside a batch when packing', () => {
    expect(() => packControlPayloads([part(CONTROL_KIND.SYNC, 1), { kind: CONTROL_KIND.BATCH, payload: new Uint8Array(0) }])).toThrow(RangeError);
  });

  const batchOf = (...bytes: number[]): ControlPayload => ({ kind: CONTROL_KIND.BATCH, payload: new Uint8Array(bytes) });
  it.each<[string, ControlPayload]>([
    ['an empty batch', batchOf()],
    ['a batch of one part', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7)],
    ['a part header cut short', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7, CONTROL_KIND.SYNC, 0, 0)],
    ['a part longer than the batch', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7, CONTROL_KIND.SYNC, 0, 0, 0, 9, 1)],
    ['a length near 4 GiB', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7, CONTROL_KIND.SYNC, 0xff, 0xff, 0xff, 0xff, 1)],
    ['a batch inside a batch', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7, CONTROL_KIND.BATCH, 0, 0, 0, 0)],
    ['a part of an unknown kind', batchOf(CONTROL_KIND.SYNC, 0, 0, 0, 1, 7, 9, 0, 0, 0, 0)],
  ])('refuses %s as a whole, with none of its parts', (_name, payload) => {
    const result = unpackControlPayload(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('INVALID_MESSAGE');
  });

  it(`refuses a batch of more than ${MAX_BATCH_PARTS} parts`, () => {
    const parts = Array.from({ length: MAX_BATCH_PARTS + 1 }, () => [CONTROL_KIND.AWARENESS, 0, 0, 0, 0]).flat();
    const result = unpackControlPayload(batchOf(...parts));
    expect(result.ok).toBe(false);
  });

  it('passes any other payload through as the only part', () => {
    const only = part(CONTROL_KIND.MESSAGE, 1);
    expect(unpackControlPayload(only)).toEqual({ ok: true, value: [only] });
  });
});
