/**
 * Two registries (two nodes) sharing one store, with messages between them going through a
 * relay bus: the cross-node logic without Redis or sockets.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../protocol/errors.js';
import { parseServerMessage, type ServerMessageOf, type ServerToClient } from '../../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';
import { repAccountFromToken } from '../../../signaling/config.js';
import { SessionRegistry } from '../../../signaling/SessionRegistry.js';
import type { SocketLike } from '../../../signaling/SocketLike.js';
import { MemoryStore } from '../../../signaling/store/MemoryStore.js';
import type { Relay, RelayEnvelope } from '../../../signaling/store/SessionStore.js';

const ALICE = { name: 'Alice', token: 'alice-token-0123456789' };
const CAROL = { name: 'Carol', query: 'Printer offline', os: 'Linux', browser: 'Firefox 140' };
const NOW = 1_700_000_000_000;

type ServerType = ServerToClient['type'];

class RecordingSocket implements SocketLike {
  readonly received: ServerToClient[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) throw new Error(`outside the protocol: ${text}`);
    this.received.push(parsed.value);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  all<T extends ServerType>(type: T): ServerMessageOf<T>[] {
    return this.received.filter((m): m is ServerMessageOf<T> => m.type === type);
  }
  last<T extends ServerType>(type: T): ServerMessageOf<T> {
    const found = this.all(type).at(-1);
    if (!found) throw new Error(`no ${type} among ${this.received.map((m) => m.type).join(', ') || 'nothing'}`);
    return found;
  }
  errorCodes(): ErrorCode[] {
    return this.all('error').map((m) => m.code);
  }
}

/** Pub/sub between nodes in one process; envelopes arrive later, as over Redis, and as copies. */
class RelayBus {
  private readonly handlers = new Map<string, (envelope: RelayEnvelope) => void>();
  published = 0;
  relay(nodeId: string): Relay {
    return {
      nodeId,
      publish: (node, envelope) => {
        this.published++;
        setImmediate(() => this.handlers.get(node)?.(structuredClone(envelope)));
      },
      onEnvelope: (handler) => void this.handlers.set(nodeId, handler),
      close: async () => {},
    };
  }
}

let bus: RelayBus;
let nodes: Record<'a' | 'b', SessionRegistry>;
let counter = 0;

beforeEach(() => {
  bus = new RelayBus();
  const store = new MemoryStore({ codeTtlMs: 60_000, sessionOrphanTtlMs: 300_000, maxFailures: 3, windowMs: 60_000 });
  const make = (id: string) =>
    new SessionRegistry({
      reps: [repAccountFromToken(ALICE.name, ALICE.token)],
      codeTtlMs: 60_000,
      maxFailedJoins: 3,
      failedJoinWindowMs: 60_000,
      sessionOrphanTtlMs: 300_000,
      iceServers: [],
      now: () => NOW,
      store,
      relay: bus.relay(id),
    });
  nodes = { a: make('node-a'), b: make('node-b') };
});

/** Lets every node finish its frames and every envelope arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await Promise.all(Object.values(nodes).map((n) => n.idle()));
    await new Promise((r) => setImmediate(r));
  }
}

async function say(node: SessionRegistry, socket: RecordingSocket, msg: object): Promise<void> {
  await node.handleFrame(socket, JSON.stringify(msg));
  await settle();
}

async function connect(node: SessionRegistry, role: 'rep' | 'customer'): Promise<{ socket: RecordingSocket; instanceId: string }> {
  const socket = new RecordingSocket();
  node.handleConnect(socket, `192.0.2.${++counter}`);
  const instanceId = `instance-${counter}`;
  await say(node, socket, { type: 'hello', version: PROTOCOL_VERSION, role, instanceId, ...(role === 'rep' ? { token: ALICE.token } : {}) });
  return { socket, instanceId };
}

async function pairedAcross() {
  const rep = await connect(nodes.a, 'rep');
  await say(nodes.a, rep.socket, { type: 'create-session', requestId: 1 });
  const created = rep.socket.last('session-created');
  const customer = await connect(nodes.b, 'customer');
  await say(nodes.b, customer.socket, { type: 'join', code: created.code, customer: CAROL });
  return { rep, customer, created, sessionId: created.sessionId, joined: customer.socket.last('joined') };
}

describe('SessionRegistry on two nodes sharing a store', () => {
  it('pairs a rep on one node with a customer on the other', async () => {
    const { rep, customer, sessionId } = await pairedAcross();
    expect(rep.socket.last('customer-joined')).toMatchObject({ sessionId, customer: CAROL, joinedBy: 'code' });
    expect(rep.socket.last('peer-present')).toEqual({ type: 'peer-present', sessionId, peerInstanceId: customer.instanceId, polite: false });
    expect(customer.socket.last('peer-present')).toEqual({ type: 'peer-present', sessionId, peerInstanceId: rep.instanceId, polite: true });
    // peer-present, then customer-joined, reached node A through the relay (the rep starts the link first).
    expect(rep.socket.received.map((m) => m.type)).toEqual(['welcome', 'session-created', 'peer-present', 'customer-joined']);
    expect(bus.published).toBe(2);
  });

  it('relays negotiation both ways and nothing to anyone else', async () => {
    const { rep, customer, sessionId } = await pairedAcross();
    const bystander = await connect(nodes.b, 'customer');
    const offer = { type: 'signal', sessionId, linkId: 'l1', description: { type: 'offer', sdp: 'v=0 rep' } };
    const reply = { type: 'signal', sessionId, linkId: 'l1', description: { type: 'answer', sdp: 'v=0 customer' } };
    await say(nodes.a, rep.socket, offer);
    await say(nodes.b, customer.socket, reply);
    expect(customer.socket.all('signal')).toEqual([offer]);
    expect(rep.socket.all('signal')).toEqual([reply]);
    await say(nodes.b, bystander.socket, offer);
    expect(bystander.socket.errorCodes()).toEqual(['NOT_IN_SESSION']);
    expect(customer.socket.all('signal')).toHaveLength(1);
  });

  it('keeps the code single-use for a customer on the rep’s own node', async () => {
    const { created } = await pairedAcross();
    const late = await connect(nodes.a, 'customer');
    await say(nodes.a, late.socket, { type: 'join', code: created.code, customer: CAROL });
    expect(late.socket.errorCodes()).toEqual(['CODE_USED']);
  });

  it('moves the customer’s seat to another node: the old socket loses it, the rep sees the new one', async () => {
    const { rep, customer, sessionId, joined } = await pairedAcross();
    const moved = await connect(nodes.a, 'customer');
    await say(nodes.a, moved.socket, { type: 'rejoin', sessionId, resumeKey: joined.resumeKey });
    expect(rep.socket.last('peer-present').peerInstanceId).toBe(moved.instanceId);
    // The old socket on node B was told it no longer holds the seat: its signals are refused.
    await say(nodes.b, customer.socket, { type: 'signal', sessionId, linkId: 'l1', description: { type: 'offer', sdp: 'v=0 stale' } });
    expect(customer.socket.errorCodes()).toEqual(['NOT_IN_SESSION']);
    expect(rep.socket.all('signal')).toEqual([]);
    // Its close later does not make the rep think the customer left.
    await nodes.b.handleClose(customer.socket);
    await settle();
    expect(rep.socket.all('peer-absent')).toEqual([]);
  });

  it('tells the other node when a side leaves or the session ends', async () => {
    const { rep, customer, sessionId } = await pairedAcross();
    await nodes.b.handleClose(customer.socket, 'left');
    await settle();
    expect(rep.socket.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'left' });

    const second = await pairedAcross();
    await say(nodes.a, second.rep.socket, { type: 'end-session', sessionId: second.sessionId });
    expect(second.customer.socket.last('session-ended')).toEqual({ type: 'session-ended', sessionId: second.sessionId, reason: 'rep' });
    await say(nodes.b, second.customer.socket, { type: 'signal', sessionId: second.sessionId, linkId: 'l1', description: { type: 'offer', sdp: 'v=0' } });
    expect(second.customer.socket.errorCodes()).toEqual(['NOT_IN_SESSION']);
  });

  it('lets the rep resume on the other node and hear who joined', async () => {
    const { rep, customer, sessionId } = await pairedAcross();
    const moved = await connect(nodes.b, 'rep');
    await say(nodes.b, moved.socket, { type: 'resume-session', sessionId });
    expect(moved.socket.last('session-resumed').sessionId).toBe(sessionId);
    expect(moved.socket.last('customer-joined').customer).toEqual(CAROL);
    expect(customer.socket.last('peer-present').peerInstanceId).toBe(moved.instanceId);
    await say(nodes.a, rep.socket, { type: 'end-session', sessionId });
    expect(rep.socket.errorCodes()).toEqual(['NOT_IN_SESSION']);
    expect(customer.socket.all('session-ended')).toEqual([]);
  });
});
