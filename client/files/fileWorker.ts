/**
 * The page's file worker: hashes, stores and reads transfer bytes off the main thread, so the
 * chat and the data channels' handlers never wait behind them. Started by WorkerFileBytes when
 * the first transfer starts; the bytes cross in both directions as transferred buffers.
 */
import type { FileErrorCode } from '../../protocol/fileTransfer.js';
import { FileBytesError, LocalFileBytes } from './FileBytes.js';
import { parseFileWorkerRequest, type FileWorkerReply, type FileWorkerRequest } from './fileWorkerMessages.js';

const bytes = new LocalFileBytes();
/**
 * Bytes this worker stored and read: read by the browser tests through Playwright's worker
 * handle (`worker.evaluate`), which is how they see the work happen here and not on the page.
 */
const totals = { storedBytes: 0, readBytes: 0 };
(self as unknown as { fileWorkerTotals: typeof totals }).fileWorkerTotals = totals;

function reply(message: FileWorkerReply, transfer: Transferable[] = []): void {
  // The project's types are the page's (DOM); a worker's postMessage takes the same options.
  self.postMessage(message, { transfer });
}

async function handle(request: Exclude<FileWorkerRequest, { type: 'close' }>): Promise<void> {
  switch (request.type) {
    case 'open-incoming':
      await bytes.openIncoming(request.transferId, request.rehash);
      return reply({ type: 'opened', id: request.id });
    case 'store': {
      const stored = await bytes.store(request.transferId, request.start, [...request.parts]);
      if (stored) totals.storedBytes += request.parts.reduce((sum, part) => sum + part.byteLength, 0);
      return reply({ type: 'stored', id: request.id, stored });
    }
    case 'open-outgoing':
      await bytes.openOutgoing(request.transferId, request.file);
      return reply({ type: 'opened', id: request.id });
    case 'read-frames': {
      const frames = await bytes.readFrames(request.transferId, request);
      totals.readBytes += request.end - request.start;
      return reply({ type: 'frames', id: request.id, frames }, frames);
    }
    case 'digest':
      return reply({ type: 'digest', id: request.id, sha256: await bytes.digest(request.transferId) });
    default:
      return assertNever(request);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected request ${(value as { type?: unknown }).type}`);
}

self.addEventListener('message', (event: MessageEvent) => {
  const request = parseFileWorkerRequest(event.data);
  if (!request) {
    const id = (event.data as { id?: unknown } | null)?.id;
    if (Number.isSafeInteger(id)) reply({ type: 'failed', id: id as number, code: 'FILE_WORKER_FAILED' });
    return;
  }
  if (request.type === 'close') return bytes.close(request.transferId);
  handle(request).catch((error: unknown) => {
    const code: FileErrorCode = error instanceof FileBytesError ? error.code : 'FILE_WORKER_FAILED';
    if (!(error instanceof FileBytesError)) console.warn('file worker: request failed', error instanceof Error ? error.name : 'error');
    reply({ type: 'failed', id: request.id, code });
  });
});
