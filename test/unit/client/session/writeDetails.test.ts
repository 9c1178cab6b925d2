/**
 * Why a page writes the session details only once its stored transcript is loaded: a customer
 * back in a new tab wrote them into a document still loading, the merge deleted stored details,
 * and the rep's page (before its guard learnt to take such a merge) refused that and every later
 * change from the tab (a browser test lost a message so, one run in five).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { InstanceId, SessionId } from '../../../../protocol/ids.js';
import { SupportSession } from '../../../../client/session/SupportSession.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import { UpdateGuard } from '../../../../client/transcript/UpdateGuard.js';

const DETAILS = { sessionId: 's1', startedAt: 1, customerName: 'Ana', query: 'Printer', repName: 'Sam' };

/** The rep's document and the customer's stored one, in sync, with the details written once. */
function earlierConversation() {
  const rep = new Transcript();
  rep.doc.clientID = 1;
  rep.setDetails(DETAILS);
  rep.appendMessage('customer', 'Ana', 'hello before closing');
  const stored = Y.encodeStateAsUpdate(rep.doc);
  return { rep, stored };
}

/** The update a fresh customer document sends the rep once `stored` is in it, after `beforeLoad`. */
function updateAfterLoad(stored: Uint8Array, rep: Transcript, beforeLoad: (tab: Transcript) => void): Uint8Array {
  // Clients with lower ids lose a concurrent write to a map key: give the new tab the higher one.
  const tab = new Transcript(new Y.Doc());
  tab.doc.clientID = 0xfffffffe;
  beforeLoad(tab);
  Y.applyUpdate(tab.doc, stored, 'storage');
  return Y.encodeStateAsUpdate(tab.doc, Y.encodeStateVector(rep.doc));
}

function session(transcript: Transcript, whenLoaded: Promise<unknown>): SupportSession {
  return new SupportSession({
    sessionId: 's1' as SessionId,
    role: 'customer',
    selfName: () => 'Ana',
    instanceId: 'tab-2' as InstanceId,
    signaling: { state: 'closed', send: () => false },
    transcript,
    iceServers: () => [],
    whenLoaded,
  });
}

describe('writing the session details', () => {
  it('into a document still loading, then merged with the stored ones, deletes stored details (the peer takes it only because the same values come with it)', () => {
    const { rep, stored } = earlierConversation();
    const update = updateAfterLoad(stored, rep, (tab) => tab.setDetails(DETAILS));
    const deleted = Y.decodeUpdate(update).ds.clients.get(rep.doc.clientID) ?? [];
    expect(deleted.length).toBeGreaterThan(0);
    expect(new UpdateGuard(rep.doc, 'rep').inspect(update)).toEqual({ kind: 'accept' });
  });

  it('once the stored transcript is loaded changes nothing, and the peer takes what follows', async () => {
    const { rep, stored } = earlierConversation();
    let loaded!: () => void;
    const whenLoaded = new Promise<void>((resolve) => (loaded = resolve));
    let written: SupportSession | null = null;
    const update = updateAfterLoad(stored, rep, (tab) => {
      written = session(tab, whenLoaded);
      written.writeDetails(DETAILS);
      // Nothing written while the stored transcript loads.
      expect(tab.details()).toBeNull();
    });
    expect(new UpdateGuard(rep.doc, 'rep').inspect(update)).toEqual({ kind: 'accept' });
    loaded();
    await whenLoaded;
    await Promise.resolve();
    const tab = written!.transcript;
    expect(tab.details()).toMatchObject(DETAILS);
    tab.appendMessage('customer', 'Ana', 'back again');
    const next = Y.encodeStateAsUpdate(tab.doc, Y.encodeStateVector(rep.doc));
    expect(new UpdateGuard(rep.doc, 'rep').inspect(next)).toEqual({ kind: 'accept' });
    Y.applyUpdate(rep.doc, next);
    expect(rep.entries().map((entry) => (entry.kind === 'message' ? entry.text : entry.kind))).toEqual(['hello before closing', 'back again']);
    written!.dispose();
  });
});
