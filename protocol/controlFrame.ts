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
} as const;
export type ControlKind = (typeof CONTROL_KIND)[keyof typeof CONTROL_KIND];

const FLAG_MORE = 1;
const HEADER_BYTES = 2;

export interface ControlPayload {
  readonly kind: ControlKind;
  readonly payload: Uint8Array;
}

function isControlKind(value: number): value is ControlKind {
  return value === CONTROL_KIND.SYNC || value === CONTROL_KIND.AWARENESS || value === CONTROL_KIND.MESSAGE;
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
