/**
 * Unread customer messages. A session remembers how many customer messages the rep has seen
 * (a count, not an entry id, so a message merged into an earlier place of the log by a
 * concurrent edit still counts); everything past that count is unread. Pure and unit tested.
 */
import type { ChatMessage, LogEntry } from '../../protocol/transcript.js';

export function customerMessageCount(entries: readonly LogEntry[]): number {
  let count = 0;
  for (const entry of entries) if (entry.kind === 'message' && entry.role === 'customer') count++;
  return count;
}

export function unreadCount(entries: readonly LogEntry[], readCount: number): number {
  return Math.max(0, customerMessageCount(entries) - readCount);
}

export function totalUnread(counts: Iterable<number>): number {
  let total = 0;
  for (const count of counts) total += Math.max(0, count);
  return total;
}

export interface Attention {
  /** The session's tab is the selected one. */
  readonly active: boolean;
  /** document.visibilityState is 'visible'. */
  readonly pageVisible: boolean;
  /** The console's window has the focus. */
  readonly pageFocused: boolean;
}

/** The rep is looking at this session: what arrives is read at once. */
export function isInFront(attention: Attention): boolean {
  return attention.active && attention.pageVisible && attention.pageFocused;
}

/** The customer messages that arrived after `known`, newest last (for alerts). */
export function newCustomerMessages(entries: readonly LogEntry[], known: number): ChatMessage[] {
  const found: ChatMessage[] = [];
  let seen = 0;
  for (const entry of entries) {
    if (entry.kind !== 'message' || entry.role !== 'customer') continue;
    if (++seen > known) found.push(entry);
  }
  return found;
}
