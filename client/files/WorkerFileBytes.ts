/**
 * The page's side of the file worker: each FileBytes call becomes one request and its reply.
 * The worker starts with the first transfer (nothing at page load). If it fails to load or
 * dies, every call waiting on it and every later call on it fails with FILE_WORKER_FAILED, and
 * the next transfer gets a fresh worker. Without Worker support the work stays on the page.
 */
import { FileBytesError, LocalFileBytes, type FileBytes, type ReadFramesRequest } from './FileBytes.js';
import { parseFileWorkerReply, type FileWorkerReply, type FileWorkerRequest } from './fileWorkerMessages.js';
import { yieldToEventLoop } from './yieldToEventLoop.js';

type Pending = { resolve: (reply: FileWorkerReply) => void; reject: (error: FileBytesError) => void };
/** A request without its id (added when sent); `close` is sent as is. */
type Ask = FileWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerFileBytes implements FileBytes {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed = false;

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (event: MessageEvent) => this.handleReply(event.data));
    // A script that cannot load, an error nothing in the worker caught, or a message that
    // cannot be read: the worker is not trusted with more bytes.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail();
    });
    worker.addEventListener('messageerror', () => this.fail());
  }

  async openIncoming(transferId: string, rehash: boolean): Promise<void> {
    await this.ask({ type: 'open-incoming', transferId, rehash }, 'opened');
  }

  async store(transferId: string, start: number, parts: Uint8Array[]): Promise<boolean> {
    // The chunks' own buffers move to the worker: no copy on this thread.
    const buffers = [...new Set(parts.map((part) => part.buffer as ArrayBuffer))];
    return (await this.ask({ type: 'store', transferId, start, parts }, 'stored', buffers)).stored;
  }

  async openOutgoing(transferId: string, file: File): Promise<void> {
    await this.ask({ type: 'open-outgoing', transferId, file }, 'opened');
  }

  async readFrames(transferId: string, request: ReadFramesRequest): Promise<ArrayBuffer[]> {
    const { tag, start, end, chunkBytes, hashFrom } = request;
    return [...(await this.ask({ type: 'read-frames', transferId, tag, start, end, chunkBytes, hashFrom }, 'frames')).frames];
  }

  async digest(transferId: string): Promise<string> {
    return (await this.ask({ type: 'digest', transferId }, 'digest')).sha256;
  }

  close(transferId: string): void {
    if (!this.failed) this.worker.postMessage({ type: 'close', transferId } satisfies FileWorkerRequest);
  }

  private ask<T extends FileWorkerReply['type']>(ask: Ask, expect: T, transfer: Transferable[] = []): Promise<Extract<FileWorkerReply, { type: T }>> {
    if (this.failed) return Promise.reject(new FileBytesError('FILE_WORKER_FAILED'));
    const id = this.nextId++;
    return new Promise<FileWorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ ...ask, id }, { transfer });
      } catch {
        this.pending.delete(id);
        reject(new FileBytesError('FILE_WORKER_FAILED'));
      }
    }).then((reply) => {
      if (reply.type === 'failed') throw new FileBytesError(reply.code);
      // A reply of the wrong kind means the two sides disagree: the worker cannot be trusted.
      if (reply.type !== expect) {
        this.fail();
        throw new FileBytesError('FILE_WORKER_FAILED');
      }
      return reply as Extract<FileWorkerReply, { type: T }>;
    });
  }

  private handleReply(raw: unknown): void {
    const reply = parseFileWorkerReply(raw);
    const waiting = reply ? this.pending.get(reply.id) : undefined;
    if (!reply || !waiting) return this.fail();
    this.pending.delete(reply.id);
    waiting.resolve(reply);
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    this.worker.terminate();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(new FileBytesError('FILE_WORKER_FAILED'));
    if (current === this) current = null;
  }
}

let current: FileBytes | null = null;

/**
 * The page's byte worker, started on first use (a fresh one after a failure). Where Worker does
 * not exist, the same work runs on the page, yielding between slices so chat is not held up.
 */
export function pageFileBytes(): FileBytes {
  if (current) return current;
  if (typeof Worker !== 'function') return (current = new LocalFileBytes(yieldToEventLoop));
  current = new WorkerFileBytes(new Worker(new URL('./fileWorker.ts', import.meta.url), { type: 'module', name: 'file-worker' }));
  return current;
}
