/**
 * Framing of the `control` data channel. Every message is binary:
 * byte 0 the kind, byte 1 flags, then the payload. Payloads larger than one channel message
 * are split into fragments; the channel is ordered and reliable, so fragments arrive in order
 * and the last one has no MORE flag. The reassembler bounds what it will hold.
 */
import { protocolError, type ProtocolError } from './errors.js';
import { MAX_CHANNEL_MESSAGE_BYTES, MAX_CONTROL_PAYLOAD_BYTES } from './limits.js';
import { err, ok, type Result } from './result.js';

export const CONTROL_KIND = {
  /** A y-protocols sync message (step 1, step 2 or update). */
  SYNC: 0,
  /** A y-protocols awareness update (typing, presence). */
  AWARENESS: 1,
  /** A UTF-8 JSON `PeerMessage`. */
  MESSAGE: 2,
  /**
   * Several of the kinds above in one channel message (protocol version 2): what one task
   * produces (a chat update and the typing signal it clears) reaches the peer as one message,
   * handled in one task there. Sent only to a peer whose hello said version 2 or later.
   */
  BATCH: 3,
} as const;
export type ControlKind = (typeof CONTROL_KIND)[keyof typeof CONTROL_KIND];

const FLAG_MORE = 1;
const HEADER_BYTES = 2;

export interface ControlPayload {
  readonly kind: ControlKind;
  readonly payload: Uint8Array;
}

/** The kinds a batch may carry: anything but another batch. */
export type BatchableKind = Exclude<ControlKind, typeof CONTROL_KIND.BATCH>;

/** Parts one batch may carry; a sender's task rarely makes more than three. */
export const MAX_BATCH_PARTS = 32;
/** Each part in a batch: kind (1 byte) and payload length (4 bytes, big-endian), then the payload. */
const BATCH_PART_HEADER_BYTES = 5;

function isControlKind(value: number): value is ControlKind {
  return isBatchableKind(value) || value === CONTROL_KIND.BATCH;
}

function isBatchableKind(value: number): value is BatchableKind {
  return value === CONTROL_KIND.SYNC || value === CONTROL_KIND.AWARENESS || value === CONTROL_KIND.MESSAGE;
}

/**
 * What to send for the payloads one task queued, in order: consecutive payloads that fit in one
 * channel message together (at most MAX_BATCH_PARTS) become one BATCH payload; a lone payload,
 * or one too large to share a message, goes as it is (and is fragmented as usual).
 */
export function packControlPayloads(
  parts: readonly ControlPayload[],
  maxMessageBytes: number = MAX_CHANNEL_MESSAGE_BYTES,
): ControlPayload[] {
  const room = Math.min(Math.floor(maxMessageBytes), MAX_CHANNEL_MESSAGE_BYTES) - HEADER_BYTES;
  const out: ControlPayload[] = [];
  let group: ControlPayload[] = [];
  let groupBytes = 0;
  const close = () => {
    if (group.length === 1) out.push(group[0]!);
    else if (group.length > 1) out.push({ kind: CONTROL_KIND.BATCH, payload: encodeBatch(group, groupBytes) });
    group = [];
    groupBytes = 0;
  };
  for (const part of parts) {
    if (part.kind === CONTROL_KIND.BATCH) throw new RangeError('a batch cannot carry a batch');
    const bytes = BATCH_PART_HEADER_BYTES + part.payload.byteLength;
    if (group.length > 0 && (groupBytes + bytes > room || group.length === MAX_BATCH_PARTS)) close();
    group.push(part);
    groupBytes += bytes;
  }
  close();
  return out;
}

function encodeBatch(parts: readonly ControlPayload[], totalBytes: number): Uint8Array {
  const out = new Uint8Array(totalBytes);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const part of parts) {
    out[offset] = part.kind;
    view.setUint32(offset + 1, part.payload.byteLength);
    out.set(part.payload, offset + BATCH_PART_HEADER_BYTES);
    offset += BATCH_PART_HEADER_BYTES + part.payload.byteLength;
  }
  return out;
}

/**
 * The payloads one received payload stands for, in order: itself, or the parts of a batch
 * (see decodeControlBatch). What a channel's reader hands on, part by part.
 */
export function unpackControlPayload(payload: ControlPayload): Result<ControlPayload[], ProtocolError> {
  return payload.kind === CONTROL_KIND.BATCH ? decodeControlBatch(payload.payload) : ok([payload]);
}

/** The parts of a BATCH payload, or why it is malformed (nothing of a bad batch is used). */
export function decodeControlBatch(payload: Uint8Array): Result<ControlPayload[], ProtocolError> {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const parts: ControlPayload[] = [];
  let offset = 0;
  while (offset < payload.byteLength) {
    if (parts.length === MAX_BATCH_PARTS) return err(protocolError('INVALID_MESSAGE', 'batch has too many parts'));
    if (payload.byteLength - offset < BATCH_PART_HEADER_BYTES) return err(protocolError('INVALID_MESSAGE', 'batch part header cut short'));
    const kind = payload[offset]!;
    const length = view.getUint32(offset + 1);
    if (!isBatchableKind(kind)) return err(protocolError('INVALID_MESSAGE', 'batch part of a kind a batch cannot carry'));
    const start = offset + BATCH_PART_HEADER_BYTES;
    if (length > payload.byteLength - start) return err(protocolError('INVALID_MESSAGE', 'batch part longer than the batch'));
    parts.push({ kind, payload: payload.subarray(start, start + length) });
    offset = start + length;
  }
  if (parts.length < 2) return err(protocolError('INVALID_MESSAGE', 'batch of fewer than two parts'));
  return ok(parts);
}

/**
 * Splits one payload into channel messages of at most `maxMessageBytes` each (never more than
 * MAX_CHANNEL_MESSAGE_BYTES, which is all a `ControlReassembler` accepts).
 */
export function encodeControlFrames(
  kind: ControlKind,
  payload: Uint8Array,
  maxMessageBytes: number = MAX_CHANNEL_MESSAGE_BYTES,
): Uint8Array[] {
  // A frame with no room for payload would make the loop below run forever.
  const frameBytes = Math.min(Math.floor(maxMessageBytes), MAX_CHANNEL_MESSAGE_BYTES);
  if (!(frameBytes > HEADER_BYTES)) throw new RangeError(`maxMessageBytes must be at least ${HEADER_BYTES + 1}`);
  const room = frameBytes - HEADER_BYTES;
  const frames: Uint8Array[] = [];
  let offset = 0;
  do {
    const end = Math.min(payload.byteLength, offset + room);
    const frame = new Uint8Array(HEADER_BYTES + (end - offset));
    frame[0] = kind;
    frame[1] = end < payload.byteLength ? FLAG_MORE : 0;
    frame.set(payload.subarray(offset, end), HEADER_BYTES);
    frames.push(frame);
    offset = end;
  } while (offset < payload.byteLength);
  return frames;
}

/** Joins fragments back into payloads; one instance per channel. */
export class ControlReassembler {
  private parts: Uint8Array[] = [];
  private kind: ControlKind | null = null;
  private bytes = 0;
  /** After a refused fragment, the rest of that payload is dropped up to its last fragment. */
  private discarding = false;

  constructor(private readonly maxPayloadBytes: number = MAX_CONTROL_PAYLOAD_BYTES) {}

  /** Returns the complete payload, `null` while more fragments are due, or an error. */
  push(frame: Uint8Array): Result<ControlPayload | null, ProtocolError> {
    if (frame.byteLength < HEADER_BYTES || frame.byteLength > MAX_CHANNEL_MESSAGE_BYTES) {
      return this.fail('bad frame size', 'INVALID_MESSAGE', false);
    }
    const kind = frame[0]!;
    const flags = frame[1]!;
    if (this.discarding) {
      if ((flags & FLAG_MORE) === 0) this.discarding = false;
      return ok(null);
    }
    const more = (flags & FLAG_MORE) !== 0;
    if (!isControlKind(kind) || (flags & ~FLAG_MORE) !== 0) return this.fail('bad frame header', 'INVALID_MESSAGE', more);
    if (this.kind !== null && this.kind !== kind) return this.fail('fragment kind changed', 'INVALID_MESSAGE', more);
    this.bytes += frame.byteLength - HEADER_BYTES;
    if (this.bytes > this.maxPayloadBytes) return this.fail('payload too large', 'MESSAGE_TOO_LARGE', more);
    this.kind = kind;
    this.parts.push(frame.subarray(HEADER_BYTES));
    if (flags & FLAG_MORE) return ok(null);
    const payload = this.parts.length === 1 ? this.parts[0]! : concat(this.parts, this.bytes);
    this.reset();
    return ok({ kind, payload });
  }

  /** `moreFollows`: the refused frame said fragments follow; they belong to it and are skipped. */
  private fail(detail: string, code: 'INVALID_MESSAGE' | 'MESSAGE_TOO_LARGE', moreFollows: boolean) {
    this.discarding = moreFollows;
    this.reset();
    return err(protocolError(code, detail));
  }

  private reset(): void {
    this.parts = [];
    this.kind = null;
    this.bytes = 0;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
