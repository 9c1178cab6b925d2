/**
 * File attachments. Control messages travel on the `control` channel as JSON; the bytes travel
 * on the `files` channel as binary chunk frames (below), so a transfer never delays chat.
 *
 *   sender                                   receiver
 *   file-offer {id, tag, name, size, …}  →
 *                                        ←   file-accept {id, offset}   (start, or resume after a lost link)
 *   chunk frames [tag, offset, bytes]    ⇒
 *                                        ←   file-ack {id, offset}      (stored durably up to offset)
 *   file-complete {id, sha256}           →   (all sent: the SHA-256 the sender computed while reading)
 *                                        ←   file-complete {id, sha256} (stored and verified)
 *   file-cancel {id} / file-error {id, code} either way, at any time.
 */
import * as v from 'valibot';
import type { ErrorCode } from './errors.js';
import { MAX_FILE_BYTES_CEILING } from './fileRules.js';
import { err, ok, type Result } from './result.js';

export const MAX_FILE_NAME_CHARS = 255;
/** A declared MIME type (`application/vnd.openxmlformats-…`); informational only. */
export const MAX_FILE_TYPE_CHARS = 127;
/** Chunk frame header: 4-byte tag, then the byte offset as two 4-byte halves (big-endian). */
export const FILE_CHUNK_HEADER_BYTES = 12;
/** Chromium accepts data-channel messages up to 256 KiB; a chunk and its header must fit. */
export const MAX_FILE_FRAME_BYTES = 256 * 1024;
export const MIN_FILE_CHUNK_BYTES = 1024;
export const MAX_FILE_CHUNK_BYTES = MAX_FILE_FRAME_BYTES - FILE_CHUNK_HEADER_BYTES;
export const MAX_FILE_TAG = 0xffff_ffff;

/** The codes a `file-error` may carry. */
export const FILE_ERROR_CODES = [
  'FILE_TYPE_NOT_ALLOWED',
  'FILE_TOO_LARGE',
  'FILE_HASH_MISMATCH',
  'FILE_STORAGE_FAILED',
  'FILE_SOURCE_GONE',
  'FILE_SESSION_ENDED',
  'FILE_PROTOCOL',
  'FILE_WORKER_FAILED',
] as const satisfies readonly ErrorCode[];
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

const transferId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));
const offset = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_FILE_BYTES_CEILING));
const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
/** A file name as shown: no path separators or control characters. */
const fileName = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_FILE_NAME_CHARS),
  // eslint-disable-next-line no-control-regex
  v.regex(/^[^/\\\u0000-\u001f\u007f]+$/, 'file names have no path separators or control characters'),
);

export const FileTransferIdSchema = transferId;
export const FileNameSchema = fileName;
export const Sha256HexSchema = sha256Hex;
export const FileSizeSchema = offset;

export const FILE_TRANSFER_SCHEMAS = {
  /** @example { type: 'file-offer', transferId: 'k2J9x0aQ', tag: 7, name: 'error.png', size: 48213, mimeType: 'image/png', chunkBytes: 65536 } */
  'file-offer': v.object({
    type: v.literal('file-offer'),
    transferId,
    tag: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_FILE_TAG)),
    name: fileName,
    size: offset,
    /** The MIME type the sender's browser declared; informational, never trusted for rendering. */
    mimeType: v.pipe(v.string(), v.maxLength(MAX_FILE_TYPE_CHARS)),
    chunkBytes: v.pipe(v.number(), v.integer(), v.minValue(MIN_FILE_CHUNK_BYTES), v.maxValue(MAX_FILE_CHUNK_BYTES)),
  }),
  /** Receiver: send from `offset` (0 to start; the last stored offset to resume). */
  'file-accept': v.object({ type: v.literal('file-accept'), transferId, offset }),
  /** Receiver: everything before `offset` is stored durably. */
  'file-ack': v.object({ type: v.literal('file-ack'), transferId, offset }),
  /** Sender: every byte is sent and this is the file's SHA-256. Receiver: stored and verified. */
  'file-complete': v.object({ type: v.literal('file-complete'), transferId, sha256: sha256Hex }),
  'file-cancel': v.object({ type: v.literal('file-cancel'), transferId }),
  'file-error': v.object({ type: v.literal('file-error'), transferId, code: v.picklist(FILE_ERROR_CODES) }),
} as const;

export interface FileChunk {
  readonly tag: number;
  readonly offset: number;
  /** A view into the frame; copy it to keep it past the message event. */
  readonly bytes: Uint8Array;
}

const TWO_POW_32 = 0x1_0000_0000;

/** One `files` channel message: header and payload in a single buffer. */
export function encodeFileChunk(tag: number, offset: number, bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const frame = new Uint8Array(FILE_CHUNK_HEADER_BYTES + bytes.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint32(0, tag);
  view.setUint32(4, Math.floor(offset / TWO_POW_32));
  view.setUint32(8, offset % TWO_POW_32);
  frame.set(bytes, FILE_CHUNK_HEADER_BYTES);
  return frame;
}

/**
 * Reads a chunk frame's header. Whether the chunk fits its transfer (known tag, expected
 * offset, size) is the receiver's to check; this only refuses frames no transfer could use.
 */
export function parseFileChunk(frame: unknown): Result<FileChunk, 'FILE_PROTOCOL'> {
  if (!(frame instanceof ArrayBuffer)) return err('FILE_PROTOCOL');
  if (frame.byteLength <= FILE_CHUNK_HEADER_BYTES || frame.byteLength > MAX_FILE_FRAME_BYTES) return err('FILE_PROTOCOL');
  const view = new DataView(frame);
  const offset = view.getUint32(4) * TWO_POW_32 + view.getUint32(8);
  if (offset > MAX_FILE_BYTES_CEILING) return err('FILE_PROTOCOL');
  return ok({ tag: view.getUint32(0), offset, bytes: new Uint8Array(frame, FILE_CHUNK_HEADER_BYTES) });
}
