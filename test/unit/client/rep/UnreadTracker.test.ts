import { afterEach, describe, expect, it } from 'vitest';
import { UnreadTracker } from '../../../../client/rep/UnreadTracker.js';
import type { SupportSession } from '../../../../client/session/SupportSession.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';
import type { SessionId } from '../../../../protocol/ids.js';

const transcripts: Transcript[] = [];
afterEach(() => transcripts.splice(0).forEach((t) => t.destroy()));

/** Just what the tracker reads of a session: its id and its transcript. */
function fakeSession(id: string): SupportSession {
  const transcript = new Transcript();
  transcripts.push(transcript);
  return { sessionId: id as SessionId, transcript } as unknown as SupportSession;
}

const A = 'session-a' as SessionId;
const B = 'session-b' as SessionId;

function setup() {
  const stored: [SessionId, number][] = [];
  const tracker = new UnreadTracker((id, count) => stored.push([id, count]));
  const changes: ReadonlyMap<SessionId, number>[] = [];
  tracker.on('change', (counts) => changes.push(counts));
  return { tracker, stored, changes };
}

describe('UnreadTracker', () => {
  it('counts customer messages of a session that is not in front', () => {
    const { tracker, changes } = setup();
    const a = fakeSession(A);
    const b = fakeSession(B);
    tracker.handleSessions([a, b]);
    tracker.handleAttention({ activeId: A, pageInFront: true });
    b.transcript.appendMessage('customer', 'Bo', 'one');
    b.transcript.appendMessage('customer', 'Bo', 'two');
    b.transcript.appendMessage('rep', 'Riley', 'answer');
    expect(tracker.counts.get(B)).toBe(2);
    expect(tracker.counts.get(A)).toBe(0);
    expect(changes.at(-1)?.get(B)).toBe(2);
  });

  it('marks the selected session read at once while the console is in front, and stores the count', () => {
    const { tracker, stored } = setup();
    const a = fakeSession(A);
    tracker.handleSessions([a]);
    tracker.handleAttention({ activeId: A, pageInFront: true });
    a.transcript.appendMessage('customer', 'Ana', 'hello');
    expect(tracker.counts.get(A)).toBe(0);
    expect(stored).toEqual([[A, 1]]);
  });

  it('keeps messages unread while the console is in the background, and reads them when it comes back', () => {
    const { tracker, stored } = setup();
    const a = fakeSession(A);
    tracker.handleSessions([a]);
    tracker.handleAttention({ activeId: A, pageInFront: false });
    a.transcript.appendMessage('customer', 'Ana', 'are you there?');
    expect(tracker.counts.get(A)).toBe(1);
    expect(stored).toEqual([]);
    tracker.handleAttention({ activeId: A, pageInFront: true });
    expect(tracker.counts.get(A)).toBe(0);
    expect(stored).toEqual([[A, 1]]);
  });

  it('reads a session when its tab is opened', () => {
    const { tracker } = setup();
    const a = fakeSession(A);
    const b = fakeSession(B);
    tracker.handleSessions([a, b]);
    tracker.handleAttention({ activeId: A, pageInFront: true });
    b.transcript.appendMessage('customer', 'Bo', 'hi');
    expect(tracker.counts.get(B)).toBe(1);
    tracker.handleAttention({ activeId: B, pageInFront: true });
    expect(tracker.counts.get(B)).toBe(0);
  });

  it('starts from the read counts stored by an earlier page load', () => {
    const { tracker } = setup();
    tracker.handleStoredReadCounts([[B, 1]]);
    const b = fakeSession(B);
    b.transcript.appendMessage('customer', 'Bo', 'read before the reload');
    b.transcript.appendMessage('customer', 'Bo', 'not read yet');
    tracker.handleAttention({ activeId: null, pageInFront: true });
    tracker.handleSessions([b]);
    expect(tracker.counts.get(B)).toBe(1);
  });

  it('reports only when a count changed', () => {
    const { tracker, changes } = setup();
    const a = fakeSession(A);
    tracker.handleSessions([a]);
    tracker.handleAttention({ activeId: A, pageInFront: true });
    const before = changes.length;
    a.transcript.appendMessage('customer', 'Ana', 'read at once');
    a.transcript.appendMessage('rep', 'Riley', 'answer');
    expect(changes.length).toBe(before);
    tracker.handleAttention({ activeId: null, pageInFront: true });
    a.transcript.appendMessage('customer', 'Ana', 'unread');
    expect(changes.length).toBe(before + 1);
    expect(changes.at(-1)?.get(A)).toBe(1);
  });

  it('forgets a session that is gone', () => {
    const { tracker } = setup();
    const b = fakeSession(B);
    tracker.handleSessions([b]);
    b.transcript.appendMessage('customer', 'Bo', 'hi');
    tracker.handleSessions([]);
    expect(tracker.counts.has(B)).toBe(false);
    b.transcript.appendMessage('customer', 'Bo', 'after');
    expect(tracker.counts.has(B)).toBe(false);
  });
});
