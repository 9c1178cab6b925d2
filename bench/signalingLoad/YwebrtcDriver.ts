/**
 * y-webrtc's signaling server protocol for the load generator, as its client speaks it: a
 * socket subscribes to its room's topic; `subscribe` has no answer, so a `ping` → `pong` behind
 * it (same socket, in order) says the server has taken it. The client pings every 15 s when
 * nothing else arrives. Pairing: two fresh clients subscribe to a fresh topic and one's
 * `announce` publish reaches the other. Relay: `signal` publishes (every subscriber gets each
 * one, the sender included, as the server does for real rooms).
 */
import { randomBytes } from 'node:crypto';
import { parseYwebrtcServerMessage, type YwebrtcServerMessage } from './foreignMessages.js';
import { sentAtOf, timedCandidate } from './iceCandidate.js';
import type { IdleConnection, LoadDriver, RelayPair } from './LoadDriver.js';
import { LoadSocket, type LoadSocketOptions } from './LoadSocket.js';

/** lib0's WebsocketClient pings after half its 30 s message timeout without a message. */
export const YWEBRTC_PING_INTERVAL_MS = 15_000;

const options: LoadSocketOptions<YwebrtcServerMessage> = { parse: parseYwebrtcServerMessage };

type YwebrtcSocket = LoadSocket<YwebrtcServerMessage>;

interface Client {
  readonly id: string;
  readonly socket: YwebrtcSocket;
}

export class YwebrtcDriver implements LoadDriver {
  private readonly run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  private readonly alive = new Set<YwebrtcSocket>();
  private readonly pinger = setInterval(() => {
    for (const socket of this.alive) socket.send({ type: 'ping' });
  }, YWEBRTC_PING_INTERVAL_MS);

  constructor() {
    this.pinger.unref();
  }

  private async subscribed(endpoint: string, topic: string): Promise<Client> {
    const socket = await LoadSocket.open(endpoint, options);
    try {
      socket.send({ type: 'subscribe', topics: [topic] });
      socket.send({ type: 'ping' });
      await socket.next((frame) => frame.type === 'pong', 'pong after subscribe');
    } catch (error) {
      socket.close();
      throw error;
    }
    this.alive.add(socket);
    void socket.closed().then(() => this.alive.delete(socket));
    // y-webrtc peers name themselves with a random id.
    return { id: randomBytes(12).toString('base64url'), socket };
  }

  async openIdle(endpoint: string, index: number): Promise<IdleConnection> {
    return (await this.subscribed(endpoint, `room-${this.run}-idle-${index}`)).socket;
  }

  private async bothSubscribed(endpointA: string, endpointB: string, topic: string): Promise<[Client, Client]> {
    const [a, b] = await Promise.allSettled([this.subscribed(endpointA, topic), this.subscribed(endpointB, topic)]);
    if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
    if (a.status === 'fulfilled') a.value.socket.close();
    if (b.status === 'fulfilled') b.value.socket.close();
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }

  async pairOnce(endpointA: string, endpointB: string, index: number): Promise<void> {
    const topic = `room-${this.run}-pair-${index}`;
    const [a, b] = await this.bothSubscribed(endpointA, endpointB, topic);
    try {
      a.socket.send({ type: 'publish', topic, data: { type: 'announce', from: a.id } });
      await b.socket.next((frame) => frame.type === 'publish' && frame.topic === topic && frame.data.type === 'announce' && frame.data.from === a.id, 'announce');
    } finally {
      a.socket.close();
      b.socket.close();
    }
  }

  async openRelayPair(endpointA: string, endpointB: string, index: number, arrived: (sentAt: number) => void): Promise<RelayPair> {
    const topic = `room-${this.run}-relay-${index}`;
    const [a, b] = await this.bothSubscribed(endpointA, endpointB, topic);
    for (const self of [a, b]) {
      self.socket.onFrame = (frame) => {
        // Each side also gets its own publishes back; like y-webrtc, it keeps only those to itself.
        if (frame.type !== 'publish' || frame.data.type !== 'signal' || frame.data.to !== self.id) return;
        const sentAt = sentAtOf(frame.data.signal.candidate.candidate);
        if (sentAt !== null) arrived(sentAt);
      };
    }
    let sent = 0;
    return {
      send: (from, sentAt) => {
        const [self, other] = from === 'a' ? [a, b] : [b, a];
        self.socket.send({
          type: 'publish',
          topic,
          data: { type: 'signal', from: self.id, to: other.id, signal: { type: 'candidate', candidate: timedCandidate(sentAt, sent++) } },
        });
      },
      errors: () => [a, b].flatMap((c) => (c.socket.error && !c.socket.error.message.startsWith('socket closed') ? [c.socket.error.message] : [])),
      close: async () => {
        a.socket.close();
        b.socket.close();
        await Promise.all([a.socket.closed(), b.socket.closed()]);
      },
    };
  }

  dispose(): void {
    clearInterval(this.pinger);
    this.alive.clear();
  }
}
