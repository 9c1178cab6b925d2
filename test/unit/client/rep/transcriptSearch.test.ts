import { describe, expect, it } from 'vitest';
import { chatsWithCustomer } from '../../../../client/rep/recentChatList.js';
import { findMessages, MAX_FIND_RESULTS } from '../../../../client/rep/transcriptSearch.js';
import type { RepConversationRecord } from '../../../../client/storage/db.js';
import type { SessionId } from '../../../../protocol/ids.js';
import type { LogEntry } from '../../../../protocol/transcript.js';

let seq = 0;
const message = (role: 'rep' | 'customer', author: string, text: string): LogEntry => ({ kind: 'message', id: `m${++seq}`, role, author, text, at: 1_700_000_000_000 + seq });
const ENTRIES: LogEntry[] = [
  message('customer', 'Ana', 'My printer says OFFLINE'),
  { kind: 'status', id: 's1', event: 'connection-lost', at: 1_700_000_000_000 },
  message('rep', 'Riley', 'Is the printer plugged in?'),
  message('customer', 'Ana', 'Café Wi-Fi is slow too'),
];

describe('findMessages', () => {
  it('finds messages with every word, any case and accents, newest first', () => {
    expect(findMessages(ENTRIES, 'printer').matches.map((m) => m.text)).toEqual(['Is the printer plugged in?', 'My printer says OFFLINE']);
    expect(findMessages(ENTRIES, 'printer offline').matches.map((m) => m.text)).toEqual(['My printer says OFFLINE']);
    expect(findMessages(ENTRIES, 'cafe').total).toBe(1);
  });

  it('matches the author too, never status notes, and nothing for an empty query', () => {
    expect(findMessages(ENTRIES, 'riley').total).toBe(1);
    expect(findMessages(ENTRIES, 'connection').total).toBe(0);
    expect(findMessages(ENTRIES, '   ')).toEqual({ matches: [], total: 0 });
  });

  it('lists at most a page of matches but counts them all', () => {
    const many = Array.from({ length: MAX_FIND_RESULTS + 7 }, (_, i) => message('customer', 'Ana', `error ${i}`));
    const found = findMessages(many, 'error');
    expect(found.total).toBe(MAX_FIND_RESULTS + 7);
    expect(found.matches).toHaveLength(MAX_FIND_RESULTS);
    expect(found.matches[0]!.text).toBe(`error ${MAX_FIND_RESULTS + 6}`);
  });
});

describe('chatsWithCustomer', () => {
  const record = (id: string, customerName: string | undefined, lastMessageAt: number): RepConversationRecord => ({
    sessionId: id as SessionId,
    createdAt: 0,
    updatedAt: 0,
    state: 'ended',
    lastMessageAt,
    ...(customerName ? { customerName } : {}),
  });

  it('finds every chat with the same customer name, newest first', () => {
    const stored = [record('a', 'Ana Souza', 1), record('b', 'Bo', 2), record('c', 'ana souza ', 3), record('d', undefined, 4)];
    const live = [record('e', 'Ána Souza', 5)];
    expect(chatsWithCustomer(stored, live, 'Ana Souza').map((r) => r.sessionId)).toEqual(['e', 'c', 'a']);
  });
});
