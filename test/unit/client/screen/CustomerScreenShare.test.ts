import { beforeEach, describe, expect, it } from 'vitest';
import { CustomerScreenShare } from '../../../../client/screen/CustomerScreenShare.js';
import { VIEWER_EDGE_PX } from '../../../../protocol/screenShare.js';
import { FakeSession } from './fakeSession.js';

describe('CustomerScreenShare', () => {
  let session: FakeSession;
  let pickerCalls: number;
  let share: CustomerScreenShare;
  beforeEach(() => {
    session = new FakeSession();
    pickerCalls = 0;
    // A picker the person cancels.
    share = new CustomerScreenShare(session.asSession, () => {
      pickerCalls++;
      return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
  });

  it("turns the rep's request into a prompt, without opening the picker", () => {
    session.receive({ type: 'screen-request' });
    expect(share.state).toBe('asked');
    expect(pickerCalls).toBe(0);
  });

  it('declines: answers no, and the prompt goes away', () => {
    session.receive({ type: 'screen-request' });
    share.handleDecline();
    expect(session.sent).toEqual([{ type: 'screen-answer', accepted: false }]);
    expect(share.state).toBe('idle');
    expect(pickerCalls).toBe(0);
  });

  it('answers no when the person cancels the picker after allowing', async () => {
    session.receive({ type: 'screen-request' });
    const states: string[] = [];
    share.on('state', (state) => states.push(state));
    await share.handleAccept();
    expect(pickerCalls).toBe(1);
    expect(states).toEqual(['choosing', 'idle']);
    expect(session.sent).toEqual([{ type: 'screen-answer', accepted: false }]);
  });

  it('says nothing to the rep when a picker opened on its own is cancelled', async () => {
    await share.handleShareOwn();
    expect(pickerCalls).toBe(1);
    expect(share.state).toBe('idle');
    expect(session.sent).toEqual([]);
  });

  it("answers the rep's state question with 'not sharing' while idle, and not at all while deciding", () => {
    session.receive({ type: 'screen-size', maxEdge: VIEWER_EDGE_PX });
    expect(session.sent).toEqual([{ type: 'screen-stopped', by: 'customer' }]);
    session.receive({ type: 'screen-request' });
    session.receive({ type: 'screen-size', maxEdge: VIEWER_EDGE_PX });
    expect(session.sent).toHaveLength(1);
    expect(share.state).toBe('asked');
  });

  it('drops the prompt when the rep withdraws, and when the session ends', () => {
    session.receive({ type: 'screen-request' });
    session.receive({ type: 'screen-stopped', by: 'rep' });
    expect(share.state).toBe('idle');
    session.receive({ type: 'screen-request' });
    session.emit('ended', 'rep');
    expect(share.state).toBe('idle');
  });

  it('ignores Accept, Decline and Stop when there is nothing to answer or stop', async () => {
    await share.handleAccept();
    share.handleDecline();
    share.handleStop();
    expect(pickerCalls).toBe(0);
    expect(session.sent).toEqual([]);
  });
});
