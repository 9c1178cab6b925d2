/**
 * The per-byte work of file transfers: hashing, storing received chunks, reading and framing
 * the sent File. LocalFileBytes does it where it runs: inside the file worker (fileWorker.ts)
 * normally, on the page itself only where there is no Worker. WorkerFileBytes is the page's
 * proxy to the worker; both answer to this interface, so the transfers do not know which runs.
 */
import { encodeFileChunk, type FileErrorCode } from '../../protocol/fileTransfer.js';
import { appendChunk, readChunks } from '../storage/fileStore.js';
import { HASH_SLICE_BYTES } from './chunker.js';
import { createSha256Stream, type Sha256Stream } from './sha256Stream.js';

export interface ReadFramesRequest {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
  readonly chunkBytes: number;
  /** Hash [hashFrom, end) after everything asked for before; null: already hashed. */
  readonly hashFrom: number | null;
}

export interface FileBytes {
  /** Receiver: starts the transfer's hash, over its stored chunks first when `rehash`. */
  openIncoming(transferId: string, rehash: boolean): Promise<void>;
  /**
   * Receiver: hashes `parts` and appends them at `start`, durably; false when storage refused
   * or failed. The parts' buffers may be handed over (detached): do not use them afterwards.
   */
  store(transferId: string, start: number, parts: Uint8Array[]): Promise<boolean>;
  /** Sender: keeps the File to read from. */
  openOutgoing(transferId: string, file: File): Promise<void>;
  /** Sender: the chunk frames of [start, end), ready for `RTCDataChannel.send`. */
  readFrames(transferId: string, request: ReadFramesRequest): Promise<ArrayBuffer[]>;
  /** The SHA-256 (hex) of everything hashed for the transfer; call once, at the end. */
  digest(transferId: string): Promise<string>;
  /** The transfer is over: its hash and File are let go. */
  close(transferId: string): void;
}

/** A failure with the code its transfer ends with. */
export class FileBytesError extends Error {
  constructor(readonly code: FileErrorCode) {
    super(code);
    this.name = 'FileBytesError';
  }
}

/** The code a failed FileBytes call ends its transfer with. */
export function failureCode(error: unknown, otherwise: FileErrorCode): FileErrorCode {
  return error instanceof FileBytesError ? error.code : otherwise;
}

interface TransferBytes {
  readonly hash: Promise<Sha256Stream>;
  /** Hashing runs in request order, whatever order the reads finish in. */
  hashing: Promise<void>;
  file: File | null;
}

export class LocalFileBytes implements FileBytes {
  private readonly transfers = new Map<string, TransferBytes>();

  /** `pause` lets other work run between slices of hashing: the page's chat, on the fallback path. */
  constructor(private readonly pause: (() => Promise<void>) | null = null) {}

  async openIncoming(transferId: string, rehash: boolean): Promise<void> {
    const hash = createSha256Stream();
    const transfer: TransferBytes = { hash, hashing: Promise.resolve(), file: null };
    this.transfers.set(transferId, transfer);
    const stream = await hash.catch(() => Promise.reject(new FileBytesError('FILE_WORKER_FAILED')));
    if (!rehash) return;
    transfer.hashing = (async () => {
      try {
        for (const chunk of await readChunks(transferId)) await this.hashParts(stream, [new Uint8Array(await chunk.arrayBuffer())]);
      } catch {
        throw new FileBytesError('FILE_STORAGE_FAILED');
      }
    })();
    await transfer.hashing;
  }

  async store(transferId: string, start: number, parts: Uint8Array[]): Promise<boolean> {
    const transfer = this.get(transferId);
    transfer.hashing = transfer.hashing.then(async () => this.hashParts(await transfer.hash, parts));
    await transfer.hashing;
    const blob = new Blob(parts as Uint8Array<ArrayBuffer>[]);
    try {
      return await appendChunk(transferId, start, blob);
    } catch (error) {
      console.warn('file transfer: could not store a chunk', error instanceof Error ? error.name : 'error');
      return false;
    }
  }

  async openOutgoing(transferId: string, file: File): Promise<void> {
    const hash = createSha256Stream();
    this.transfers.set(transferId, { hash, hashing: Promise.resolve(), file });
    await hash.catch(() => Promise.reject(new FileBytesError('FILE_WORKER_FAILED')));
  }

  async readFrames(transferId: string, request: ReadFramesRequest): Promise<ArrayBuffer[]> {
    const transfer = this.get(transferId);
    const file = transfer.file;
    if (!file) throw new FileBytesError('FILE_SOURCE_GONE');
    const { start, end, hashFrom } = request;
    const bytes = file
      .slice(start, end)
      .arrayBuffer()
      .then((buffer) => {
        if (buffer.byteLength !== end - start) throw new FileBytesError('FILE_SOURCE_GONE'); // the file changed on disk
        return new Uint8Array(buffer);
      });
    // Chained when asked, not when read: a read-ahead finishing first still hashes second.
    if (hashFrom !== null && hashFrom < end) {
      transfer.hashing = transfer.hashing.then(async () => this.hashParts(await transfer.hash, [(await bytes).subarray(hashFrom - start)]));
      // A failed read leaves the chain failed (later digests fail too); it is reported below, once.
      transfer.hashing.catch(() => undefined);
    }
    let block: Uint8Array;
    try {
      block = await bytes;
      await transfer.hashing;
    } catch (error) {
      throw error instanceof FileBytesError ? error : new FileBytesError('FILE_SOURCE_GONE');
    }
    const frames: ArrayBuffer[] = [];
    for (let offset = 0; offset < block.byteLength; offset += request.chunkBytes) {
      frames.push(encodeFileChunk(request.tag, start + offset, block.subarray(offset, offset + request.chunkBytes)).buffer);
    }
    return frames;
  }

  async digest(transferId: string): Promise<string> {
    const transfer = this.get(transferId);
    await transfer.hashing;
    return (await transfer.hash).digestHex();
  }

  close(transferId: string): void {
    this.transfers.delete(transferId);
  }

  private get(transferId: string): TransferBytes {
    const transfer = this.transfers.get(transferId);
    if (!transfer) throw new FileBytesError('FILE_WORKER_FAILED');
    return transfer;
  }

  /** Feeds the hash in slices, pausing between them when there is a page to keep responsive. */
  private async hashParts(hash: Sha256Stream, parts: readonly Uint8Array[]): Promise<void> {
    let sincePause = 0;
    for (const part of parts) {
      for (let at = 0; at < part.byteLength; at += HASH_SLICE_BYTES) {
        if (this.pause && sincePause >= HASH_SLICE_BYTES) {
          sincePause = 0;
          await this.pause();
        }
        const slice = part.subarray(at, at + HASH_SLICE_BYTES);
        hash.update(slice);
        sincePause += slice.byteLength;
      }
    }
  }
}
