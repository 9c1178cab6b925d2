import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import { MAX_CHAT_MESSAGE_CHARS } from '../../../../protocol/limits.js';
import { LOG_ARRAY, type LogEntry, type SessionDetails } from '../../../../protocol/transcript.js';

const AT = 1_700_000_000_000;
const DETAILS: SessionDetails = {
  sessionId: 'k3Jd9_Qa-7xWm2Lp',
  startedAt: AT,
  joinedBy: 'code',
  customerName: 'Ana Souza',
  query: 'My printer says offline',
  os: 'Windows 10 or 11',
  browser: 'Chrome 131',
  repName: 'Rui',
};

const transcripts: Transcript[] = [];
afterEach(() => {
  for (const transcript of transcripts.splice(0)) transcript.destroy();
});

function transcript(doc?: Y.Doc): Transcript {
  const created = new Transcript(doc);
  transcripts.push(created);
  return created;
}

/** The raw log array, as a peer with its own copy of the doc could write to it. */
function rawLog(t: Transcript): Y.Array<unknown> {
  return t.doc.getArray<unknown>(LOG_ARRAY);
}

/** Sends each side what the other is missing, as TranscriptSync does over the data channel. */
function syncBoth(a: Transcript, b: Transcript): void {
  const toB = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc));
  const toA = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc));
  Y.applyUpdate(b.doc, toB);
  Y.applyUpdate(a.doc, toA);
}

function texts(entries: readonly LogEntry[]): string[] {
  return entries.map((entry) => (entry.kind === 'message' ? entry.text : entry.kind === 'status' ? entry.event : entry.name));
}

/** Records the `local` flag of every change event. */
function changes(t: Transcript): boolean[] {
  const seen: boolean[] = [];
  t.on('change', ({ local }) => seen.push(local));
  return seen;
}

describe('Transcript', () => {
  describe('appending', () => {
    it('starts empty', () => {
      const t = transcript();
      expect(t.entries()).toEqual([]);
      expect(t.rejectedCount).toBe(0);
    });

    it('returns messages and status notes in the order they were appended', () => {
      const t = transcript();
      const joined = t.appendStatus('customer-joined', { name: 'Ana', at: AT });
      const hello = t.appendMessage('customer', 'Ana', 'Hi, my printer says offline', AT + 1);
      const reply = t.appendMessage('rep', 'Rui', 'Let us check the cable', AT + 2);
      const left = t.appendStatus('customer-left', { at: AT + 3 });
      expect(t.entries()).toEqual([joined, hello, reply, left]);
    });

    it('stores a message with the fields it was given', () => {
      const t = transcript();
      const message = t.appendMessage('customer', 'Ana', 'Hello', AT);
      expect(message).toMatchObject({ kind: 'message', role: 'customer', author: 'Ana', text: 'Hello', at: AT });
      expect(message.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(t.hasEntry(message.id)).toBe(true);
    });

    it('gives each message its own id', () => {
      const t = transcript();
      const ids = new Set(Array.from({ length: 20 }, () => t.appendMessage('rep', 'Rui', 'ok', AT).id));
      expect(ids.size).toBe(20);
    });

    it('cuts a message at the protocol limit so it still validates', () => {
      const t = transcript();
      const message = t.appendMessage('customer', 'Ana', 'x'.repeat(MAX_CHAT_MESSAGE_CHARS + 10), AT);
      expect(message.text).toHaveLength(MAX_CHAT_MESSAGE_CHARS);
      expect(t.entries()).toEqual([message]);
    });

    it('appends a status note with an id only once', () => {
      const t = transcript();
      const first = t.appendStatus('customer-joined', { id: 'joined-1', name: 'Ana', at: AT });
      const second = t.appendStatus('customer-joined', { id: 'joined-1', name: 'Ana', at: AT + 5 });
      expect(first).toEqual({ kind: 'status', id: 'joined-1', event: 'customer-joined', name: 'Ana', at: AT });
      expect(second).toBeNull();
      expect(t.entries()).toEqual([first]);
    });

    it('appends status notes without an id every time', () => {
      const t = transcript();
      t.appendStatus('connection-lost', { at: AT });
      t.appendStatus('connection-lost', { at: AT });
      expect(texts(t.entries())).toEqual(['connection-lost', 'connection-lost']);
    });

    it('does not append a status note whose id a synced peer already wrote', () => {
      const rep = transcript();
      const customer = transcript();
      rep.appendStatus('session-ended', { id: 'ended-s1', at: AT });
      syncBoth(rep, customer);
      expect(customer.appendStatus('session-ended', { id: 'ended-s1', at: AT + 1 })).toBeNull();
      expect(customer.entries()).toHaveLength(1);
    });
  });

  describe('with entries a peer should not have written', () => {
    const MALFORMED: unknown[] = [
      { kind: 'message', id: 'm1', role: 'customer', author: 'Ana', text: 42, at: AT },
      'a bare string',
      { kind: 'script', id: 's1', src: 'https://evil.example/x.js' },
      { kind: 'message', id: 'has space', role: 'customer', author: 'Ana', text: 'hi', at: AT },
      null,
    ];

    it('leaves them out of entries() and counts them as rejected', () => {
      const t = transcript();
      const before = t.appendMessage('customer', 'Ana', 'before', AT);
      rawLog(t).push(MALFORMED);
      const after = t.appendMessage('rep', 'Rui', 'after', AT + 1);
      expect(t.entries()).toEqual([before, after]);
      expect(t.rejectedCount).toBe(MALFORMED.length);
      expect(rawLog(t).length).toBe(MALFORMED.length + 2);
    });

    it('rejects them when they arrive from a remote peer', () => {
      const hostile = new Y.Doc();
      hostile.getArray<unknown>(LOG_ARRAY).push([{ kind: 'message', text: 42 }, 'a string', { kind: 'script' }]);
      const t = transcript();
      Y.applyUpdate(t.doc, Y.encodeStateAsUpdate(hostile));
      expect(t.entries()).toEqual([]);
      expect(t.rejectedCount).toBe(3);
      hostile.destroy();
    });

    it('validates entries already in a doc it is given', () => {
      const doc = new Y.Doc();
      const valid: LogEntry = { kind: 'status', id: 's1', event: 'customer-joined', at: AT };
      doc.getArray<unknown>(LOG_ARRAY).push([{ kind: 'script' }, valid]);
      const t = transcript(doc);
      expect(t.entries()).toEqual([valid]);
      expect(t.rejectedCount).toBe(1);
    });

    it('does not let a malformed entry claim a status note id', () => {
      const t = transcript();
      rawLog(t).push([{ kind: 'status', id: 'joined-1', event: 'not-an-event', at: AT }]);
      expect(t.hasEntry('joined-1')).toBe(false);
      expect(t.appendStatus('customer-joined', { id: 'joined-1', at: AT })).not.toBeNull();
    });
  });

  describe('between two peers', () => {
    it('ends with the same entries in the same order after concurrent appends on both sides', () => {
      const rep = transcript();
      const customer = transcript();
      rep.appendStatus('customer-joined', { id: 'joined', name: 'Ana', at: AT });
      syncBoth(rep, customer);

      // Both type at once, neither having seen the other's messages.
      rep.appendMessage('rep', 'Rui', 'rep 1', AT + 1);
      customer.appendMessage('customer', 'Ana', 'customer 1', AT + 1);
      rep.appendMessage('rep', 'Rui', 'rep 2', AT + 2);
      customer.appendMessage('customer', 'Ana', 'customer 2', AT + 2);
      customer.appendStatus('connection-lost', { at: AT + 3 });
      syncBoth(rep, customer);

      expect(rep.entries()).toHaveLength(6);
      expect(customer.entries()).toEqual(rep.entries());
      // Each side's own messages stay in the order that side wrote them.
      const repTexts = texts(rep.entries());
      expect(repTexts.indexOf('rep 1')).toBeLessThan(repTexts.indexOf('rep 2'));
      expect(repTexts.indexOf('customer 1')).toBeLessThan(repTexts.indexOf('customer 2'));
      expect(repTexts[0]).toBe('customer-joined');
    });

    it('converges whichever order the updates are applied in', () => {
      const a = transcript();
      const b = transcript();
      const c = transcript();
      a.appendMessage('rep', 'Rui', 'from a', AT);
      b.appendMessage('customer', 'Ana', 'from b', AT);
      const fromA = Y.encodeStateAsUpdate(a.doc);
      const fromB = Y.encodeStateAsUpdate(b.doc);
      Y.applyUpdate(a.doc, fromB);
      Y.applyUpdate(c.doc, fromB);
      Y.applyUpdate(c.doc, fromA);
      expect(a.entries()).toHaveLength(2);
      expect(c.entries()).toEqual(a.entries());
    });

    it('mirrors deletes in the middle of the log', () => {
      const t = transcript();
      const kept = ['one', 'two', 'three', 'four', 'five'].map((text, i) => t.appendMessage('rep', 'Rui', text, AT + i));
      rawLog(t).delete(1, 2);
      expect(t.entries()).toEqual([kept[0], kept[3], kept[4]]);
      rawLog(t).delete(1, 1);
      expect(t.entries()).toEqual([kept[0], kept[4]]);
    });

    it('mirrors a delete made by the other peer', () => {
      const rep = transcript();
      const customer = transcript();
      for (const text of ['a', 'b', 'c', 'd']) rep.appendMessage('rep', 'Rui', text, AT);
      syncBoth(rep, customer);
      rawLog(customer).delete(1, 2);
      syncBoth(rep, customer);
      expect(texts(rep.entries())).toEqual(['a', 'd']);
      expect(customer.entries()).toEqual(rep.entries());
    });

    it('keeps valid and rejected entries lined up when a delete spans both', () => {
      const t = transcript();
      const first = t.appendMessage('rep', 'Rui', 'first', AT);
      rawLog(t).push(['junk', { kind: 'script' }]);
      const middle = t.appendMessage('rep', 'Rui', 'middle', AT);
      rawLog(t).push([42]);
      const last = t.appendMessage('rep', 'Rui', 'last', AT);
      expect(t.rejectedCount).toBe(3);

      // Log: first, junk, script, middle, 42, last. Delete "script" and "middle".
      rawLog(t).delete(2, 2);
      expect(t.entries()).toEqual([first, last]);
      expect(t.rejectedCount).toBe(2);

      // Insert in the middle, then delete the remaining junk.
      rawLog(t).insert(1, [middle]);
      expect(t.entries()).toEqual([first, middle, last]);
      rawLog(t).delete(2, 1);
      rawLog(t).delete(2, 1);
      expect(t.entries()).toEqual([first, middle, last]);
      expect(t.rejectedCount).toBe(0);
    });
  });

  describe('details', () => {
    it('is null before any details are written', () => {
      expect(transcript().details()).toBeNull();
    });

    it('returns the details that were set', () => {
      const t = transcript();
      t.setDetails(DETAILS);
      expect(t.details()).toEqual(DETAILS);
    });

    it('merges later fields into earlier ones', () => {
      const t = transcript();
      t.setDetails({ sessionId: DETAILS.sessionId, startedAt: AT });
      t.setDetails({ customerName: 'Ana Souza', reference: 'TICKET-42' });
      expect(t.details()).toEqual({ sessionId: DETAILS.sessionId, startedAt: AT, customerName: 'Ana Souza', reference: 'TICKET-42' });
    });

    it('reaches the other peer', () => {
      const rep = transcript();
      const customer = transcript();
      rep.setDetails(DETAILS);
      syncBoth(rep, customer);
      expect(customer.details()).toEqual(DETAILS);
    });

    it('is null when a peer wrote details that do not validate', () => {
      const t = transcript();
      t.setDetails(DETAILS);
      t.doc.getMap('details').set('startedAt', 'yesterday');
      expect(t.details()).toBeNull();
    });
  });

  describe('change events', () => {
    it('reports local edits as local', () => {
      const t = transcript();
      const seen = changes(t);
      t.appendMessage('rep', 'Rui', 'hi', AT);
      t.appendStatus('customer-joined', { at: AT });
      t.setDetails(DETAILS);
      expect(seen).toEqual([true, true, true]);
    });

    it('reports applied remote updates as not local', () => {
      const rep = transcript();
      const customer = transcript();
      const seen = changes(customer);
      rep.appendMessage('rep', 'Rui', 'hi', AT);
      Y.applyUpdate(customer.doc, Y.encodeStateAsUpdate(rep.doc));
      rep.setDetails(DETAILS);
      Y.applyUpdate(customer.doc, Y.encodeStateAsUpdate(rep.doc, Y.encodeStateVector(customer.doc)));
      expect(seen).toEqual([false, false]);
    });

    it('reports nothing when setDetails writes the values already there', () => {
      const t = transcript();
      t.setDetails(DETAILS);
      const seen = changes(t);
      t.setDetails(DETAILS);
      expect(seen).toEqual([]);
    });

    it('reports nothing for a remote update that brings nothing new', () => {
      const rep = transcript();
      const customer = transcript();
      rep.appendMessage('rep', 'Rui', 'hi', AT);
      syncBoth(rep, customer);
      const seen = changes(customer);
      Y.applyUpdate(customer.doc, Y.encodeStateAsUpdate(rep.doc));
      expect(seen).toEqual([]);
    });
  });
});
