/**
 * The customer's first peer link, made while the join form is filled in: the connection, its
 * channels, its offer and its ICE candidates are ready before Join is pressed, and the offer
 * goes with the join request (protocol/signaling.ts, JoinOffer). The rep answers it at once,
 * instead of making an offer of its own once it hears of the customer: one round trip through
 * the server fewer on the way to connected, and neither side gathering candidates on it.
 *
 * Nothing leaves the page before Join. Gathering host candidates touches no network; with STUN
 * servers configured it asks them for this page's public address, as joining does anyway. It is
 * made only when joining adds no ICE servers (`welcome.iceOnJoin === false`): an offer made
 * before the TURN credentials arrive would have no relay candidates.
 */
import type { InstanceId } from '../../protocol/ids.js';
import type { JoinOffer, SignalPayload } from '../../protocol/signaling.js';
import { onceEventOrTimeout } from '../core/onceEventOrTimeout.js';
import { randomId } from '../core/randomId.js';
import { PeerLink, type PeerLinkOptions } from '../rtc/PeerLink.js';

/** At Join, how long to wait for an offer still being made before joining without one. */
export const JOIN_OFFER_WAIT_MS = 100;

/**
 * A prepared link older than this is replaced by a fresh one: a public address learned from a
 * STUN server long ago may no longer be mapped by the customer's NAT.
 */
export const PREPARED_LINK_MAX_AGE_MS = 120_000;

/** What the session takes over at `joined`. */
export interface TakenLink {
  readonly linkId: InstanceId;
  readonly link: PeerLink;
  /** Candidates found after the offer was read for the join, not in its SDP: they follow it. */
  readonly held: SignalPayload[];
}

export class PreparedLink {
  readonly linkId = randomId(9) as InstanceId;
  readonly link: PeerLink;
  readonly createdAt = Date.now();
  private offerRead = false;
  private held: SignalPayload[] = [];
  private readonly offSignals: () => void;

  constructor(options: Omit<PeerLinkOptions, 'polite'>) {
    this.link = new PeerLink({ ...options, polite: true });
    this.offSignals = this.link.on('signal', (signal) => {
      if (this.offerRead && 'candidate' in signal) this.held.push(signal);
    });
    void this.link.start();
  }

  get stale(): boolean {
    return Date.now() - this.createdAt > PREPARED_LINK_MAX_AGE_MS || this.link.state === 'closed' || this.link.state === 'disconnected';
  }

  /**
   * The offer as it stands, with every candidate gathered so far inside its SDP; null when it is
   * not made within `waitMs` or the link is gone. Candidates gathered after this are held for
   * `take`. Read again for each join attempt (a refused join sends nothing to anyone).
   */
  async offer(waitMs: number): Promise<JoinOffer | null> {
    const made = () => this.link.state === 'connecting' && this.link.pc.localDescription?.type === 'offer';
    if (!made()) {
      await new Promise<void>((resolve) =>
        onceEventOrTimeout(
          (fire) => {
            const offs = [this.link.on('signal', () => made() && fire()), this.link.on('state', fire)];
            return () => offs.forEach((off) => off());
          },
          waitMs,
          resolve,
        ),
      );
    }
    if (!made()) return null;
    this.offerRead = true;
    this.held = [];
    return { linkId: this.linkId, sdp: this.link.pc.localDescription!.sdp };
  }

  /** Hands the link over to the session; this object forgets it. */
  take(): TakenLink {
    this.offSignals();
    return { linkId: this.linkId, link: this.link, held: this.held };
  }

  close(): void {
    this.offSignals();
    this.link.close();
  }
}
