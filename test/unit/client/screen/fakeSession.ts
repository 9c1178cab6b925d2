/** A stand-in for SupportSession with what the screen managers use: events, sendPeerMessage, a real Transcript. */
import type { PeerMessage } from '../../../../protocol/peerMessage.js';
import { Emitter } from '../../../../client/core/Emitter.js';
import type { PeerLink } from '../../../../client/rtc/PeerLink.js';
import type { SupportSession, SupportSessionEvents } from '../../../../client/session/SupportSession.js';
import { Transcript } from '../../../../client/transcript/Transcript.js';

export class FakeSession extends Emitter<SupportSessionEvents> {
  readonly sessionId = 'fake-session';
  readonly transcript = new Transcript();
  readonly sent: PeerMessage[] = [];
  openLink: PeerLink | null = null;
  linked = true;

  sendPeerMessage(message: PeerMessage): boolean {
    if (!this.linked) return false;
    this.sent.push(message);
    return true;
  }

  get asSession(): SupportSession {
    return this as unknown as SupportSession;
  }

  /** Delivers a validated control message as SupportSession would. */
  receive(message: SupportSessionEvents['peerMessage']): void {
    this.emit('peerMessage', message);
  }

  notes(): string[] {
    return this.transcript.entries().flatMap((entry) => (entry.kind === 'status' ? [`${entry.event} by ${entry.by ?? '?'}`] : []));
  }
}

/** A link whose `frames` channel is a plain EventTarget (messages can be dispatched to it). */
export function fakeLink(): { link: PeerLink; frames: EventTarget } {
  const frames = new EventTarget();
  const link = { channel: (name: string) => (name === 'frames' ? frames : new EventTarget()) } as unknown as PeerLink;
  return { link, frames };
}
