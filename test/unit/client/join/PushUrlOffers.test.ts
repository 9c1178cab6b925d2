import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../../../client/core/Emitter.js';
import { MAX_PENDING_PUSHES, PushUrlOffers } from '../../../../client/join/PushUrlOffers.js';
import type { SupportSession, SupportSessionEvents } from '../../../../client/session/SupportSession.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import type { PeerMessage } from '../../../../protocol/peerMessage.js';
import { encodePeerMessage, parsePeerMessage } from '../../../../protocol/peerMessage.js';

const transcripts: Transcript[] = [];
afterEach(() => transcripts.splice(0).forEach((t) => t.destroy()));

class FakeSession extends Emitter<SupportSessionEvents> {
  readonly transcript = new Transcript();
  readonly sent: PeerMessage[] = [];
  constructor() {
    super();
    transcripts.push(this.transcript);
  }
  sendPeerMessage(message: PeerMessage): boolean {
    this.sent.push(message);
    return true;
  }
}

function setup() {
  const session = new FakeSession();
  const offers = new PushUrlOffers(session as unknown as SupportSession);
  return { session, offers };
}

describe('PushUrlOffers', () => {
  it('holds a pushed address until the customer answers, then notes the answer and tells the rep', () => {
    const { session, offers } = setup();
    session.emit('peerMessage', { type: 'push-url', pushId: 'p1', url: 'https://example.org/fix' });
    expect(offers.offers).toEqual([{ pushId: 'p1', url: 'https://example.org/fix' }]);
    offers.answer('p1', true);
    expect(offers.offers).toEqual([]);
    expect(session.sent).toEqual([{ type: 'push-url-answer', pushId: 'p1', accepted: true }]);
    expect(session.transcript.entries()).toMatchObject([{ kind: 'status', event: 'push-url-opened', by: 'customer', detail: 'https://example.org/fix' }]);
  });

  it('notes a refusal', () => {
    const { session, offers } = setup();
    session.emit('peerMessage', { type: 'push-url', pushId: 'p2', url: 'http://intranet.example/help' });
    offers.answer('p2', false);
    expect(session.sent).toEqual([{ type: 'push-url-answer', pushId: 'p2', accepted: false }]);
    expect(session.transcript.entries()).toMatchObject([{ event: 'push-url-declined', detail: 'http://intranet.example/help' }]);
  });

  it('ignores a repeated push, an unknown answer and other messages', () => {
    const { session, offers } = setup();
    const changes: number[] = [];
    offers.on('change', (list) => changes.push(list.length));
    session.emit('peerMessage', { type: 'push-url', pushId: 'p1', url: 'https://example.org/a' });
    session.emit('peerMessage', { type: 'push-url', pushId: 'p1', url: 'https://example.org/a' });
    session.emit('peerMessage', { type: 'push-url-answer', pushId: 'p1', accepted: true });
    offers.answer('nope', true);
    expect(changes).toEqual([1]);
    expect(session.sent).toEqual([]);
  });

  it('keeps only the newest few when pushed many', () => {
    const { session, offers } = setup();
    for (let i = 0; i < MAX_PENDING_PUSHES + 4; i++) session.emit('peerMessage', { type: 'push-url', pushId: `p${i}`, url: `https://example.org/${i}` });
    expect(offers.offers.map((o) => o.pushId)).toEqual(Array.from({ length: MAX_PENDING_PUSHES }, (_, i) => `p${i + 4}`));
  });

  it('never gets a javascript: address: the protocol refuses it before any feature sees it', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'https://']) {
      const parsed = parsePeerMessage(encodePeerMessage({ type: 'push-url', pushId: 'p1', url } as PeerMessage));
      expect(parsed.ok).toBe(false);
    }
  });

  it('stops listening once disposed', () => {
    const { session, offers } = setup();
    offers.dispose();
    session.emit('peerMessage', { type: 'push-url', pushId: 'p1', url: 'https://example.org/a' });
    expect(offers.offers).toEqual([]);
  });
});
