/**
 * The words of file attachments, part of each page's chat catalogue (ChatStrings.files).
 * English texts are in englishFiles.ts.
 */
import type { ErrorCode } from '../../protocol/errors.js';
import type { FileRules } from '../../protocol/fileRules.js';
import type { TransferState } from '../storage/fileStore.js';

export interface FileStrings {
  readonly attach: string;
  /** Tooltip of the attach button: the other ways to attach. */
  readonly attachHint: string;
  /** Shown over the chat while files are dragged onto it. */
  readonly dropHere: string;
  readonly state: Record<TransferState, string>;
  readonly cancel: string;
  readonly download: string;
  readonly dismiss: string;
  readonly size: (bytes: number) => string;
  readonly progress: (done: number, size: number) => string;
  readonly speed: (bytesPerSecond: number) => string;
  readonly timeLeft: (ms: number) => string;
  readonly cancelledBy: (who: string) => string;
  readonly sentBy: (who: string) => string;
  readonly contentMismatch: string;
  /** Why a transfer failed or a file was refused, naming the rule where there is one. */
  readonly error: (code: ErrorCode, rules: FileRules) => string;
  readonly refused: (name: string) => string;
  readonly previewAlt: (name: string) => string;
  readonly transferLabel: (name: string) => string;
}
