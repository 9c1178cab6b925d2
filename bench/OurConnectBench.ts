/**
 * Connect time of our product, one customer at a time.
 *
 * What the figure includes: from the customer's click on Join (timestamped in the page, capture
 * phase, before the app sees it) to the customer's connection badge turning `connected`, i.e.
 * the WebRTC `control` data channel open and the UI re-rendered; and, beside it, to the channel
 * open alone (the issue's own definition, and what PeerJS's figure stops at). In between: the
 * join request over the already-open signaling WebSocket (with the offer the page prepared while
 * the form was filled in), the server's checks, the server handing the offer to the rep, the rep
 * page answering, answer and ICE candidates relayed through the server, ICE (host candidates
 * only: the server is started with ICE_SERVERS=[]), DTLS, SCTP, saving the conversation in
 * IndexedDB and drawing the chat. Not included: loading the page and opening the signaling
 * socket (the page is welcomed by the server before the click), as for PeerJS.
 */
import type { Browser, Page } from '@playwright/test';
import type { ServerProcess } from '../test/support/serverProcess.js';
import { installConnectProbe, readConnectProbe } from './inPage/connectProbe.js';
import { fillJoinForm, openCustomerPage, PAGE_WAIT_TIMEOUT_MS, primeHarness, startSession, waitConnected } from './productPages.js';

/**
 * Longer than the client's own 15 s link retry (LINK_OPEN_TIMEOUT_MS in SupportSession), so a
 * session that stalls and recovers by that retry is measured as the customer lives it, not lost.
 */
export const CONNECT_TIMEOUT_MS = 30_000;

/** One session's time split at the customer page's own steps (all on its clock). */
export interface ConnectPhases {
  /** Click → `join` sent: the page's work before it asks. */
  readonly toJoinSentMs: number;
  /** `join` sent → the rep's answer (or offer) given to the page's connection: the server, the rep page, the relay. */
  readonly toRemoteMs: number;
  /** → applied: the rep's answer taken (or the page's own answer made). */
  readonly toNegotiatedMs: number;
  /** → the chat channel open: ICE, DTLS, SCTP, and whatever else the page's main thread did meanwhile. */
  readonly toChannelOpenMs: number;
  /** Channel open → `connected` shown: the page's own work on the new link and the render. */
  readonly toConnectedMs: number;
}

export interface ConnectSample {
  readonly ms: number;
  /** Click → the `control` channel open, on the customer's page. */
  readonly channelOpenMs: number | null;
  /** Null when a step was not seen (say, the link was retried). */
  readonly phases: ConnectPhases | null;
  /** Scripts the customer page fetched (for the bundle cross-check). */
  readonly customerScripts: readonly string[];
}

export class OurConnectBench {
  private code: string | null = null;

  constructor(
    private readonly browser: Browser,
    private readonly server: ServerProcess,
    private readonly rep: Page,
  ) {}

  /** The session code the rep page showed last. */
  get lastCode(): string | null {
    return this.code;
  }

  /** One session: the rep presses New session, a fresh customer context joins with the code. */
  async measureOnce(index: number): Promise<ConnectSample> {
    const code = await startSession(this.rep, this.code);
    this.code = code;
    const customer = await openCustomerPage(this.browser, this.server, `customer ${index}`, installConnectProbe);
    try {
      await fillJoinForm(customer.page, { code, name: `Bench customer ${index}`, query: 'Connect-time benchmark' });
      await primeHarness(customer.page);
      await customer.page.getByTestId('join-submit').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
      await waitConnected(customer.page, 'customer', CONNECT_TIMEOUT_MS);
      const probe = await customer.page.evaluate(readConnectProbe);
      if (probe?.clickAt == null || probe.connectedAt == null) throw new Error('connect probe recorded no times');
      const { clickAt, joinSentAt, remoteAt, negotiatedAt, channelOpenAt, connectedAt } = probe;
      const steps = [clickAt, joinSentAt, remoteAt, negotiatedAt, channelOpenAt, connectedAt];
      const inOrder = steps.every((at, i) => at !== null && (i === 0 || at >= steps[i - 1]!));
      const phases = inOrder
        ? {
            toJoinSentMs: joinSentAt! - clickAt,
            toRemoteMs: remoteAt! - joinSentAt!,
            toNegotiatedMs: negotiatedAt! - remoteAt!,
            toChannelOpenMs: channelOpenAt! - negotiatedAt!,
            toConnectedMs: connectedAt - channelOpenAt!,
          }
        : null;
      const channelOpenMs = channelOpenAt === null ? null : channelOpenAt - clickAt;
      return { ms: connectedAt - clickAt, channelOpenMs, phases, customerScripts: [...customer.scripts] };
    } finally {
      await customer.context.close();
    }
  }
}
