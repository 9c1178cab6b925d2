/**
 * What a file entry in the chat log reads its transfer from: the live FileTransferManager of
 * an open session, or the stored records of a past one (StoredTransfers, read-only).
 */
import type { FileRules } from '../../protocol/fileRules.js';
import type { TransferView } from './TransferHost.js';

export interface TransferSource {
  readonly rules: FileRules;
  view(transferId: string): TransferView | null;
  /** A received file, complete and verified, as one Blob of its stored chunks. */
  receivedFile(transferId: string): Promise<Blob | null>;
  /** The bytes to preview, only when they were sniffed as a raster image. */
  previewBlob(transferId: string): Promise<Blob | null>;
  /** Absent where nothing is in progress that could be cancelled. */
  cancel?(transferId: string): void;
  /** Calls `listener` with a transfer id when its view changed; returns the unsubscribe function. */
  on(event: 'change', listener: (transferId: string | null) => void): () => void;
}
