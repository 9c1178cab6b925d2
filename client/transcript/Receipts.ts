/**
 * Delivery receipts in the shared document: when a message from the other side arrives, this
 * side writes `delivered` for it; when it was on screen, `seen`. The author reads them back to
 * mark its own messages pending, delivered or seen. Receipts only ever move up.
 */
import * as Y from 'yjs';
import type { Role } from '../../protocol/ids.js';
import { LOG_ARRAY, readLogEntry, RECEIPTS_MAP, type Receipt } from '../../protocol/transcript.js';
import { Emitter } from '../core/Emitter.js';

export type Delivery = 'pending' | Receipt;

const RANK: Record<Delivery, number> = { pending: 0, delivered: 1, seen: 2 };

/** 'change': a receipt for one of this side's own messages may have changed. */
export class Receipts extends Emitter<{ change: void }> {
  private readonly map: Y.Map<unknown>;
  private readonly log: Y.Array<unknown>;
  private readonly onLog: (event: Y.YArrayEvent<unknown>) => void;

  constructor(
    private readonly doc: Y.Doc,
    private readonly selfRole: Role,
  ) {
    super();
    this.map = doc.getMap(RECEIPTS_MAP);
    this.map.observe(this.onMap);
    this.log = doc.getArray(LOG_ARRAY);
    // Whatever reaches this document from elsewhere (the peer, or storage) has been delivered.
    this.onLog = (event) => {
      if (event.transaction.local) return;
      const ids: string[] = [];
      for (const change of event.changes.delta) {
        for (const value of (change.insert as unknown[] | undefined) ?? []) {
          const entry = readLogEntry(value);
          if (entry?.kind === 'message' && entry.role !== selfRole) ids.push(entry.id);
        }
      }
      if (ids.length > 0) this.raise(ids, 'delivered');
    };
    this.log.observe(this.onLog);
  }

  /** Where one of this side's own messages stands. */
  deliveryOf(messageId: string): Delivery {
    const value = this.map.get(messageId);
    return value === 'delivered' || value === 'seen' ? value : 'pending';
  }

  /** The other side's messages that were shown on this side's screen. */
  markSeen(messageIds: readonly string[]): void {
    this.raise(messageIds, 'seen');
  }

  dispose(): void {
    this.log.unobserve(this.onLog);
    this.map.unobserve(this.onMap);
    this.clear();
  }

  // This side only writes receipts for the other side's messages, so only a change from
  // elsewhere (the peer, or storage) can move one of its own: local writes are not news.
  private readonly onMap = (event: Y.YMapEvent<unknown>) => {
    if (!event.transaction.local) this.emit('change', undefined);
  };

  private raise(messageIds: readonly string[], level: Receipt): void {
    const rising = messageIds.filter((id) => RANK[this.deliveryOf(id)] < RANK[level]);
    if (rising.length === 0) return;
    this.doc.transact(() => {
      for (const id of rising) this.map.set(id, level);
    });
  }
}
