/** What a transfer needs from its FileTransferManager: the peer, the log and the UI. */
import type { Role } from '../../protocol/ids.js';
import type { PeerMessage } from '../../protocol/peerMessage.js';
import type { ErrorCode } from '../../protocol/errors.js';
import { FILE_ERROR_CODES, type FileErrorCode } from '../../protocol/fileTransfer.js';
import type { FileTransferRecord, PreviewType, TransferDirection, TransferState } from '../storage/fileStore.js';
import type { PumpLimits } from './chunker.js';

export type FileNoteEvent = 'file-offered' | 'file-completed' | 'file-cancelled' | 'file-failed';

export interface TransferHost {
  readonly role: Role;
  /** Sends a control message; false when there is no open link. */
  send(message: PeerMessage): boolean;
  /** The transfer's view changed (progress, state). */
  changed(transferId: string): void;
  /** Writes a status note about the file into the shared log. */
  note(event: FileNoteEvent, file: { readonly name: string; readonly size: number }, extra?: { by?: Role; code?: ErrorCode }): void;
  /** The receiver verified a file this side sent: its hash goes on the log entry. */
  fileVerified(transferId: string, sha256: string): void;
  /** Saves fields of the transfer's record; storage errors are reported, never thrown. */
  persist(transferId: string, fields: Partial<FileTransferRecord>): void;
  /** How much a sender may queue on the channel now (less while people chat: chunker.ts). */
  pumpLimits(): PumpLimits;
  /** Milliseconds the sender should queue nothing more for, because people are chatting (CHAT_HOLD_MS). */
  pumpHoldMs(): number;
}

/** What the UI shows of one transfer. */
export interface TransferView {
  readonly transferId: string;
  readonly direction: TransferDirection;
  readonly state: TransferState;
  readonly name: string;
  readonly size: number;
  /** Sent (sender) or stored (receiver). */
  readonly bytesDone: number;
  readonly bytesPerSecond: number | null;
  readonly etaMs: number | null;
  readonly sha256?: string;
  readonly errorCode?: ErrorCode;
  readonly cancelledBy?: Role;
  readonly previewType?: PreviewType;
  readonly contentMismatch: boolean;
}

/** A stored error code as one a `file-error` may carry. */
export function asFileErrorCode(code: string | undefined): FileErrorCode {
  return (FILE_ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as FileErrorCode) : 'FILE_PROTOCOL';
}
