/**
 * What a page and its file worker (fileWorker.ts) say to each other. Every request but `close`
 * carries an id that its one reply repeats. Both sides check what arrives with the guards below
 * before using it: a malformed message is answered with `failed` (or dropped), never trusted.
 */
import { FILE_ERROR_CODES, type FileErrorCode } from '../../protocol/fileTransfer.js';

export type FileWorkerRequest =
  /** Receiver: start the transfer's hash, over its stored chunks first when `rehash` (after a reload). */
  | { readonly type: 'open-incoming'; readonly id: number; readonly transferId: string; readonly rehash: boolean }
  /** Receiver: hash these bytes and append them at `start` (one transaction with `storedBytes`). */
  | { readonly type: 'store'; readonly id: number; readonly transferId: string; readonly start: number; readonly parts: readonly Uint8Array[] }
  /** Sender: keep the File for reads. */
  | { readonly type: 'open-outgoing'; readonly id: number; readonly transferId: string; readonly file: File }
  /** Sender: read [start, end), hash [hashFrom, end) in file order, cut it into chunk frames. */
  | {
      readonly type: 'read-frames';
      readonly id: number;
      readonly transferId: string;
      readonly tag: number;
      readonly start: number;
      readonly end: number;
      readonly chunkBytes: number;
      readonly hashFrom: number | null;
    }
  /** Either side: the SHA-256 of everything hashed; the hash is finished afterwards. */
  | { readonly type: 'digest'; readonly id: number; readonly transferId: string }
  /** The transfer is over here: forget it. No reply. */
  | { readonly type: 'close'; readonly transferId: string };

export type FileWorkerReply =
  | { readonly type: 'opened'; readonly id: number }
  | { readonly type: 'stored'; readonly id: number; readonly stored: boolean }
  | { readonly type: 'frames'; readonly id: number; readonly frames: readonly ArrayBuffer[] }
  | { readonly type: 'digest'; readonly id: number; readonly sha256: string }
  /** The request could not be done; `code` is what the transfer fails with. */
  | { readonly type: 'failed'; readonly id: number; readonly code: FileErrorCode };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isOffset = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isId = (value: unknown): value is number => Number.isSafeInteger(value);
const isTransferId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 64;

/** The request, or null when it is not one the worker understands. */
export function parseFileWorkerRequest(raw: unknown): FileWorkerRequest | null {
  if (!isObject(raw) || !isTransferId(raw.transferId)) return null;
  if (raw.type === 'close') return raw as FileWorkerRequest;
  if (!isId(raw.id)) return null;
  switch (raw.type) {
    case 'open-incoming':
      return typeof raw.rehash === 'boolean' ? (raw as FileWorkerRequest) : null;
    case 'store':
      return isOffset(raw.start) && Array.isArray(raw.parts) && raw.parts.every((part) => part instanceof Uint8Array) ? (raw as FileWorkerRequest) : null;
    case 'open-outgoing':
      return raw.file instanceof File ? (raw as FileWorkerRequest) : null;
    case 'read-frames': {
      const { start, end, chunkBytes, tag, hashFrom } = raw;
      const fits = isOffset(start) && isOffset(end) && end > start && isOffset(chunkBytes) && chunkBytes > 0 && isOffset(tag);
      const hashFits = hashFrom === null || (isOffset(hashFrom) && isOffset(start) && isOffset(end) && hashFrom >= start && hashFrom <= end);
      return fits && hashFits ? (raw as FileWorkerRequest) : null;
    }
    case 'digest':
      return raw as FileWorkerRequest;
    default:
      return null;
  }
}

/** The reply, or null when it is not well-formed. */
export function parseFileWorkerReply(raw: unknown): FileWorkerReply | null {
  if (!isObject(raw) || !isId(raw.id)) return null;
  switch (raw.type) {
    case 'opened':
      return raw as FileWorkerReply;
    case 'stored':
      return typeof raw.stored === 'boolean' ? (raw as FileWorkerReply) : null;
    case 'frames':
      return Array.isArray(raw.frames) && raw.frames.every((frame) => frame instanceof ArrayBuffer) ? (raw as FileWorkerReply) : null;
    case 'digest':
      return typeof raw.sha256 === 'string' && /^[0-9a-f]{64}$/.test(raw.sha256) ? (raw as FileWorkerReply) : null;
    case 'failed':
      return (FILE_ERROR_CODES as readonly unknown[]).includes(raw.code) ? (raw as FileWorkerReply) : null;
    default:
      return null;
  }
}
