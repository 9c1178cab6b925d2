/**
 * Gathers a transcript's document updates into few storage writes. y-indexeddb writes every
 * update in an IndexedDB transaction of its own, at once, and one chat message makes several
 * (the message, then receipts both ways), each costing the page's main thread while the chat
 * waits. What this side writes itself (messages, notes, details, receipts) is written at once,
 * with whatever waits, so it is on disk as soon as before; what came from the peer (who keeps
 * it too and sends it again on the next sync) waits until the page is idle, merged into one.
 * Everything under this page's own Yjs client id must be stored at once: after a reload the
 * update guard judges the peer's updates against what this side wrote before, and refuses a
 * peer update carrying this side's old items it no longer has.
 */
import * as Y from 'yjs';
import type { Scheduler } from './whenIdle.js';

export class TranscriptWriteQueue {
  private readonly pending: Uint8Array[] = [];
  private cancelScheduled: (() => void) | null = null;

  constructor(
    /** Stores one update (y-indexeddb's own write). */
    private readonly write: (update: Uint8Array) => void,
    private readonly schedule: Scheduler,
  ) {}

  /** One document update; `now` for what this side wrote itself (and must not wait). */
  handleUpdate(update: Uint8Array, now: boolean): void {
    this.pending.push(update);
    if (now) this.flush();
    else this.cancelScheduled ??= this.schedule(() => {
      this.cancelScheduled = null;
      this.flush();
    });
  }

  /** Writes everything waiting, as one update. */
  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.pending.length === 0) return;
    const updates = this.pending.splice(0);
    this.write(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }
}

/** Whether a transaction is this side's own writing (see TranscriptWriteQueue). */
export function isOwnWriting(transaction: Y.Transaction): boolean {
  return transaction.local;
}
