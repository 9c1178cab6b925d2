/**
 * The page's ICE servers, as the server hands them out: from `welcome`, then from
 * `ice-servers` (after a customer joins, and each renewal of the short-lived TURN
 * credentials, timed by client/core/iceRenewal.ts). Emits `change` so live peer links take
 * the new servers; new links read `servers` and `transportPolicy` when they are created.
 */
import type { ServerMessageOf } from '../../protocol/signaling.js';
import { Disposer, Emitter } from '../core/Emitter.js';
import { ICE_RENEW_ANSWER_TIMEOUT_MS, iceRenewalDelayMs } from '../core/iceRenewal.js';
import type { SignalingClient } from '../core/SignalingClient.js';

export interface IceServerSourceEvents extends Record<string, unknown> {
  /** New servers for the live peer links (renewed credentials). */
  change: RTCIceServer[];
}

export class IceServerSource extends Emitter<IceServerSourceEvents> {
  private currentServers: RTCIceServer[] = [];
  private policy: RTCIceTransportPolicy = 'all';
  private expiresAt: number | null = null;
  private failedAttempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly disposer = new Disposer();

  constructor(private readonly signaling: SignalingClient) {
    super();
    this.disposer.add(
      signaling.on('welcome', (welcome) => {
        this.policy = welcome.iceTransportPolicy;
        // A customer's welcome after a reconnect has no TURN credentials (they follow its rejoin
        // as `ice-servers`): its live link keeps the ones it has meanwhile.
        const keepLinks = welcome.iceExpiresAt === undefined && this.expiresAt !== null;
        this.apply(welcome.iceServers, welcome.iceExpiresAt, !keepLinks);
      }),
    );
    this.disposer.add(
      signaling.on('message', (message) => {
        if (message.type === 'ice-servers') this.apply(message.iceServers, message.iceExpiresAt, true);
      }),
    );
  }

  get servers(): RTCIceServer[] {
    return this.currentServers;
  }

  get transportPolicy(): RTCIceTransportPolicy {
    return this.policy;
  }

  dispose(): void {
    this.clearTimer();
    this.disposer.dispose();
    this.clear();
  }

  private apply(servers: ServerMessageOf<'ice-servers'>['iceServers'], expiresAt: number | undefined, toLiveLinks: boolean): void {
    this.currentServers = servers as RTCIceServer[];
    this.expiresAt = expiresAt ?? null;
    this.failedAttempts = 0;
    this.schedule();
    if (toLiveLinks) this.emit('change', this.currentServers);
  }

  private schedule(): void {
    this.clearTimer();
    const delay = iceRenewalDelayMs(this.expiresAt === null ? null : this.expiresAt - Date.now(), this.failedAttempts);
    if (delay === null) return;
    this.timer = setTimeout(() => this.renew(), delay);
  }

  /** Asks once; an answer arrives as `ice-servers` (apply reschedules), silence counts as a failure. */
  private renew(): void {
    this.timer = null;
    if (!this.signaling.send({ type: 'refresh-ice' })) {
      this.failedAttempts += 1;
      this.schedule();
      return;
    }
    this.timer = setTimeout(() => {
      this.failedAttempts += 1;
      this.schedule();
    }, ICE_RENEW_ANSWER_TIMEOUT_MS);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
