/**
 * The rep's side keeps the session record: it writes the status notes about the customer and
 * the connection into the shared log, once each, and tells a closed page apart from a lost
 * connection by waiting briefly for the server's word.
 */
import type { Transcript } from '../transcript/Transcript.js';

/** After the link drops, how long to wait for the server to say the customer left. */
export const LEFT_GRACE_MS = 2_000;

export class ConnectionNotes {
  private leftTimer: ReturnType<typeof setTimeout> | null = null;
  /** A 'connection-lost' note is outstanding until the link is back. */
  private lostNoted = false;
  private customerAway = false;

  constructor(
    private readonly transcript: Transcript,
    private readonly isLinkOpen: () => boolean,
  ) {}

  private get customerName(): string {
    return this.transcript.details()?.customerName ?? '';
  }

  /** The server said who joined; the note's id makes it appear once however often it is said. */
  customerJoined(name: string, joinedAt: number): void {
    this.transcript.appendStatus('customer-joined', { name, id: `customer-joined-${joinedAt}`, at: joinedAt });
  }

  /** The customer's page closed. */
  customerLeft(): void {
    if (this.customerAway) return;
    this.customerAway = true;
    this.lostNoted = false;
    this.clearTimer();
    this.transcript.appendStatus('customer-left', { name: this.customerName });
  }

  linkLost(): void {
    if (this.customerAway || this.lostNoted || this.leftTimer) return;
    this.leftTimer = setTimeout(() => {
      this.leftTimer = null;
      if (this.customerAway || this.isLinkOpen()) return;
      this.lostNoted = true;
      this.transcript.appendStatus('connection-lost');
    }, LEFT_GRACE_MS);
  }

  linkRestored(): void {
    this.clearTimer();
    if (this.customerAway) {
      this.customerAway = false;
      this.transcript.appendStatus('customer-joined', { name: this.customerName });
    } else if (this.lostNoted) {
      this.lostNoted = false;
      this.transcript.appendStatus('connection-restored');
    }
  }

  dispose(): void {
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.leftTimer) clearTimeout(this.leftTimer);
    this.leftTimer = null;
  }
}
