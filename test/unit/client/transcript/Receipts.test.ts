import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Receipts } from '../../../../client/transcript/Receipts.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import { yieldToEventLoop } from '../../../../client/files/yieldToEventLoop.js';
import { RECEIPTS_MAP } from '../../../../protocol/transcript.js';

/** Two sides whose documents exchange every update at once, as an open link does. */
function linkedPair() {
  const rep = new Transcript();
  const customer = new Transcript();
  const connected = { value: true };
  const queue: [Y.Doc, Uint8Array][] = [];
  const wire = (from: Y.Doc, to: Y.Doc) =>
    from.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'wire') return;
      if (connected.value) Y.applyUpdate(to, update, 'wire');
      else queue.push([to, update]);
    });
  wire(rep.doc, customer.doc);
  wire(customer.doc, rep.doc);
  const reconnect = () => {
    connected.value = true;
    for (const [to, update] of queue.splice(0)) Y.applyUpdate(to, update, 'wire');
  };
  return { rep, customer, repReceipts: new Receipts(rep.doc, 'rep'), customerReceipts: new Receipts(customer.doc, 'customer'), connected, reconnect };
}

/** `delivered` is written one task after the message arrived (Receipts.ts). */
const nextTask = () => yieldToEventLoop();

describe('Receipts', () => {
  it('marks a message delivered once the other side has it, one task after it arrived', async () => {
    const { rep, repReceipts } = linkedPair();
    const message = rep.appendMessage('rep', 'Riley', 'hello');
    expect(repReceipts.deliveryOf(message.id)).toBe('pending');
    await nextTask();
    expect(repReceipts.deliveryOf(message.id)).toBe('delivered');
  });

  it('writes only `seen` when the message was shown before its `delivered` was due: one update crosses', async () => {
    const { customer, rep, repReceipts, customerReceipts } = linkedPair();
    const crossing: Uint8Array[] = [];
    rep.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'wire') crossing.push(update);
    });
    const message = customer.appendMessage('customer', 'Ana', 'printer broken');
    repReceipts.markSeen([message.id]);
    await nextTask();
    expect(customerReceipts.deliveryOf(message.id)).toBe('seen');
    expect(crossing).toHaveLength(1);
  });

  it('writes nothing after it is disposed', async () => {
    const { rep, repReceipts, customerReceipts } = linkedPair();
    const message = rep.appendMessage('rep', 'Riley', 'bye');
    customerReceipts.dispose();
    await nextTask();
    expect(repReceipts.deliveryOf(message.id)).toBe('pending');
  });

  it('keeps a message pending while the other side cannot get it, and delivers it later', async () => {
    const { rep, repReceipts, connected, reconnect } = linkedPair();
    connected.value = false;
    const message = rep.appendMessage('rep', 'Riley', 'are you there?');
    await nextTask();
    expect(repReceipts.deliveryOf(message.id)).toBe('pending');
    reconnect();
    await nextTask();
    expect(repReceipts.deliveryOf(message.id)).toBe('delivered');
  });

  it('marks seen when the other side showed it, and never goes back down', async () => {
    const { customer, repReceipts, customerReceipts } = linkedPair();
    const message = customer.appendMessage('customer', 'Ana', 'printer broken');
    await nextTask();
    expect(customerReceipts.deliveryOf(message.id)).toBe('delivered');
    repReceipts.markSeen([message.id]);
    expect(customerReceipts.deliveryOf(message.id)).toBe('seen');
    // A late 'delivered' (say, from storage) does not lower it.
    repReceipts.markSeen([]);
    expect(customerReceipts.deliveryOf(message.id)).toBe('seen');
  });

  it('does not write receipts for this side\'s own messages or for status notes', async () => {
    const { rep, customer } = linkedPair();
    rep.appendMessage('rep', 'Riley', 'mine');
    rep.appendStatus('connection-lost');
    await nextTask();
    const written = customer.doc.getMap(RECEIPTS_MAP).toJSON();
    expect(Object.values(written)).toEqual(['delivered']);
    const repWritten = rep.doc.getMap(RECEIPTS_MAP);
    expect(repWritten.size).toBe(1);
  });

  it('reports a change when the other side moves one of this side\'s messages, not for its own writes', async () => {
    const { rep, customer, repReceipts, customerReceipts } = linkedPair();
    let repChanges = 0;
    let customerChanges = 0;
    repReceipts.on('change', () => repChanges++);
    customerReceipts.on('change', () => customerChanges++);
    const message = rep.appendMessage('rep', 'Riley', 'hello');
    await nextTask();
    // The customer wrote 'delivered' (its own write), which moved the rep's message.
    expect([repChanges, customerChanges]).toEqual([1, 0]);
    customerReceipts.markSeen([message.id]);
    expect([repChanges, customerChanges]).toEqual([2, 0]);
    expect(customer.entries()).toHaveLength(1);
  });

  it('treats a receipt value a hostile peer wrote as pending', () => {
    const { rep, repReceipts } = linkedPair();
    const message = rep.appendMessage('rep', 'Riley', 'x');
    rep.doc.getMap(RECEIPTS_MAP).set(message.id, '<script>');
    expect(repReceipts.deliveryOf(message.id)).toBe('pending');
  });
});
