/**
 * Delivery receipts in the shared document: when a message from the other side arrives, this
 * side writes `delivered` for it; when it was on screen, `seen`. The author reads them back to
 * mark its own messages pending, delivered or seen. Receipts only ever move up.
 *
 * `delivered` is written one task after the message arrived, not inside its transaction: a log on
 * screen marks the message seen in the meantime (its render runs in between), and then `seen`
 * alone goes back to the author: one write, one update on the wire and one re-render there
 * instead of two of each.
 */
import * as Y from 'yjs';
import type { Role } from '../../protocol/ids.js';
import { LOG_ARRAY, readLogEntry, RECEIPTS_MAP, type Receipt } from '../../protocol/transcript.js';
import { Emitter } from '../core/Emitter.js';
import { yieldToEventLoop } from '../files/yieldToEventLoop.js';

export type Delivery = 'pending' | Receipt;

const RANK: Record<Delivery, number> = { pending: 0, delivered: 1, seen: 2 };

/** 'change': a receipt for one of this side's own messages may have changed. */
export class Receipts extends Emitter<{ change: void }> {
  private readonly map: Y.Map<unknown>;
  private readonly log: Y.Array<unknown>;
  private readonly onLog: (event: Y.YArrayEvent<unknown>) => void;
  /** The other side's messages that arrived in this task and wait for `delivered`. */
  private arrived: string[] = [];
  private disposed = false;

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
      if (ids.length === 0) return;
      if (this.arrived.length === 0) void yieldToEventLoop().then(() => this.deliverArrived());
      this.arrived.push(...ids);
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

  /** Writes `delivered` for what arrived, unless it was seen meanwhile (see the top). */
  private deliverArrived(): void {
    const ids = this.arrived;
    this.arrived = [];
    if (!this.disposed) this.raise(ids, 'delivered');
  }

  dispose(): void {
    this.disposed = true;
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
