/**
 * The PeerJS baseline, the same shape as ours: one rep page kept open, a fresh customer
 * context per connection, both Peers already open with the PeerServer before timing starts
 * (as our customer page is already welcomed by our server before Join is pressed).
 *
 * Connect time includes: from the customer page calling `peer.connect(repId, {reliable:
 * true})` to that DataConnection's `open` event: creating the RTCPeerConnection and data
 * channel, the offer relayed by PeerServer, the rep's answer, ICE (host candidates only),
 * DTLS and SCTP. It does not include a UI render, IndexedDB or a join request: PeerJS has no
 * sessions or codes, the customer must already know the rep's peer id. Ours does all of those
 * inside its figure, so this baseline is the floor for "two browsers, one relay".
 *
 * Message round trip: a string sent on the DataConnection and echoed by the rep page, timed
 * in the customer page: the transport's floor, with no document, storage or UI.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { newBenchContext } from './benchContext.js';
import { measurePeerjsConnect, openPeerjsPeer, runPeerjsPingLoop, type PeerjsPingResult } from './inPage/peerjsPeer.js';
import { PEERJS_KEY, PEERJS_PATH, type PeerjsServers } from './peerjsServers.js';
import { withTimeout } from './withTimeout.js';

const PEER_OPEN_TIMEOUT_MS = 10_000;
const CONNECT_TIMEOUT_MS = 30_000;
const ECHO_TIMEOUT_MS = 5_000;
const PING_LOOP_TIMEOUT_MS = 120_000;

/** PeerJS ids are letters and digits (with inner - or _). */
function peerId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export class PeerjsBaseline {
  private constructor(
    private readonly browser: Browser,
    private readonly servers: PeerjsServers,
    private readonly repContext: BrowserContext,
    private readonly repId: string,
  ) {}

  /** Opens the rep's Peer; it accepts every connection and echoes what it receives. */
  static async start(browser: Browser, servers: PeerjsServers): Promise<PeerjsBaseline> {
    const context = await newBenchContext(browser, 'peerjs rep');
    try {
      const page = await context.newPage();
      const repId = peerId('rep');
      await openPeer(page, servers, repId, true);
      return new PeerjsBaseline(browser, servers, context, repId);
    } catch (error) {
      await context.close();
      throw error;
    }
  }

  async measureConnect(index: number): Promise<number> {
    return this.withCustomer(`customer${index}x`, (page) =>
      withTimeout(
        page.evaluate(measurePeerjsConnect, { repId: this.repId, timeoutMs: CONNECT_TIMEOUT_MS }),
        CONNECT_TIMEOUT_MS + 5_000,
        'PeerJS connect',
      ),
    );
  }

  async measureRoundTrip(count: number): Promise<PeerjsPingResult> {
    return this.withCustomer('pinger', (page) =>
      withTimeout(
        page.evaluate(runPeerjsPingLoop, { repId: this.repId, count, timeoutMs: ECHO_TIMEOUT_MS }),
        PING_LOOP_TIMEOUT_MS,
        'PeerJS round-trip loop',
      ),
    );
  }

  async close(): Promise<void> {
    await this.repContext.close();
  }

  private async withCustomer<T>(idPrefix: string, measure: (page: Page) => Promise<T>): Promise<T> {
    const context = await newBenchContext(this.browser, `peerjs ${idPrefix}`);
    try {
      const page = await context.newPage();
      await openPeer(page, this.servers, peerId(idPrefix), false);
      return await measure(page);
    } finally {
      await context.close();
    }
  }
}

async function openPeer(page: Page, servers: PeerjsServers, id: string, accept: boolean): Promise<void> {
  await page.goto(servers.pageUrl, { timeout: PEER_OPEN_TIMEOUT_MS });
  const options = {
    id,
    host: servers.peerHost,
    port: servers.peerPort,
    path: PEERJS_PATH,
    key: PEERJS_KEY,
    accept,
    timeoutMs: PEER_OPEN_TIMEOUT_MS,
  };
  await withTimeout(page.evaluate(openPeerjsPeer, options), PEER_OPEN_TIMEOUT_MS + 5_000, `opening PeerJS peer ${id}`);
}
