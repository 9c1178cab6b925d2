/**
 * Recent chats and the header search, as pure functions: which stored conversations the list
 * shows, in which order, and which tabs and chats match what the rep typed.
 */
import type { SessionId } from '../../protocol/ids.js';
import type { RepConversationRecord } from '../storage/db.js';

/** The name a chat goes by: the customer's, else the one a start link gave, else the reference. */
export function chatName(record: RepConversationRecord): string {
  return record.customerName || record.expectedCustomer || record.reference || '';
}

/** Case- and accent-insensitive "contains", for the header search. */
export function matchesSearch(record: RepConversationRecord, query: string): boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
  const wanted = fold(query.trim());
  if (wanted === '') return true;
  return [record.customerName, record.expectedCustomer, record.reference].some((text) => text !== undefined && fold(text).includes(wanted));
}

export function lastActivityAt(record: RepConversationRecord): number {
  return record.lastMessageAt ?? record.createdAt;
}

/**
 * Stored records with the live ones laid over them (the live copy is fresher), without the
 * ones the rep removed (unless something happened since), filtered by the search, newest first.
 */
export function recentChats(
  stored: readonly RepConversationRecord[],
  live: readonly RepConversationRecord[],
  hidden: ReadonlyMap<SessionId, number>,
  query: string,
): RepConversationRecord[] {
  const byId = new Map<SessionId, RepConversationRecord>();
  for (const record of stored) byId.set(record.sessionId, record);
  for (const record of live) byId.set(record.sessionId, { ...byId.get(record.sessionId), ...record });
  return [...byId.values()]
    .filter((record) => {
      const hiddenAt = hidden.get(record.sessionId);
      return hiddenAt === undefined || lastActivityAt(record) > hiddenAt;
    })
    .filter((record) => matchesSearch(record, query))
    .sort((a, b) => lastActivityAt(b) - lastActivityAt(a));
}

/** Every kept chat with a customer of this name (case and accents ignored), newest first. */
export function chatsWithCustomer(
  stored: readonly RepConversationRecord[],
  live: readonly RepConversationRecord[],
  customerName: string,
): RepConversationRecord[] {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase().trim();
  const wanted = fold(customerName);
  return recentChats(stored, live, new Map(), '').filter((record) => record.customerName !== undefined && fold(record.customerName) === wanted);
}
