import { describe, expect, it } from 'vitest';
import {
  MAX_CHAT_MESSAGE_CHARS,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_PLATFORM_CHARS,
  MAX_QUERY_CHARS,
  MAX_REFERENCE_CHARS,
} from '../../../protocol/limits.js';
import { readLogEntry, readSessionDetails, STATUS_EVENTS } from '../../../protocol/transcript.js';

const MESSAGE = { kind: 'message', id: 'a1', role: 'customer', author: 'Ana', text: 'Hi, my printer is offline', at: 1_700_000_000_000 };
const STATUS = { kind: 'status', id: 's1', event: 'customer-joined', name: 'Ana', at: 1_700_000_000_000 };
const DETAILS = {
  sessionId: 'k3Jd9_Qa-7xWm2Lp',
  startedAt: 1_700_000_000_000,
  joinedBy: 'code',
  customerName: 'Ana Souza',
  query: 'My printer says offline',
  os: 'Windows 11',
  browser: 'Chrome 131',
  repName: 'Rui',
  reference: 'TICKET-42',
};
/** Largest time a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

describe('readLogEntry', () => {
  describe('with well-formed entries', () => {
    it('returns a chat message as it is', () => {
      expect(readLogEntry(structuredClone(MESSAGE))).toEqual(MESSAGE);
    });

    it('returns a message from the rep', () => {
      expect(readLogEntry({ ...MESSAGE, role: 'rep', author: 'Rui' })).toEqual({ ...MESSAGE, role: 'rep', author: 'Rui' });
    });

    it.each(STATUS_EVENTS)('returns a %s status note', (event) => {
      expect(readLogEntry({ ...STATUS, event })).toEqual({ ...STATUS, event });
    });

    it('returns a status note without a name', () => {
      const { name: _name, ...anonymous } = STATUS;
      expect(readLogEntry(anonymous)).toEqual(anonymous);
    });

    it.each([
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'javascript:alert(document.cookie)',
      '"><svg onload=alert(1)>',
      '\u202etxt.exe',
    ])('keeps the markup-like text %j unchanged, since escaping is the UI\'s job', (text) => {
      expect(readLogEntry({ ...MESSAGE, text })).toEqual({ ...MESSAGE, text });
    });

    it('accepts text of exactly MAX_CHAT_MESSAGE_CHARS', () => {
      const text = 'x'.repeat(MAX_CHAT_MESSAGE_CHARS);
      expect(readLogEntry({ ...MESSAGE, text })?.kind).toBe('message');
    });

    it('accepts ids with colons, dashes and underscores up to MAX_ID_CHARS', () => {
      expect(readLogEntry({ ...MESSAGE, id: 'rep:Zx8_f-2:17' })?.id).toBe('rep:Zx8_f-2:17');
      expect(readLogEntry({ ...MESSAGE, id: 'a'.repeat(MAX_ID_CHARS) })?.id).toBe('a'.repeat(MAX_ID_CHARS));
    });

    it('accepts the first and the last time a Date can hold', () => {
      expect(readLogEntry({ ...MESSAGE, at: 0 })?.at).toBe(0);
      expect(readLogEntry({ ...MESSAGE, at: MAX_DATE_MS })?.at).toBe(MAX_DATE_MS);
    });

    it('returns a fresh object without fields the schema does not define', () => {
      const input = { ...MESSAGE, html: '<b>hi</b>', onClick: 'alert(1)' };
      const entry = readLogEntry(input);
      expect(entry).toEqual(MESSAGE);
      expect(entry).not.toBe(input);
    });

    it('ignores __proto__ and constructor keys and leaves every prototype alone', () => {
      const input = JSON.parse(`${JSON.stringify(MESSAGE).slice(0, -1)},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`);
      const entry = readLogEntry(input);
      expect(entry).toEqual(MESSAGE);
      expect(Object.getPrototypeOf(entry)).toBe(Object.prototype);
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  });

  describe('with malformed entries', () => {
    it.each([null, undefined, 0, 42, true, 'Hi', [], [MESSAGE], new Map(Object.entries(MESSAGE))])(
      'returns null for %j, which is not an entry object',
      (value) => {
        expect(readLogEntry(value)).toBeNull();
      },
    );

    it.each<[string, Record<string, unknown>]>([
      ['an unknown kind', { ...MESSAGE, kind: 'chat' }],
      ['a kind in capitals', { ...MESSAGE, kind: 'MESSAGE' }],
      ['no kind', { id: 'a1', role: 'customer', author: 'Ana', text: 'Hi', at: 1 }],
      ['a status kind with message fields', { ...MESSAGE, kind: 'status' }],
      ['no text', { kind: 'message', id: 'a1', role: 'customer', author: 'Ana', at: 1 }],
      ['empty text', { ...MESSAGE, text: '' }],
      ['text one over MAX_CHAT_MESSAGE_CHARS', { ...MESSAGE, text: 'x'.repeat(MAX_CHAT_MESSAGE_CHARS + 1) }],
      ['text that is not a string', { ...MESSAGE, text: { html: '<b>hi</b>' } }],
      ['text that is a number', { ...MESSAGE, text: 42 }],
      ['an unknown role', { ...MESSAGE, role: 'admin' }],
      ['no author', { kind: 'message', id: 'a1', role: 'customer', text: 'Hi', at: 1 }],
      ['an author over MAX_NAME_CHARS', { ...MESSAGE, author: 'x'.repeat(MAX_NAME_CHARS + 1) }],
      ['an empty id', { ...MESSAGE, id: '' }],
      ['an id with a space', { ...MESSAGE, id: 'a 1' }],
      ['an id with markup', { ...MESSAGE, id: '<b>' }],
      ['an id over MAX_ID_CHARS', { ...MESSAGE, id: 'a'.repeat(MAX_ID_CHARS + 1) }],
      ['no time', { kind: 'message', id: 'a1', role: 'customer', author: 'Ana', text: 'Hi' }],
      ['a negative time', { ...MESSAGE, at: -1 }],
      ['a fractional time', { ...MESSAGE, at: 1.5 }],
      ['a time past what a Date can hold', { ...MESSAGE, at: MAX_DATE_MS + 1 }],
      ['a NaN time', { ...MESSAGE, at: Number.NaN }],
      ['an infinite time', { ...MESSAGE, at: Number.POSITIVE_INFINITY }],
      ['a time as text', { ...MESSAGE, at: '1700000000000' }],
      ['an unknown status event', { ...STATUS, event: 'hacked' }],
      ['no status event', { kind: 'status', id: 's1', at: 1 }],
      ['a status name over MAX_NAME_CHARS', { ...STATUS, name: 'x'.repeat(MAX_NAME_CHARS + 1) }],
      ['a status name that is not a string', { ...STATUS, name: ['Ana'] }],
    ])('returns null for an entry with %s', (_label, entry) => {
      expect(readLogEntry(entry)).toBeNull();
    });

    it('returns null for an entry nested 50,000 levels deep', () => {
      let deep: unknown = MESSAGE;
      for (let i = 0; i < 50_000; i++) deep = { ...MESSAGE, text: deep };
      expect(readLogEntry(deep)).toBeNull();
    });
  });
});

describe('readSessionDetails', () => {
  it('returns full details as they are', () => {
    expect(readSessionDetails(structuredClone(DETAILS))).toEqual(DETAILS);
  });

  it('returns details with only a session id and a start time', () => {
    const minimal = { sessionId: DETAILS.sessionId, startedAt: DETAILS.startedAt };
    expect(readSessionDetails(minimal)).toEqual(minimal);
  });

  it('returns details of a session joined by link', () => {
    expect(readSessionDetails({ ...DETAILS, joinedBy: 'link' })?.joinedBy).toBe('link');
  });

  it('keeps markup-like text unchanged, since escaping is the UI\'s job', () => {
    const details = { ...DETAILS, customerName: '<script>alert(1)</script>', query: '<img src=x onerror=alert(1)>' };
    expect(readSessionDetails(details)).toEqual(details);
  });

  it('returns a fresh object without fields the schema does not define', () => {
    const input = { ...DETAILS, resumeKey: 'secret', html: '<b>hi</b>' };
    const details = readSessionDetails(input);
    expect(details).toEqual(DETAILS);
    expect(details).not.toBe(input);
  });

  it('ignores a __proto__ key and leaves every prototype alone', () => {
    const input = JSON.parse(`${JSON.stringify(DETAILS).slice(0, -1)},"__proto__":{"polluted":"yes"}}`);
    const details = readSessionDetails(input);
    expect(details).toEqual(DETAILS);
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it.each<[string, number]>([
    ['sessionId', MAX_ID_CHARS],
    ['customerName', MAX_NAME_CHARS],
    ['query', MAX_QUERY_CHARS],
    ['os', MAX_PLATFORM_CHARS],
    ['browser', MAX_PLATFORM_CHARS],
    ['repName', MAX_NAME_CHARS],
    ['reference', MAX_REFERENCE_CHARS],
  ])('accepts %s at its limit of %i characters and refuses one more', (field, max) => {
    expect(readSessionDetails({ ...DETAILS, [field]: 'x'.repeat(max) })).toEqual({ ...DETAILS, [field]: 'x'.repeat(max) });
    expect(readSessionDetails({ ...DETAILS, [field]: 'x'.repeat(max + 1) })).toBeNull();
  });

  it.each([null, undefined, 42, 'details', [], [DETAILS]])('returns null for %j, which is not a details object', (value) => {
    expect(readSessionDetails(value)).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['no session id', { startedAt: 1 }],
    ['a session id that is not a string', { ...DETAILS, sessionId: 7 }],
    ['no start time', { sessionId: 'abc' }],
    ['a negative start time', { ...DETAILS, startedAt: -1 }],
    ['a start time past what a Date can hold', { ...DETAILS, startedAt: MAX_DATE_MS + 1 }],
    ['a NaN start time', { ...DETAILS, startedAt: Number.NaN }],
    ['a start time as text', { ...DETAILS, startedAt: '2023-11-14' }],
    ['an unknown join method', { ...DETAILS, joinedBy: 'email' }],
    ['a customer name that is not a string', { ...DETAILS, customerName: { first: 'Ana' } }],
    ['a null optional field', { ...DETAILS, repName: null }],
  ])('returns null for details with %s', (_label, details) => {
    expect(readSessionDetails(details)).toBeNull();
  });
});
