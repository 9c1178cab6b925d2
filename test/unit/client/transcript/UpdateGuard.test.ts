import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import { UpdateGuard } from '../../../../client/transcript/UpdateGuard.js';

/** What `peer` has that `victim` lacks, as one update. */
const diff = (peer: Transcript, victim: Transcript) => Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(victim.doc));

/** A rep (the victim, guarded) and a customer who share a short conversation. */
function conversation() {
  const rep = new Transcript();
  const customer = new Transcript();
  rep.setDetails({ sessionId: 's1', startedAt: 1, customerName: 'Ana', repName: 'Sam' });
  rep.appendMessage('rep', 'Sam', 'Hello');
  customer.appendMessage('customer', 'Ana', 'Hi');
  customer.appendFile({ transferId: 'k2J9x0aQzz', role: 'customer', author: 'Ana', name: 'shot.png', size: 10, mimeType: 'image/png' });
  Y.applyUpdate(customer.doc, diff(rep, customer));
  Y.applyUpdate(rep.doc, diff(customer, rep));
  return { rep, customer, guard: new UpdateGuard(rep.doc, 'rep') };
}

/** Edits a copy of the customer's document and returns the update the edit makes. */
function forged(customer: Transcript, edit: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
  const evil = new Y.Doc();
  Y.applyUpdate(evil, Y.encodeStateAsUpdate(customer.doc));
  if (clientId !== undefined) evil.clientID = clientId;
  const before = Y.encodeStateVector(evil);
  edit(evil);
  return Y.encodeStateAsUpdate(evil, before);
}

describe('UpdateGuard', () => {
  it('accepts the peer’s new messages, receipts and the file hash its author records', () => {
    const { rep, customer, guard } = conversation();
    const before = Y.encodeStateVector(customer.doc);
    customer.appendMessage('customer', 'Ana', '<img src=x onerror=alert(1)> is shown as text');
    customer.doc.getMap('receipts').set('m1', 'delivered');
    customer.doc.getMap('receipts').set('m1', 'seen');
    customer.setFileSha256('k2J9x0aQzz', 'f'.repeat(64));
    expect(guard.inspect(Y.encodeStateAsUpdate(customer.doc, before))).toEqual({ kind: 'accept' });
    expect(guard.inspect(diff(customer, rep))).toEqual({ kind: 'accept' });
  });

  it('accepts the same details written by both sides at once', () => {
    const rep = new Transcript();
    const customer = new Transcript();
    rep.setDetails({ sessionId: 's1', startedAt: 1, customerName: 'Ana' });
    customer.setDetails({ sessionId: 's1', startedAt: 1, customerName: 'Ana' });
    expect(new UpdateGuard(rep.doc, 'rep').inspect(diff(customer, rep))).toEqual({ kind: 'accept' });
  });

  it('accepts a detail deleted as two equal writes merged, when the update brings the same value and keeps it', () => {
    const { rep, customer, guard } = conversation();
    // The same value written again for a field: Yjs deletes the entry it replaces.
    expect(guard.inspect(forged(customer, (doc) => doc.getMap('details').set('repName', 'Sam'), 123_456))).toEqual({ kind: 'accept' });
    // Another value, no value at all, or the same value deleted in the same update: refused.
    expect(guard.inspect(forged(customer, (doc) => doc.getMap('details').set('repName', 'Mallory'), 123_456)).kind).toBe('refuse');
    const setThenDelete = (doc: Y.Doc) => {
      doc.getMap('details').set('repName', 'Sam');
      doc.getMap('details').delete('repName');
    };
    expect(guard.inspect(forged(customer, setThenDelete, 123_456)).kind).toBe('refuse');
    expect(rep.details()?.repName).toBe('Sam');
  });

  it('holds back an update that builds on entries not received yet', () => {
    const { rep, customer, guard } = conversation();
    customer.appendMessage('customer', 'Ana', 'first');
    const before = Y.encodeStateVector(customer.doc);
    customer.appendMessage('customer', 'Ana', 'second');
    expect(guard.inspect(Y.encodeStateAsUpdate(customer.doc, before))).toEqual({ kind: 'incomplete' });
    expect(guard.inspect(diff(customer, rep))).toEqual({ kind: 'accept' });
  });

  const forbidden: [string, (doc: Y.Doc) => void][] = [
    ['deletes a log entry', (doc) => doc.getArray('log').delete(0, 1)],
    ['rewrites a log entry', (doc) => doc.transact(() => {
      const log = doc.getArray<Record<string, unknown>>('log');
      const first = log.get(0);
      log.delete(0, 1);
      log.insert(0, [{ ...first, text: 'rewritten' }]);
    })],
    ['adds a message in the rep’s name', (doc) => doc.getArray('log').push([{ kind: 'message', id: 'x1', role: 'rep', author: 'Sam', text: 'Send me your password', at: 2 }])],
    ['adds an entry of the wrong shape', (doc) => doc.getArray('log').push([{ kind: 'html', html: '<script>alert(1)</script>' }])],
    ['nests a shared type in the log', (doc) => doc.getArray('log').push([new Y.Map()])],
    ['writes another root type', (doc) => doc.getText('injected').insert(0, '<b>x</b>')],
    ['overwrites a session detail', (doc) => doc.getMap('details').set('customerName', 'Mallory')],
    ['deletes a session detail', (doc) => doc.getMap('details').delete('repName')],
    ['writes an unknown detail', (doc) => doc.getMap('details').set('__proto__', 'x')],
    ['writes a receipt of the wrong shape', (doc) => doc.getMap('receipts').set('m1', { html: '<b>' })],
  ];
  for (const [what, edit] of forbidden) {
    it(`refuses an update that ${what}`, () => {
      const { customer, guard } = conversation();
      const verdict = guard.inspect(forged(customer, edit, 123_456));
      expect(verdict.kind).toBe('refuse');
    });
  }

  it('refuses entries under the victim’s own client id, and the other role under a bound id', () => {
    const { rep, customer, guard } = conversation();
    const message = { kind: 'message', id: 'x2', role: 'customer', author: 'Ana', text: 'hi', at: 3 };
    expect(guard.inspect(forged(customer, (doc) => doc.getArray('log').push([message]), rep.doc.clientID)).kind).toBe('refuse');
    guard.bindPeerClient(777);
    const asRep = { ...message, role: 'rep' };
    expect(guard.inspect(forged(customer, (doc) => doc.getArray('log').push([asRep]), 777)).kind).toBe('refuse');
    expect(guard.inspect(forged(customer, (doc) => doc.getArray('log').push([message]), 777))).toEqual({ kind: 'accept' });
  });

  it('refuses a hash recorded on a file entry of the victim’s, or with another field changed', () => {
    const { rep, customer, guard } = conversation();
    rep.appendFile({ transferId: 'repFile0001', role: 'rep', author: 'Sam', name: 'manual.pdf', size: 5, mimeType: 'application/pdf' });
    Y.applyUpdate(customer.doc, diff(rep, customer));
    const replace = (transferId: string, change: Record<string, unknown>) => (doc: Y.Doc) => {
      const log = doc.getArray<Record<string, unknown>>('log');
      const index = log.toArray().findIndex((e) => e.transferId === transferId);
      const entry = log.get(index);
      doc.transact(() => {
        log.delete(index, 1);
        log.insert(index, [{ ...entry, sha256: 'f'.repeat(64), ...change }]);
      });
    };
    expect(guard.inspect(forged(customer, replace('repFile0001', {}))).kind).toBe('refuse');
    expect(guard.inspect(forged(customer, replace('k2J9x0aQzz', { name: 'other.exe' }))).kind).toBe('refuse');
    expect(guard.inspect(forged(customer, replace('k2J9x0aQzz', {})))).toEqual({ kind: 'accept' });
  });

  it('judges the first sync of a long conversation (a chain of thousands of origins) whole', () => {
    const rep = new Transcript();
    const customer = new Transcript();
    for (let i = 0; i < 2_000; i++) {
      customer.appendMessage('customer', 'Ana', `question ${i}`);
      Y.applyUpdate(rep.doc, diff(customer, rep));
      rep.appendMessage('rep', 'Sam', `answer ${i}`);
      Y.applyUpdate(customer.doc, diff(rep, customer));
    }
    const state = Y.encodeStateAsUpdate(customer.doc);
    // Without a role to protect, every entry checks out.
    expect(new UpdateGuard(new Transcript().doc, null).inspect(state)).toEqual({ kind: 'accept' });
    // A rep page that lost its storage is not given its own messages back (README: the price of authorship).
    expect(new UpdateGuard(new Transcript().doc, 'rep').inspect(state)).toEqual({ kind: 'refuse', reason: "a message in this side's name" });
  });

  it('refuses bytes that are not an update', () => {
    const { guard } = conversation();
    expect(guard.inspect(Uint8Array.of(1, 200, 3, 4, 255, 255, 255)).kind).toBe('refuse');
  });
});
