/**
 * PeerJS's `peer` server protocol for the load generator, as the PeerJS client speaks it: a
 * socket on `/peerjs?key&id&token` gets `OPEN`; every open client sends `HEARTBEAT` every 5 s.
 * Pairing (nearest equivalent of ours): two fresh clients get `OPEN` and one's `OFFER` reaches
 * the other. Relay: `CANDIDATE` messages between two clients.
 */
import { randomBytes } from 'node:crypto';
import { PEERJS_KEY } from '../peerjsServers.js';
import { parsePeerjsServerMessage, type PeerjsServerMessage } from './foreignMessages.js';
import { sentAtOf, timedCandidate } from './iceCandidate.js';
import type { IdleConnection, LoadDriver, RelayPair } from './LoadDriver.js';
import { LoadSocket, type LoadSocketOptions } from './LoadSocket.js';

/** The PeerJS client's `pingInterval`. */
export const PEERJS_HEARTBEAT_INTERVAL_MS = 5_000;
/** A data-channel offer as Chromium writes it, the size PeerJS relays on every connection. */
const OFFER_SDP = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:Xb4q',
  'a=ice-pwd:3sY2mBq8dW1pKz0rT6uVn9Hc',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 4F:1A:9C:22:7B:E0:53:8D:16:A4:C9:0E:7F:3B:62:D5:88:91:2C:AF:40:E6:5B:17:D3:79:0A:C2:6E:94:B8:31',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  '',
].join('\r\n');

const options: LoadSocketOptions<PeerjsServerMessage> = {
  parse: parsePeerjsServerMessage,
  failure: (frame) => (frame.type === 'ERROR' || frame.type === 'ID-TAKEN' ? `server said ${frame.type}: ${frame.payload.msg}` : null),
};

type PeerjsSocket = LoadSocket<PeerjsServerMessage>;

interface Client {
  readonly id: string;
  readonly socket: PeerjsSocket;
}

export class PeerjsDriver implements LoadDriver {
  private readonly run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  /** Open clients, each sent a heartbeat on the client's own schedule. */
  private readonly alive = new Set<PeerjsSocket>();
  private readonly heartbeat = setInterval(() => {
    for (const socket of this.alive) socket.send({ type: 'HEARTBEAT' });
  }, PEERJS_HEARTBEAT_INTERVAL_MS);

  constructor() {
    this.heartbeat.unref();
  }

  private async connect(endpoint: string, role: string, index: number): Promise<Client> {
    const id = `${role}-${this.run}-${index}`;
    const token = randomBytes(8).toString('base64url');
    const socket = await LoadSocket.open(`${endpoint}/peerjs?key=${PEERJS_KEY}&id=${id}&token=${token}&version=1.5.5`, options);
    try {
      await socket.next((frame) => frame.type === 'OPEN', 'OPEN');
    } catch (error) {
      socket.close();
      throw error;
    }
    this.alive.add(socket);
    void socket.closed().then(() => this.alive.delete(socket));
    return { id, socket };
  }

  async openIdle(endpoint: string, index: number): Promise<IdleConnection> {
    return (await this.connect(endpoint, 'idle', index)).socket;
  }

  private async bothOpen(endpointA: string, endpointB: string, index: number): Promise<[Client, Client]> {
    const [a, b] = await Promise.allSettled([this.connect(endpointA, 'a', index), this.connect(endpointB, 'b', index)]);
    if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
    if (a.status === 'fulfilled') a.value.socket.close();
    if (b.status === 'fulfilled') b.value.socket.close();
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }

  async pairOnce(endpointA: string, endpointB: string, index: number): Promise<void> {
    const [a, b] = await this.bothOpen(endpointA, endpointB, index);
    try {
      const connectionId = `dc_${this.run}${index}`;
      a.socket.send({ type: 'OFFER', dst: b.id, payload: { sdp: { type: 'offer', sdp: OFFER_SDP }, type: 'data', connectionId, label: connectionId, reliable: true, serialization: 'binary' } });
      await b.socket.next((frame) => frame.type === 'OFFER' && frame.src === a.id && frame.payload.connectionId === connectionId, 'OFFER');
    } finally {
      a.socket.close();
      b.socket.close();
    }
  }

  async openRelayPair(endpointA: string, endpointB: string, index: number, arrived: (sentAt: number) => void): Promise<RelayPair> {
    const [a, b] = await this.bothOpen(endpointA, endpointB, index);
    const connectionId = `dc_${this.run}${index}`;
    for (const [self, other] of [[a, b], [b, a]] as const) {
      self.socket.onFrame = (frame) => {
        if (frame.type !== 'CANDIDATE' || frame.src !== other.id) return;
        const sentAt = sentAtOf(frame.payload.candidate.candidate);
        if (sentAt !== null) arrived(sentAt);
      };
    }
    let sent = 0;
    return {
      send: (from, sentAt) => {
        const [self, other] = from === 'a' ? [a, b] : [b, a];
        self.socket.send({ type: 'CANDIDATE', dst: other.id, payload: { candidate: timedCandidate(sentAt, sent++), type: 'data', connectionId } });
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
    clearInterval(this.heartbeat);
    this.alive.clear();
  }
}
