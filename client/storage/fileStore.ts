/**
 * File attachments in IndexedDB (issue 4): one record per transfer (either direction), and the
 * received bytes as chunk Blobs keyed by [transferId, offset]. A chunk and the record's
 * `storedBytes` are written in one transaction, so the stored chunks always cover exactly
 * [0, storedBytes): that is the offset a transfer resumes from after a lost link or a reload.
 */
import type { ErrorCode } from '../../protocol/errors.js';
import type { Role, SessionId } from '../../protocol/ids.js';
import { openSupportDb } from './db.js';

export type TransferDirection = 'in' | 'out';
export type TransferState = 'offered' | 'sending' | 'receiving' | 'complete' | 'cancelled' | 'failed';
/** Raster types previewed inline, decided from the bytes (client/files/sniffContent.ts). */
export type PreviewType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export interface FileTransferRecord {
  readonly transferId: string;
  readonly sessionId: SessionId;
  readonly direction: TransferDirection;
  /** The sender's numeric tag in chunk frames. */
  readonly tag: number;
  readonly name: string;
  readonly size: number;
  readonly mimeType: string;
  readonly chunkBytes: number;
  readonly createdAt: number;
  state: TransferState;
  /** Receiver: bytes stored, chunks cover [0, storedBytes). Sender: bytes the receiver acknowledged. */
  storedBytes: number;
  /** Set when complete: the verified SHA-256 (hex). */
  sha256?: string;
  /** Receiver: the SHA-256 the sender announced after its last chunk. */
  expectedSha256?: string;
  errorCode?: ErrorCode;
  cancelledBy?: Role;
  previewType?: PreviewType;
  /** The first bytes do not match the name's extension. */
  contentMismatch?: boolean;
  updatedAt: number;
}

export interface FileChunkRecord {
  readonly transferId: string;
  readonly offset: number;
  readonly bytes: Blob;
}

/** The store types, for db.ts's schema. */
export interface FileStores {
  fileTransfers: { key: string; value: FileTransferRecord; indexes: { bySessionId: string } };
  fileChunks: { key: [string, number]; value: FileChunkRecord };
}

const chunkRange = (transferId: string) => IDBKeyRange.bound([transferId, 0], [transferId, Number.MAX_SAFE_INTEGER]);

export async function putTransfer(record: FileTransferRecord): Promise<void> {
  await (await openSupportDb()).put('fileTransfers', { ...record, updatedAt: Date.now() });
}

/** Merges fields into a stored transfer; does nothing if it is gone. */
export async function updateTransfer(transferId: string, fields: Partial<FileTransferRecord>): Promise<void> {
  const database = await openSupportDb();
  const tx = database.transaction('fileTransfers', 'readwrite');
  const record = await tx.store.get(transferId);
  if (record) await tx.store.put({ ...record, ...fields, updatedAt: Date.now() });
  await tx.done;
}

export async function listSessionTransfers(sessionId: SessionId): Promise<FileTransferRecord[]> {
  return (await openSupportDb()).getAllFromIndex('fileTransfers', 'bySessionId', sessionId);
}

/**
 * Stores the bytes [offset, offset + bytes.size) and moves `storedBytes` past them, atomically.
 * Refuses (false) unless they continue exactly where the stored chunks end.
 */
export async function appendChunk(transferId: string, offset: number, bytes: Blob): Promise<boolean> {
  const database = await openSupportDb();
  const tx = database.transaction(['fileTransfers', 'fileChunks'], 'readwrite');
  const transfers = tx.objectStore('fileTransfers');
  const record = await transfers.get(transferId);
  if (!record || record.storedBytes !== offset || record.state !== 'receiving') {
    tx.abort();
    await tx.done.catch(() => undefined);
    return false;
  }
  await tx.objectStore('fileChunks').put({ transferId, offset, bytes });
  await transfers.put({ ...record, storedBytes: offset + bytes.size, updatedAt: Date.now() });
  await tx.done;
  return true;
}

/** The stored chunks in offset order (Blob handles: the bytes stay on disk until read). */
export async function readChunks(transferId: string): Promise<Blob[]> {
  const chunks = await (await openSupportDb()).getAll('fileChunks', chunkRange(transferId));
  return chunks.map((chunk) => chunk.bytes);
}

export async function deleteChunks(transferId: string): Promise<void> {
  await (await openSupportDb()).delete('fileChunks', chunkRange(transferId));
}

/**
 * The received file as one Blob made of the stored chunk Blobs (never read into memory here).
 * Typed as opaque bytes: nothing the browser would render or run.
 */
export async function storedFile(transferId: string, type = 'application/octet-stream'): Promise<Blob> {
  return new Blob(await readChunks(transferId), { type });
}
