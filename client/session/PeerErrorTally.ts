/**
 * What the other side sent that this page refused, coalesced for the notice in the chat: the
 * latest error code and how many refusals there were since the notice was last dismissed.
 * A hostile peer can cause thousands a second; the page shows one notice, not thousands.
 */
import type { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { Emitter } from '../core/Emitter.js';

export interface PeerErrorSummary {
  /** The code of the latest refusal. */
  readonly code: ErrorCode;
  /** Refusals since the notice was last dismissed. */
  readonly count: number;
}

export class PeerErrorTally extends Emitter<{ change: PeerErrorSummary | null }> {
  private current: PeerErrorSummary | null = null;

  get summary(): PeerErrorSummary | null {
    return this.current;
  }

  add(error: ProtocolError): void {
    this.current = { code: error.code, count: (this.current?.count ?? 0) + 1 };
    this.emit('change', this.current);
  }

  dismiss(): void {
    if (!this.current) return;
    this.current = null;
    this.emit('change', null);
  }
}
