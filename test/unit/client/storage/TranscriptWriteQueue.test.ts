import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isOwnWriting, TranscriptWriteQueue } from '../../../../client/storage/TranscriptWriteQueue.js';
import { Receipts } from '../../../../client/transcript/Receipts.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import { RECEIPTS_MAP } from '../../../../protocol/transcript.js';

/** A scheduler the test runs by hand. */
function manualScheduler() {
  const tasks = new Set<() => void>();
  return {
    schedule: (task: () => void) => {
      tasks.add(task);
      return () => tasks.delete(task);
    },
    get waiting() {
      return tasks.size;
    },
    runAll: () => [...tasks].forEach((task) => (tasks.delete(task), task())),
  };
}

/** A transcript whose updates go through a queue into `written`, tagged as persistTranscript does. */
function queued() {
  const transcript = new Transcript();
  const written: Uint8Array[] = [];
  const scheduler = manualScheduler();
  const queue = new TranscriptWriteQueue((update) => written.push(update), scheduler.schedule);
  transcript.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) =>
    queue.handleUpdate(update, isOwnWriting(transaction)),
  );
  /** What a fresh document holds after applying everything written so far. */
  const stored = () => {
    const doc = new Transcript();
    for (const update of written) Y.applyUpdate(doc.doc, update);
    return doc;
  };
  return { transcript, written, scheduler, queue, stored };
}

describe('TranscriptWriteQueue', () => {
  it('writes this side\'s own message at once', () => {
    const { transcript, written, stored } = queued();
    transcript.appendMessage('rep', 'Riley', 'hello');
    expect(written).toHaveLength(1);
    expect(stored().entries().map((e) => e.id)).toEqual(transcript.entries().map((e) => e.id));
  });

  it('keeps the peer\'s updates for an idle moment, then writes them as one', () => {
    const { transcript, written, scheduler, stored } = queued();
    const peer = new Transcript();
    peer.appendMessage('customer', 'Ana', 'printer broken');
    peer.appendMessage('customer', 'Ana', 'it is offline');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    expect(written).toHaveLength(0);
    expect(scheduler.waiting).toBe(1);
    scheduler.runAll();
    expect(written).toHaveLength(1);
    expect(stored().entries().map((e) => e.kind === 'message' && e.text)).toEqual(['printer broken', 'it is offline']);
  });

  it('writes this side\'s receipts at once, with the peer\'s update they answer', () => {
    const { transcript, written, scheduler, stored } = queued();
    const peer = new Transcript();
    const message = peer.appendMessage('customer', 'Ana', 'printer broken');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    new Receipts(transcript.doc, 'rep').markSeen([message.id]);
    expect(written).toHaveLength(1);
    expect(scheduler.waiting).toBe(0);
    const doc = stored();
    expect(doc.entries().map((e) => e.id)).toEqual([message.id]);
    expect(doc.doc.getMap(RECEIPTS_MAP).get(message.id)).toBe('seen');
  });

  it('writes whatever waits together with this side\'s next message, in one write', () => {
    const { transcript, written, scheduler, stored } = queued();
    const peer = new Transcript();
    peer.appendMessage('customer', 'Ana', 'ping');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    transcript.appendMessage('rep', 'Riley', 'pong');
    expect(written).toHaveLength(1);
    expect(scheduler.waiting).toBe(0);
    expect(stored().entries().map((e) => e.kind === 'message' && e.text)).toEqual(['ping', 'pong']);
  });

  it('writes everything waiting on flush, and nothing twice', () => {
    const { transcript, written, scheduler, queue, stored } = queued();
    const peer = new Transcript();
    peer.appendMessage('customer', 'Ana', 'one');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    queue.flush();
    expect(written).toHaveLength(1);
    expect(scheduler.waiting).toBe(0);
    queue.flush();
    scheduler.runAll();
    expect(written).toHaveLength(1);
    expect(stored().entries()).toHaveLength(1);
  });
});

describe('isOwnWriting', () => {
  it('is true for this side\'s messages, details and receipts, false for the peer\'s updates', () => {
    const transcript = new Transcript();
    const receipts = transcript.doc.getMap(RECEIPTS_MAP);
    const seen: boolean[] = [];
    transcript.doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(isOwnWriting(transaction)));
    transcript.appendMessage('rep', 'Riley', 'mine');
    transcript.setDetails({ customerName: 'Ana' });
    receipts.set('some-message', 'seen');
    const peer = new Transcript();
    peer.appendMessage('customer', 'Ana', 'theirs');
    Y.applyUpdate(transcript.doc, Y.encodeStateAsUpdate(peer.doc), 'peer');
    expect(seen).toEqual([true, true, true, false]);
  });
});
