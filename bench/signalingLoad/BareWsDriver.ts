/**
 * The load generator's side of `bareWsServerMain.ts`: a connection is held once the WebSocket
 * is open (there is no handshake on top); a pairing is two fresh sockets and one offer-sized
 * frame from one to the other; the relay passes candidates the same way.
 */
import * as v from 'valibot';
import { sentAtOf, timedCandidate } from './iceCandidate.js';
import type { IdleConnection, LoadDriver, RelayPair } from './LoadDriver.js';
import { LoadSocket, type LoadSocketOptions } from './LoadSocket.js';

const BareFrameSchema = v.object({
  to: v.string(),
  sdp: v.optional(v.string()),
  candidate: v.optional(v.object({ candidate: v.string() })),
});
type BareFrame = v.InferOutput<typeof BareFrameSchema>;

const options: LoadSocketOptions<BareFrame> = {
  parse: (text) => {
    try {
      const parsed = v.safeParse(BareFrameSchema, JSON.parse(text));
      return parsed.success ? { ok: true, value: parsed.output } : { ok: false, error: parsed.issues[0].message };
    } catch {
      return { ok: false, error: 'not JSON' };
    }
  },
};

/** About the size of the data-channel offer the other drivers send. */
const OFFER_SDP = 'v=0\r\n'.padEnd(600, 'a');

type BareSocket = LoadSocket<BareFrame>;

export class BareWsDriver implements LoadDriver {
  private readonly run = `${process.pid.toString(36)}${Date.now().toString(36)}`;

  private open(endpoint: string, id: string): Promise<BareSocket> {
    return LoadSocket.open(`${endpoint}/?id=${id}`, options);
  }

  openIdle(endpoint: string, index: number): Promise<IdleConnection> {
    return this.open(endpoint, `idle-${this.run}-${index}`);
  }

  private async both(endpointA: string, endpointB: string, index: number): Promise<[BareSocket, BareSocket, string, string]> {
    const ids = [`a-${this.run}-${index}`, `b-${this.run}-${index}`] as const;
    const [a, b] = await Promise.allSettled([this.open(endpointA, ids[0]), this.open(endpointB, ids[1])]);
    if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value, ids[0], ids[1]];
    if (a.status === 'fulfilled') a.value.close();
    if (b.status === 'fulfilled') b.value.close();
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }

  async pairOnce(endpointA: string, endpointB: string, index: number): Promise<void> {
    const [a, b, , bId] = await this.both(endpointA, endpointB, index);
    try {
      a.send({ to: bId, sdp: OFFER_SDP });
      await b.next((frame) => frame.sdp === OFFER_SDP, 'offer');
    } finally {
      a.close();
      b.close();
    }
  }

  async openRelayPair(endpointA: string, endpointB: string, index: number, arrived: (sentAt: number) => void): Promise<RelayPair> {
    const [a, b, aId, bId] = await this.both(endpointA, endpointB, index);
    for (const socket of [a, b]) {
      socket.onFrame = (frame) => {
        const sentAt = frame.candidate ? sentAtOf(frame.candidate.candidate) : null;
        if (sentAt !== null) arrived(sentAt);
      };
    }
    let sent = 0;
    return {
      send: (from, sentAt) => (from === 'a' ? a : b).send({ to: from === 'a' ? bId : aId, candidate: timedCandidate(sentAt, sent++) }),
      errors: () => [a, b].flatMap((s) => (s.error && !s.error.message.startsWith('socket closed') ? [s.error.message] : [])),
      close: async () => {
        a.close();
        b.close();
        await Promise.all([a.closed(), b.closed()]);
      },
    };
  }

  dispose(): void {}
}
