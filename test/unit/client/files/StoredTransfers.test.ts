import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../../protocol/ids.js';
import { pastTransferView } from '../../../../client/files/StoredTransfers.js';
import type { FileTransferRecord, TransferState } from '../../../../client/storage/fileStore.js';

const record = (state: TransferState, fields: Partial<FileTransferRecord> = {}): FileTransferRecord => ({
  transferId: 'transfer-0001',
  sessionId: 'session-1' as SessionId,
  direction: 'in',
  tag: 1,
  name: 'log.txt',
  size: 1000,
  mimeType: 'text/plain',
  chunkBytes: 256,
  createdAt: 1,
  state,
  storedBytes: 500,
  updatedAt: 2,
  ...fields,
});

describe('pastTransferView', () => {
  it('shows a transfer the session left unfinished as failed because the session ended', () => {
    for (const state of ['offered', 'sending', 'receiving'] as const) {
      const view = pastTransferView(record(state));
      expect(view.state).toBe('failed');
      expect(view.errorCode).toBe('FILE_SESSION_ENDED');
      expect(view.bytesDone).toBe(500);
    }
  });

  it('keeps how a finished transfer ended: hash, who cancelled, why it failed, preview type', () => {
    const hash = 'a'.repeat(64);
    expect(pastTransferView(record('complete', { sha256: hash, previewType: 'image/png', storedBytes: 1000 }))).toMatchObject({
      state: 'complete',
      sha256: hash,
      previewType: 'image/png',
      bytesDone: 1000,
    });
    expect(pastTransferView(record('cancelled', { cancelledBy: 'customer' }))).toMatchObject({ state: 'cancelled', cancelledBy: 'customer' });
    const failed = pastTransferView(record('failed', { errorCode: 'FILE_HASH_MISMATCH' }));
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'FILE_HASH_MISMATCH' });
    expect(failed.bytesPerSecond).toBeNull();
  });
});
