/** What each side shows as its connection state, derived from plain facts (pure, tested). */
import type { LinkState } from '../rtc/PeerLink.js';
import type { SignalingState } from '../core/SignalingClient.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionFacts {
  readonly link: LinkState | null;
  readonly signaling: SignalingState;
  /** The link has been open at least once since this page loaded. */
  readonly everConnected: boolean;
  /** The other side closed its page or left, or the session ended. */
  readonly peerGone: boolean;
  readonly browserOnline: boolean;
}

export function connectionState(facts: ConnectionFacts): ConnectionState {
  if (facts.link === 'open') return 'connected';
  if (facts.peerGone || !facts.browserOnline) return 'offline';
  if (facts.signaling === 'closed') return 'offline';
  return facts.everConnected ? 'reconnecting' : 'connecting';
}
