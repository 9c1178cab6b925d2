/**
 * The strings the shared chat components read. Each page's catalogue (rep/messages.ts,
 * join/messages.ts) provides them, so every word a user reads comes from that page's catalogue.
 */
import type { ErrorCode } from '../../protocol/errors.js';
import type { StatusEvent, StatusNote } from '../../protocol/transcript.js';
import type { FileStrings } from '../files/fileStrings.js';
import type { ConnectionState } from '../session/connectionState.js';

export interface ChatStrings {
  readonly chatLogLabel: string;
  readonly messageInputLabel: string;
  readonly messageInputPlaceholder: string;
  readonly send: string;
  /** The `/shortcut` suggestion list under the message box. */
  readonly suggestionsLabel: string;
  readonly emojiPicker: string;
  /** The button above a long log: `count` older entries are not shown yet. */
  readonly showEarlier: (count: number) => string;
  readonly typing: (name: string) => string;
  readonly connection: Record<ConnectionState, string>;
  readonly connectionLabel: string;
  /** Words for a status note; `who` names the side in `note.by` from this page's point of view. */
  readonly status: Record<StatusEvent, (note: StatusNote, who: string) => string>;
  readonly details: {
    readonly title: string;
    readonly sessionId: string;
    readonly startedAt: string;
    readonly joinedBy: string;
    readonly joinedByCode: string;
    readonly joinedByLink: string;
    readonly customerName: string;
    readonly query: string;
    readonly os: string;
    readonly browser: string;
    readonly repName: string;
    readonly reference: string;
  };
  /** Marks on own messages: not yet on the other side, on it, shown on its screen. */
  readonly delivery: Record<'pending' | 'delivered' | 'seen', string>;
  readonly you: string;
  readonly theRep: string;
  readonly theCustomer: string;
  readonly errors: Record<ErrorCode, string>;
  /** The notice shown when the other side sent data this page refused (PeerErrorNotice). */
  readonly peerError: {
    readonly notice: string;
    /** How many refusals, and the latest code, after the notice. */
    readonly detail: (count: number, code: ErrorCode) => string;
    readonly dismiss: string;
  };
  /** File attachments (client/files/fileStrings.ts). */
  readonly files: FileStrings;
  readonly formatTime: (at: number) => string;
  readonly formatDateTime: (at: number) => string;
}

/** English error texts shared by both catalogues (the protocol's messages are the source). */
export { ERROR_CODES as ENGLISH_ERRORS } from '../../protocol/errors.js';
