/**
 * Framing of the `frames` channel (unordered, no retransmits). One encoded screen frame is
 * split into parts that each fit one channel message; each part carries a fixed header so
 * the receiver can put a frame back together in any arrival order, or drop it whole.
 *
 * Header, 24 bytes, big-endian:
 *   0  u8   format version (SCREEN_FRAME_VERSION)
 *   1  u8   kind: 0 = a part of a frame, 1 = "still": the picture has not changed since frame N
 *   2  u16  part index (0-based)
 *   4  u16  part count (0 for a still)
 *   6  u16  reserved, 0
 *   8  u32  frame number (grows by one per frame of one customer page)
 *   12 u32  frame size in bytes, all parts together (0 for a still)
 *   16 f64  capture time, epoch milliseconds (performance.timeOrigin + performance.now())
 */
import { protocolError, type ProtocolError } from './errors.js';
import { err, ok, type Result } from './result.js';

export const SCREEN_FRAME_VERSION = 1;
export const SCREEN_FRAME_HEADER_BYTES = 24;
/** Largest channel message of a frame (header included): every WebRTC stack delivers 16 KiB whole. */
export const MAX_FRAME_PART_BYTES = 16 * 1024;
/** Image bytes carried by one full part. */
export const FRAME_PART_PAYLOAD_BYTES = MAX_FRAME_PART_BYTES - SCREEN_FRAME_HEADER_BYTES;
/** Largest encoded frame, all parts together. */
export const MAX_FRAME_BYTES = 1024 * 1024;
/** Most parts one frame may have (a frame of MAX_FRAME_BYTES in full parts). */
export const MAX_FRAME_PARTS = Math.ceil(MAX_FRAME_BYTES / FRAME_PART_PAYLOAD_BYTES);
const MAX_FRAME_NUMBER = 0xffff_ffff;

const KIND_PART = 0;
const KIND_STILL = 1;

/** One encoded frame as the sender has it and the receiver gets it back. */
export interface ScreenFrame {
  readonly frameNumber: number;
  /** Epoch milliseconds when the picture was taken from the screen. */
  readonly capturedAtMs: number;
  readonly bytes: Uint8Array;
}

export interface FramePart {
  readonly kind: 'part';
  readonly frameNumber: number;
  readonly capturedAtMs: number;
  readonly partIndex: number;
  readonly partCount: number;
  readonly frameBytes: number;
  readonly payload: Uint8Array;
}

/** The picture is still the one of `frameNumber`: keeps the rep's "updated" time honest for free. */
export interface FrameStill {
  readonly kind: 'still';
  readonly frameNumber: number;
  readonly capturedAtMs: number;
}

export type FrameMessage = FramePart | FrameStill;

function header(kind: number, partIndex: number, partCount: number, frameNumber: number, frameBytes: number, capturedAtMs: number, payloadBytes: number): Uint8Array {
  const message = new Uint8Array(SCREEN_FRAME_HEADER_BYTES + payloadBytes);
  const view = new DataView(message.buffer);
  view.setUint8(0, SCREEN_FRAME_VERSION);
  view.setUint8(1, kind);
  view.setUint16(2, partIndex);
  view.setUint16(4, partCount);
  view.setUint32(8, frameNumber);
  view.setUint32(12, frameBytes);
  view.setFloat64(16, capturedAtMs);
  return message;
}

function validFrameNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_FRAME_NUMBER;
}

function validCaptureTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15;
}

/**
 * Splits one encoded frame into channel messages of at most `partPayloadBytes` image bytes
 * each (plus the header). Refuses an empty frame, one over MAX_FRAME_BYTES, or one that
 * would need more than MAX_FRAME_PARTS parts.
 */
export function splitScreenFrame(frame: ScreenFrame, partPayloadBytes: number = FRAME_PART_PAYLOAD_BYTES): Result<Uint8Array[], ProtocolError> {
  const room = Math.floor(Math.min(partPayloadBytes, FRAME_PART_PAYLOAD_BYTES));
  if (!(room >= 1)) return err(protocolError('INVALID_MESSAGE', 'part size too small'));
  if (!validFrameNumber(frame.frameNumber) || !validCaptureTime(frame.capturedAtMs)) {
    return err(protocolError('INVALID_MESSAGE', 'bad frame number or capture time'));
  }
  const total = frame.bytes.byteLength;
  if (total === 0) return err(protocolError('INVALID_MESSAGE', 'empty frame'));
  if (total > MAX_FRAME_BYTES) return err(protocolError('MESSAGE_TOO_LARGE', `frame of ${total} bytes`));
  const count = Math.ceil(total / room);
  if (count > MAX_FRAME_PARTS) return err(protocolError('MESSAGE_TOO_LARGE', `frame needs ${count} parts`));
  const parts: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const payload = frame.bytes.subarray(index * room, Math.min(total, (index + 1) * room));
    const message = header(KIND_PART, index, count, frame.frameNumber, total, frame.capturedAtMs, payload.byteLength);
    message.set(payload, SCREEN_FRAME_HEADER_BYTES);
    parts.push(message);
  }
  return ok(parts);
}

/** A header-only message saying the picture is unchanged since `frameNumber`. */
export function encodeFrameStill(frameNumber: number, capturedAtMs: number): Uint8Array {
  return header(KIND_STILL, 0, 0, frameNumber, 0, capturedAtMs, 0);
}

/** Validates one message from the `frames` channel; never throws. */
export function parseFrameMessage(data: unknown): Result<FrameMessage, ProtocolError> {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : null;
  if (!bytes) return err(protocolError('INVALID_MESSAGE', 'not binary'));
  if (bytes.byteLength < SCREEN_FRAME_HEADER_BYTES) return err(protocolError('INVALID_MESSAGE', 'short frame message'));
  if (bytes.byteLength > MAX_FRAME_PART_BYTES) return err(protocolError('MESSAGE_TOO_LARGE', 'frame part too large'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== SCREEN_FRAME_VERSION) return err(protocolError('UNSUPPORTED_VERSION', 'frame format'));
  const kind = view.getUint8(1);
  const partIndex = view.getUint16(2);
  const partCount = view.getUint16(4);
  const frameNumber = view.getUint32(8);
  const frameBytes = view.getUint32(12);
  const capturedAtMs = view.getFloat64(16);
  if (view.getUint16(6) !== 0 || !validCaptureTime(capturedAtMs)) return err(protocolError('INVALID_MESSAGE', 'bad frame header'));
  const payload = bytes.subarray(SCREEN_FRAME_HEADER_BYTES);
  if (kind === KIND_STILL) {
    if (partIndex !== 0 || partCount !== 0 || frameBytes !== 0 || payload.byteLength !== 0) {
      return err(protocolError('INVALID_MESSAGE', 'bad still message'));
    }
    return ok({ kind: 'still', frameNumber, capturedAtMs });
  }
  if (kind !== KIND_PART) return err(protocolError('INVALID_MESSAGE', 'unknown frame message kind'));
  if (partCount < 1 || partCount > MAX_FRAME_PARTS || partIndex >= partCount) return err(protocolError('INVALID_MESSAGE', 'bad part numbering'));
  if (frameBytes < 1 || frameBytes > MAX_FRAME_BYTES) return err(protocolError('MESSAGE_TOO_LARGE', 'bad frame size'));
  if (payload.byteLength < 1 || payload.byteLength > frameBytes) return err(protocolError('INVALID_MESSAGE', 'bad part size'));
  return ok({ kind: 'part', frameNumber, capturedAtMs, partIndex, partCount, frameBytes, payload });
}
