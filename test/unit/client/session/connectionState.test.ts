import { describe, expect, it } from 'vitest';
import type { SignalingState } from '../../../../client/core/SignalingClient.js';
import type { LinkState } from '../../../../client/rtc/PeerLink.js';
import { connectionState, type ConnectionFacts } from '../../../../client/session/connectionState.js';

const LINK_STATES: (LinkState | null)[] = [null, 'new', 'connecting', 'open', 'disconnected', 'closed'];
const SIGNALING_STATES: SignalingState[] = ['connecting', 'open', 'closed'];

/** A healthy page that has not connected yet: each test changes only the facts it is about. */
function facts(overrides: Partial<ConnectionFacts> = {}): ConnectionFacts {
  return { link: null, signaling: 'open', everConnected: false, peerGone: false, browserOnline: true, ...overrides };
}

/** Every combination of the facts, for properties that must hold across the whole table. */
function allFacts(): ConnectionFacts[] {
  const all: ConnectionFacts[] = [];
  for (const link of LINK_STATES)
    for (const signaling of SIGNALING_STATES)
      for (const everConnected of [false, true])
        for (const peerGone of [false, true])
          for (const browserOnline of [false, true]) all.push({ link, signaling, everConnected, peerGone, browserOnline });
  return all;
}

describe('connectionState', () => {
  it('is connected while the link is open', () => {
    expect(connectionState(facts({ link: 'open', everConnected: true }))).toBe('connected');
  });

  it.each(SIGNALING_STATES)('is connected while the link is open even when signaling is %s', (signaling) => {
    expect(connectionState(facts({ link: 'open', signaling, everConnected: true }))).toBe('connected');
  });

  it('is connected whenever the link is open, whatever else is true', () => {
    for (const f of allFacts().filter((f) => f.link === 'open')) {
      expect(connectionState(f), JSON.stringify(f)).toBe('connected');
    }
  });

  it('is offline when the other side has gone', () => {
    expect(connectionState(facts({ link: 'closed', everConnected: true, peerGone: true }))).toBe('offline');
  });

  it('is offline when the browser is offline', () => {
    expect(connectionState(facts({ link: 'disconnected', everConnected: true, browserOnline: false }))).toBe('offline');
  });

  it('is offline when the signaling client has stopped', () => {
    expect(connectionState(facts({ link: 'disconnected', signaling: 'closed', everConnected: true }))).toBe('offline');
    expect(connectionState(facts({ link: null, signaling: 'closed' }))).toBe('offline');
  });

  it('is connecting before the link has ever been open', () => {
    for (const link of [null, 'new', 'connecting'] as const) {
      for (const signaling of ['connecting', 'open'] as const) {
        expect(connectionState(facts({ link, signaling })), `${link} / ${signaling}`).toBe('connecting');
      }
    }
  });

  it('is reconnecting when a link that was open is down but signaling is still trying', () => {
    for (const link of [null, 'new', 'connecting', 'disconnected', 'closed'] as const) {
      for (const signaling of ['connecting', 'open'] as const) {
        expect(connectionState(facts({ link, signaling, everConnected: true })), `${link} / ${signaling}`).toBe('reconnecting');
      }
    }
  });

  it('is never connected unless the link is open', () => {
    for (const f of allFacts().filter((f) => f.link !== 'open')) {
      expect(connectionState(f), JSON.stringify(f)).not.toBe('connected');
    }
  });

  it('is offline whenever the link is not open and the peer has gone or the browser is offline', () => {
    for (const f of allFacts().filter((f) => f.link !== 'open' && (f.peerGone || !f.browserOnline))) {
      expect(connectionState(f), JSON.stringify(f)).toBe('offline');
    }
  });

  it('shows reconnecting rather than connecting only after a first connection', () => {
    for (const f of allFacts()) {
      const state = connectionState(f);
      if (state === 'reconnecting') expect(f.everConnected, JSON.stringify(f)).toBe(true);
      if (state === 'connecting') expect(f.everConnected, JSON.stringify(f)).toBe(false);
    }
  });
});
