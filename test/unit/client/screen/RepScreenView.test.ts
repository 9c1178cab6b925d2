import { beforeEach, describe, expect, it } from 'vitest';
import { RepScreenView } from '../../../../client/screen/RepScreenView.js';
import { splitScreenFrame } from '../../../../protocol/screenFrame.js';
import { THUMBNAIL_EDGE_PX, VIEWER_EDGE_PX } from '../../../../protocol/screenShare.js';
import { FakeSession, fakeLink } from './fakeSession.js';

const STARTED = { type: 'screen-started', shareId: 'share1', width: 1920, height: 1080, mime: 'image/jpeg', maxEdge: THUMBNAIL_EDGE_PX } as const;

describe('RepScreenView', () => {
  let session: FakeSession;
  let view: RepScreenView;
  beforeEach(() => {
    session = new FakeSession();
    view = new RepScreenView(session.asSession);
  });

  it('asks once, notes the request, and waits for the answer', () => {
    expect(view.handleRequest()).toBe(true);
    expect(view.handleRequest()).toBe(false);
    expect(session.sent).toEqual([{ type: 'screen-request' }]);
    expect(view.state).toEqual({ kind: 'requested', choosing: false });
    expect(session.notes()).toEqual(['screen-requested by rep']);
  });

  it('does not ask, or note anything, without a link to ask over', () => {
    session.linked = false;
    expect(view.handleRequest()).toBe(false);
    expect(view.state.kind).toBe('idle');
    expect(session.notes()).toEqual([]);
  });

  it('notes a decline and goes back to idle', () => {
    view.handleRequest();
    session.receive({ type: 'screen-answer', accepted: false });
    expect(view.state.kind).toBe('idle');
    expect(session.notes()).toEqual(['screen-requested by rep', 'screen-declined by customer']);
  });

  it('shows the customer choosing after an accept, then sharing once started', () => {
    view.handleRequest();
    session.receive({ type: 'screen-answer', accepted: true });
    expect(view.state).toEqual({ kind: 'requested', choosing: true });
    session.receive(STARTED);
    expect(view.state).toMatchObject({ kind: 'sharing', shareId: 'share1', width: 1920, height: 1080, mime: 'image/jpeg' });
    expect(session.notes()).toEqual(['screen-requested by rep', 'screen-started by customer']);
  });

  it('writes one start note per sharing, however often it is announced', () => {
    session.receive(STARTED);
    session.receive({ ...STARTED, maxEdge: VIEWER_EDGE_PX });
    // A reloaded rep page hears the same sharing announced again: still one note.
    const again = new RepScreenView(session.asSession);
    again.handleLink(fakeLink().link);
    session.receive(STARTED);
    expect(session.notes()).toEqual(['screen-started by customer']);
  });

  it('ends sharing with a note when the customer stops, and ignores a stop when nothing is shared', () => {
    session.receive({ type: 'screen-stopped', by: 'customer' });
    expect(session.notes()).toEqual([]);
    session.receive(STARTED);
    session.receive({ type: 'screen-stopped', by: 'customer' });
    expect(view.state.kind).toBe('idle');
    expect(session.notes()).toEqual(['screen-started by customer', 'screen-stopped by customer']);
  });

  it('stops viewing: tells the customer, notes it, and closes the viewer', () => {
    session.receive(STARTED);
    view.handleViewer(true);
    expect(view.isViewerOpen).toBe(true);
    view.handleStopViewing();
    expect(session.sent).toContainEqual({ type: 'screen-stopped', by: 'rep' });
    expect(view.isViewerOpen).toBe(false);
    expect(view.state.kind).toBe('idle');
    expect(session.notes()).toEqual(['screen-started by customer', 'screen-stopped by rep']);
  });

  it('asks for the larger size only while the viewer is open', () => {
    view.handleViewer(true);
    expect(view.isViewerOpen).toBe(false); // nothing to view yet
    session.receive(STARTED);
    view.handleViewer(true);
    view.handleViewer(false);
    expect(session.sent).toEqual([
      { type: 'screen-size', maxEdge: VIEWER_EDGE_PX },
      { type: 'screen-size', maxEdge: THUMBNAIL_EDGE_PX },
    ]);
  });

  it("asks the customer's page where it is on every new link, at the size it wants", () => {
    session.receive(STARTED);
    view.handleViewer(true);
    session.sent.length = 0;
    session.emit('link', fakeLink().link);
    expect(session.sent).toEqual([{ type: 'screen-size', maxEdge: VIEWER_EDGE_PX }]);
  });

  it('refuses frame messages while nothing is shared, and malformed ones while sharing', () => {
    const { link, frames } = fakeLink();
    session.emit('link', link);
    const part = splitScreenFrame({ frameNumber: 0, capturedAtMs: 0, bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) });
    if (!part.ok) throw new Error('split failed');
    frames.dispatchEvent(new MessageEvent('message', { data: part.value[0]!.buffer }));
    session.receive(STARTED);
    frames.dispatchEvent(new MessageEvent('message', { data: 'not binary' }));
    frames.dispatchEvent(new MessageEvent('message', { data: new ArrayBuffer(3) }));
    expect(view.stats.refusedMessages).toBe(3);
    expect(view.frame).toBeNull();
  });

  it('stops listening to an old link once it is gone', () => {
    const { link, frames } = fakeLink();
    session.emit('link', link);
    session.emit('link', null);
    frames.dispatchEvent(new MessageEvent('message', { data: 'ignored' }));
    expect(view.stats.refusedMessages).toBe(0);
  });

  it('ends sharing without a note when the session ends', () => {
    session.receive(STARTED);
    session.emit('ended', 'rep');
    expect(view.state.kind).toBe('idle');
    expect(session.notes()).toEqual(['screen-started by customer']);
  });
});
