/**
 * The file attachments of a past conversation, read from this browser's storage: what each
 * transfer came to, the received files to download again, previews. Nothing is sent, nothing
 * resumes; a transfer the session left unfinished shows as failed because the session ended.
 */
import { DEFAULT_FILE_RULES, type FileRules } from '../../protocol/fileRules.js';
import type { SessionId } from '../../protocol/ids.js';
import { Emitter } from '../core/Emitter.js';
import { listSessionTransfers, storedFile, type FileTransferRecord } from '../storage/fileStore.js';
import type { TransferView } from './TransferHost.js';
import type { TransferSource } from './TransferSource.js';

const FINAL_STATES: readonly string[] = ['complete', 'cancelled', 'failed'];

/** A stored record as the log shows it once its session is over. */
export function pastTransferView(record: FileTransferRecord): TransferView {
  const unfinished = !FINAL_STATES.includes(record.state);
  return {
    transferId: record.transferId,
    direction: record.direction,
    state: unfinished ? 'failed' : record.state,
    name: record.name,
    size: record.size,
    bytesDone: record.storedBytes,
    bytesPerSecond: null,
    etaMs: null,
    ...(record.sha256 ? { sha256: record.sha256 } : {}),
    ...(unfinished ? { errorCode: 'FILE_SESSION_ENDED' as const } : record.errorCode ? { errorCode: record.errorCode } : {}),
    ...(record.cancelledBy ? { cancelledBy: record.cancelledBy } : {}),
    ...(record.previewType ? { previewType: record.previewType } : {}),
    contentMismatch: record.contentMismatch === true,
  };
}

export class StoredTransfers extends Emitter<{ change: string | null }> implements TransferSource {
  readonly rules: FileRules = DEFAULT_FILE_RULES;
  private records = new Map<string, FileTransferRecord>();

  constructor(sessionId: SessionId) {
    super();
    void listSessionTransfers(sessionId)
      .then((records) => {
        this.records = new Map(records.map((record) => [record.transferId, record]));
        for (const record of records) this.emit('change', record.transferId);
      })
      .catch((error: unknown) => console.warn('past chat: could not load stored files', error));
  }

  view(transferId: string): TransferView | null {
    const record = this.records.get(transferId);
    return record ? pastTransferView(record) : null;
  }

  async receivedFile(transferId: string): Promise<Blob | null> {
    const record = this.records.get(transferId);
    return record?.direction === 'in' && record.state === 'complete' ? storedFile(transferId) : null;
  }

  async previewBlob(transferId: string): Promise<Blob | null> {
    const record = this.records.get(transferId);
    // Only the receiver kept the bytes; the sender's File did not outlive its page.
    if (!record?.previewType || record.direction !== 'in' || record.state !== 'complete') return null;
    return storedFile(transferId, record.previewType);
  }
}
