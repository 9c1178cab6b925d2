/**
 * Push URL, the customer's side: web addresses the rep pushed (already checked by the
 * protocol schema: http or https only) wait here until the customer opens or declines them.
 * The answer goes back to the rep and into the log as a status note.
 */
import type { PeerMessageOf } from '../../protocol/peerMessage.js';
import { Emitter } from '../core/Emitter.js';
import type { SupportSession } from '../session/SupportSession.js';

/** At most this many addresses wait at once; a flood from the rep drops the oldest. */
export const MAX_PENDING_PUSHES = 3;

export interface PushOffer {
  readonly pushId: string;
  readonly url: string;
}

export interface PushUrlOffersEvents extends Record<string, unknown> {
  change: readonly PushOffer[];
}

export class PushUrlOffers extends Emitter<PushUrlOffersEvents> {
  private pending: PushOffer[] = [];
  private readonly off: () => void;

  constructor(private readonly session: SupportSession) {
    super();
    this.off = session.on('peerMessage', (message) => {
      if (message.type === 'push-url') this.handlePush(message);
    });
  }

  get offers(): readonly PushOffer[] {
    return this.pending;
  }

  handlePush(message: PeerMessageOf<'push-url'>): void {
    if (this.pending.some((offer) => offer.pushId === message.pushId)) return;
    this.pending = [...this.pending, { pushId: message.pushId, url: message.url }].slice(-MAX_PENDING_PUSHES);
    this.emit('change', this.pending);
  }

  /** The customer opened it (the page's link opens it in a new tab) or declined. */
  answer(pushId: string, accepted: boolean): void {
    const offer = this.pending.find((o) => o.pushId === pushId);
    if (!offer) return;
    this.pending = this.pending.filter((o) => o.pushId !== pushId);
    this.session.transcript.appendStatus(accepted ? 'push-url-opened' : 'push-url-declined', {
      by: 'customer',
      detail: offer.url,
      id: `push-url-${accepted ? 'opened' : 'declined'}-${pushId}`,
    });
    this.session.sendPeerMessage({ type: 'push-url-answer', pushId, accepted });
    this.emit('change', this.pending);
  }

  dispose(): void {
    this.off();
    this.clear();
  }
}
