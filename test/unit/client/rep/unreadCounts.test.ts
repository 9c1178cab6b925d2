import { describe, expect, it } from 'vitest';
import { consoleTitle } from '../../../../client/rep/consoleTitle.js';
import { customerMessageCount, isInFront, newCustomerMessages, totalUnread, unreadCount } from '../../../../client/rep/unreadCounts.js';
import type { LogEntry } from '../../../../protocol/transcript.js';

let seq = 0;
const message = (role: 'rep' | 'customer', text = 'hi'): LogEntry => ({ kind: 'message', id: `m${++seq}`, role, author: role, text, at: 1_700_000_000_000 + seq });
const note: LogEntry = { kind: 'status', id: 'n1', event: 'customer-joined', name: 'Ana', at: 1_700_000_000_000 };

describe('unreadCount', () => {
  it('counts only customer messages past the read count', () => {
    const entries = [note, message('customer'), message('rep'), message('customer'), message('customer')];
    expect(customerMessageCount(entries)).toBe(3);
    expect(unreadCount(entries, 0)).toBe(3);
    expect(unreadCount(entries, 1)).toBe(2);
    expect(unreadCount(entries, 3)).toBe(0);
  });

  it('never goes below zero when the stored count is ahead of the log', () => {
    expect(unreadCount([message('customer')], 5)).toBe(0);
  });

  it('ignores the rep’s own messages and status notes', () => {
    expect(unreadCount([note, message('rep'), message('rep')], 0)).toBe(0);
  });
});

describe('totalUnread', () => {
  it('adds every session’s count', () => {
    expect(totalUnread([2, 0, 3])).toBe(5);
    expect(totalUnread(new Map([['a', 1], ['b', 4]]).values())).toBe(5);
    expect(totalUnread([])).toBe(0);
  });
});

describe('isInFront', () => {
  it('is true only for the selected tab of a visible, focused console', () => {
    expect(isInFront({ active: true, pageVisible: true, pageFocused: true })).toBe(true);
    expect(isInFront({ active: false, pageVisible: true, pageFocused: true })).toBe(false);
    expect(isInFront({ active: true, pageVisible: false, pageFocused: true })).toBe(false);
    expect(isInFront({ active: true, pageVisible: true, pageFocused: false })).toBe(false);
  });
});

describe('newCustomerMessages', () => {
  it('returns the customer messages after the ones already known', () => {
    const a = message('customer', 'a');
    const b = message('customer', 'b');
    const entries = [a, message('rep'), b];
    expect(newCustomerMessages(entries, 0).map((m) => m.text)).toEqual(['a', 'b']);
    expect(newCustomerMessages(entries, 1).map((m) => m.text)).toEqual(['b']);
    expect(newCustomerMessages(entries, 2)).toEqual([]);
  });
});

describe('consoleTitle', () => {
  it('starts with * and the count while anything is unread', () => {
    expect(consoleTitle('Support console', 0)).toBe('Support console');
    expect(consoleTitle('Support console', 3)).toBe('* (3) Support console');
    expect(consoleTitle('Support console', 1).startsWith('*')).toBe(true);
  });
});
