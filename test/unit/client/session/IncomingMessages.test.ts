import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../../../client/core/Emitter.js';
import { watchIncomingMessages } from '../../../../client/session/IncomingMessages.js';
import type { SupportSession, SupportSessionEvents } from '../../../../client/session/SupportSession.js';
import type { ConnectionState } from '../../../../client/session/connectionState.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import type { ChatMessage } from '../../../../protocol/transcript.js';
import * as Y from 'yjs';

const transcripts: Transcript[] = [];
afterEach(() => transcripts.splice(0).forEach((t) => t.destroy()));

/** What the watcher reads of a session: role, state and its events, and the transcript. */
class FakeSession extends Emitter<SupportSessionEvents> {
  state: ConnectionState = 'connecting';
  readonly transcript = new Transcript();
  constructor(readonly role: 'rep' | 'customer') {
    super();
    transcripts.push(this.transcript);
  }
  connect(): void {
    this.state = 'connected';
    this.emit('state', 'connected');
  }
}

/** A message written by the other page and applied here, as a sync over the channel does. */
function fromPeer(session: FakeSession, role: 'rep' | 'customer', text: string): void {
  const peer = new Transcript(new Y.Doc());
  transcripts.push(peer);
  Y.applyUpdate(peer.doc, Y.encodeStateAsUpdate(session.transcript.doc));
  peer.appendMessage(role, role === 'rep' ? 'Riley' : 'Ana', text);
  Y.applyUpdate(session.transcript.doc, Y.encodeStateAsUpdate(peer.doc, Y.encodeStateVector(session.transcript.doc)));
}

function watch(session: FakeSession): ChatMessage[][] {
  const calls: ChatMessage[][] = [];
  watchIncomingMessages(session as unknown as SupportSession, (messages) => calls.push(messages));
  return calls;
}

describe('watchIncomingMessages', () => {
  it('reports the other side’s new messages once the session has connected', () => {
    const rep = new FakeSession('rep');
    const calls = watch(rep);
    rep.connect();
    fromPeer(rep, 'customer', 'hello');
    expect(calls.map((c) => c.map((m) => m.text))).toEqual([['hello']]);
  });

  it('is quiet about what the stored log held before the first connection', () => {
    const customer = new FakeSession('customer');
    const calls = watch(customer);
    fromPeer(customer, 'rep', 'from an earlier visit');
    customer.connect();
    fromPeer(customer, 'rep', 'new');
    expect(calls.map((c) => c.map((m) => m.text))).toEqual([['new']]);
  });

  it('ignores this page’s own messages and the messages of its own side', () => {
    const rep = new FakeSession('rep');
    const calls = watch(rep);
    rep.connect();
    rep.transcript.appendMessage('rep', 'Riley', 'typed here');
    fromPeer(rep, 'rep', 'another rep page');
    expect(calls).toEqual([]);
  });

  it('stops after unsubscribing', () => {
    const rep = new FakeSession('rep');
    const calls: ChatMessage[][] = [];
    const off = watchIncomingMessages(rep as unknown as SupportSession, (messages) => calls.push(messages));
    rep.connect();
    off();
    fromPeer(rep, 'customer', 'late');
    expect(calls).toEqual([]);
  });
});
