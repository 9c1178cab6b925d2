import { describe, expect, it } from 'vitest';
import { chatName, matchesSearch, recentChats } from '../../../../client/rep/recentChatList.js';
import type { RepConversationRecord } from '../../../../client/storage/db.js';
import type { SessionId } from '../../../../protocol/ids.js';

const record = (id: string, fields: Partial<RepConversationRecord> = {}): RepConversationRecord => ({
  sessionId: id as SessionId,
  createdAt: 1_000,
  updatedAt: 1_000,
  state: 'ended',
  ...fields,
});

describe('recentChats', () => {
  const stored = [
    record('a', { customerName: 'Ana', lastMessageAt: 3_000, lastMessagePreview: 'old preview' }),
    record('b', { customerName: 'Bruno', lastMessageAt: 5_000 }),
    record('c', { reference: 'TICKET-7', createdAt: 4_000 }),
  ];

  it('lists newest activity first, with live records over stored ones', () => {
    const live = [record('a', { customerName: 'Ana', state: 'open', lastMessageAt: 9_000, lastMessagePreview: 'new preview' })];
    const list = recentChats(stored, live, new Map(), '');
    expect(list.map((r) => r.sessionId)).toEqual(['a', 'b', 'c']);
    expect(list[0]).toMatchObject({ state: 'open', lastMessagePreview: 'new preview' });
  });

  it('leaves out removed chats until something new happens in them', () => {
    const hidden = new Map([['b' as SessionId, 6_000]]);
    expect(recentChats(stored, [], hidden, '').map((r) => r.sessionId)).toEqual(['c', 'a']);
    const later = [record('b', { customerName: 'Bruno', lastMessageAt: 7_000 })];
    expect(recentChats(stored, later, hidden, '').map((r) => r.sessionId)).toEqual(['b', 'c', 'a']);
  });

  it('filters by customer name or reference, ignoring case and accents', () => {
    const withAccent = [...stored, record('d', { customerName: 'José Álvarez' })];
    expect(recentChats(withAccent, [], new Map(), 'BRU').map((r) => r.sessionId)).toEqual(['b']);
    expect(recentChats(withAccent, [], new Map(), 'jose al').map((r) => r.sessionId)).toEqual(['d']);
    expect(recentChats(withAccent, [], new Map(), 'ticket-7').map((r) => r.sessionId)).toEqual(['c']);
    expect(recentChats(withAccent, [], new Map(), 'zzz')).toEqual([]);
  });
});

describe('chatName and matchesSearch', () => {
  it('names a chat by customer, then the expected customer, then the reference', () => {
    expect(chatName(record('x', { customerName: 'Ana', expectedCustomer: 'A.', reference: 'T' }))).toBe('Ana');
    expect(chatName(record('x', { expectedCustomer: 'Ana S.', reference: 'T' }))).toBe('Ana S.');
    expect(chatName(record('x', { reference: 'T-1' }))).toBe('T-1');
    expect(chatName(record('x'))).toBe('');
  });

  it('matches everything for an empty search', () => {
    expect(matchesSearch(record('x'), '  ')).toBe(true);
    expect(matchesSearch(record('x'), 'a')).toBe(false);
  });
});
