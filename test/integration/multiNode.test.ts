/**
 * Issue 7, several signaling nodes: three real server processes (`tsx signaling/main.ts`)
 * share sessions through a real `redis-server` on loopback. A rep on one node and a customer
 * on another pair as if on one node; codes stay single-use and join failures are counted
 * across nodes; killing a node loses no session; Redis going away gives a clear error and no
 * crash, and everything works again when it is back.
 */
import { execFileSync } from 'node:child_process';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../protocol/signaling.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';
import { startServerProcess, TEST_REP_TOKEN, type ServerProcess } from '../support/serverProcess.js';
import { SignalingClient } from './support/signalingClient.js';

const CAROL = { name: 'Carol', query: 'The VPN drops every hour', os: 'macOS 15', browser: 'Safari 19' };
const MAX_FAILED_JOINS = 3;
/** Long enough for a loaded machine; a bound on waiting, not a claim about speed. */
const RECOVERY_WAIT_MS = 15_000;

let redis: RedisServer;
const nodes = new Map<string, ServerProcess>();
const clients: SignalingClient[] = [];
let addressCounter = 0;

function nodeEnv(name: string): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: 'it-multinode:',
    NODE_ID: name,
    CLIENT_DIR: '',
    JOIN_FAILURES_MAX: String(MAX_FAILED_JOINS),
    // Each test client claims its own address, so failure counts of one test do not touch another.
    TRUST_PROXY: '1',
  };
}

async function startNode(name: string): Promise<ServerProcess> {
  const node = await startServerProcess(nodeEnv(name));
  nodes.set(name, node);
  return node;
}

function node(name: string): ServerProcess {
  const found = nodes.get(name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

beforeAll(async () => {
  redis = await startRedisServer();
  await Promise.all(['a', 'b', 'c'].map(startNode));
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all([...nodes.values()].map((n) => n.stop()));
  await redis?.stop();
}, 30_000);

/** Kills a node at once, as a crash would: the tsx launcher and the server process it started. */
function killNode(name: string): void {
  const { pid } = node(name).child;
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    // No child: the launcher is the server.
  }
  for (const child of children) process.kill(child, 'SIGKILL');
  node(name).child.kill('SIGKILL');
  nodes.delete(name);
}

/** A socket to a node, from its own client address (X-Forwarded-For; the nodes trust it). */
async function connect(name: string, address = `198.51.100.${++addressCounter}`): Promise<SignalingClient> {
  const client = await SignalingClient.connect(`ws://127.0.0.1:${node(name).port}/ws`, { headers: { 'X-Forwarded-For': address } });
  clients.push(client);
  return client;
}

async function signedInRep(name: string): Promise<SignalingClient> {
  const rep = await connect(name);
  rep.hello('rep', TEST_REP_TOKEN);
  await rep.next('welcome');
  return rep;
}

async function greetedCustomer(name: string, address?: string): Promise<SignalingClient> {
  const customer = await connect(name, address);
  customer.hello('customer');
  await customer.next('welcome');
  return customer;
}

async function createSession(rep: SignalingClient, requestId = 1): Promise<ServerMessageOf<'session-created'>> {
  rep.send({ type: 'create-session', requestId });
  return rep.next('session-created');
}

/** A rep on `repNode` and a customer on `customerNode` who joined by code, both told the other is present. */
async function pairAcross(repNode: string, customerNode: string) {
  const rep = await signedInRep(repNode);
  const created = await createSession(rep);
  const customer = await greetedCustomer(customerNode);
  customer.send({ type: 'join', code: created.code, customer: CAROL });
  const joined = await customer.next('joined');
  const customerJoined = await rep.next('customer-joined');
  const repPresent = await rep.next('peer-present');
  const customerPresent = await customer.next('peer-present');
  return { rep, customer, created, joined, customerJoined, repPresent, customerPresent, sessionId: created.sessionId };
}

const offer = (sessionId: string, sdp: string) => ({ type: 'signal', sessionId, linkId: 'link-1', description: { type: 'offer', sdp } });
const answer = (sessionId: string, sdp: string) => ({ type: 'signal', sessionId, linkId: 'link-1', description: { type: 'answer', sdp } });

function health(name: string): Promise<{ ok: boolean; redis?: boolean; node?: string }> {
  return new Promise((resolve, reject) => {
    get(`${node(name).url}/healthz`, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = RECOVERY_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('several signaling nodes on Redis', () => {
  it('pairs a rep on node A with a customer on node B and relays negotiation both ways', async () => {
    const { rep, customer, created, joined, customerJoined, repPresent, customerPresent, sessionId } = await pairAcross('a', 'b');
    expect(joined).toMatchObject({ sessionId, repName: 'Riley', customer: CAROL, joinedBy: 'code' });
    expect(customerJoined).toMatchObject({ sessionId, customer: CAROL, joinedBy: 'code' });
    expect(repPresent).toEqual({ type: 'peer-present', sessionId, peerInstanceId: customer.instanceId, polite: false });
    expect(customerPresent).toEqual({ type: 'peer-present', sessionId, peerInstanceId: rep.instanceId, polite: true });

    rep.send(offer(sessionId, 'v=0 from the rep on A'));
    expect(await customer.next('signal')).toEqual(offer(sessionId, 'v=0 from the rep on A'));
    customer.send(answer(sessionId, 'v=0 from the customer on B'));
    expect(await rep.next('signal')).toEqual(answer(sessionId, 'v=0 from the customer on B'));
    expect(created.code).toMatch(/^\d{9}$/);

    // Leaving on B is heard on A; ending on A is heard on B.
    customer.send({ type: 'leave-session', sessionId });
    expect(await rep.next('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'left' });
    const again = await greetedCustomer('c');
    again.send({ type: 'rejoin', sessionId, resumeKey: joined.resumeKey });
    await again.next('joined');
    expect((await rep.next('peer-present')).peerInstanceId).toBe(again.instanceId);
    rep.send({ type: 'end-session', sessionId });
    expect(await again.next('session-ended')).toEqual({ type: 'session-ended', sessionId, reason: 'rep' });
    for (const c of [rep, customer, again]) expect(c.invalidFrames).toEqual([]);
  });

  it('keeps a code single-use across nodes, also when two nodes are asked at once', async () => {
    const { created } = await pairAcross('a', 'b');
    const late = await greetedCustomer('c');
    late.send({ type: 'join', code: created.code, customer: CAROL });
    expect((await late.next('error')).code).toBe('CODE_USED');
    late.send({ type: 'join', joinToken: created.joinToken, customer: CAROL });
    expect((await late.next('error')).code).toBe('LINK_INVALID');

    const rep = await signedInRep('a');
    const contested = await createSession(rep, 2);
    const [first, second] = await Promise.all([greetedCustomer('b'), greetedCustomer('c')]);
    first.send({ type: 'join', code: contested.code, customer: CAROL });
    second.send({ type: 'join', joinToken: contested.joinToken, customer: CAROL });
    const outcomes = await Promise.all(
      [first, second].map((c) => Promise.race([c.next('joined').then(() => 'joined'), c.next('error').then((e) => e.code)])),
    );
    expect(outcomes.filter((o) => o === 'joined')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CODE_USED' || o === 'LINK_INVALID')).toHaveLength(1);
    expect(await rep.next('customer-joined')).toMatchObject({ sessionId: contested.sessionId });
  });

  it('counts failed joins of one address across nodes', async () => {
    const rep = await signedInRep('a');
    const created = await createSession(rep);
    const address = '203.0.113.66';
    const wrong = created.code === '000000000' ? '000000001' : '000000000';
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      const guesser = await greetedCustomer(name, address);
      guesser.send({ type: 'join', code: wrong, customer: CAROL });
      expect((await guesser.next('error')).code, `failure ${i + 1} on node ${name}`).toBe('CODE_INVALID');
    }
    // The fourth try, on yet another node's socket, is refused even with the right code.
    const blocked = await greetedCustomer('b', address);
    blocked.send({ type: 'join', code: created.code, customer: CAROL });
    const refused = await blocked.next('error');
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await greetedCustomer('c');
    other.send({ type: 'join', code: created.code, customer: CAROL });
    expect((await other.next('joined')).sessionId).toBe(created.sessionId);
  });

  it('keeps a session when the customer’s node dies: the customer rejoins on another node and the rep sees it present again', async () => {
    const { rep, customer, joined, sessionId } = await pairAcross('a', 'b');
    killNode('b');
    await customer.closed();
    // The seat still names the dead node: negotiation for it goes nowhere, and the rep hears no error.
    rep.send(offer(sessionId, 'v=0 into the void'));
    const endSessionProbe = await signedInRep('a');
    endSessionProbe.send({ type: 'end-session', sessionId });
    expect((await endSessionProbe.next('error')).code).toBe('NOT_IN_SESSION');

    const moved = await greetedCustomer('c');
    moved.send({ type: 'rejoin', sessionId, resumeKey: joined.resumeKey });
    expect(await moved.next('joined')).toMatchObject({ sessionId, customer: CAROL });
    expect(await rep.next('peer-present')).toEqual({ type: 'peer-present', sessionId, peerInstanceId: moved.instanceId, polite: false });
    expect((await moved.next('peer-present')).peerInstanceId).toBe(rep.instanceId);
    moved.send(offer(sessionId, 'v=0 after the move'));
    expect(await rep.next('signal')).toEqual(offer(sessionId, 'v=0 after the move'));
    rep.send(answer(sessionId, 'v=0 to the new socket'));
    expect(await moved.next('signal')).toEqual(answer(sessionId, 'v=0 to the new socket'));
    expect(moved.all('signal')).toHaveLength(1);
    expect(rep.all('error')).toEqual([]);

    // The node comes back (same name): it serves again, and the session is unaffected.
    await startNode('b');
    const customerOnB = await greetedCustomer('b');
    customerOnB.send({ type: 'rejoin', sessionId, resumeKey: joined.resumeKey });
    await customerOnB.next('joined');
    expect((await rep.next('peer-present')).peerInstanceId).toBe(customerOnB.instanceId);
  });

  it('keeps a session when the rep’s node dies: the rep resumes on another node without restore data', async () => {
    const { rep, customer, sessionId } = await pairAcross('c', 'a');
    killNode('c');
    await rep.closed();

    const moved = await signedInRep('b');
    moved.send({ type: 'resume-session', sessionId });
    expect(await moved.next('session-resumed')).toMatchObject({ sessionId });
    expect(await moved.next('customer-joined')).toMatchObject({ sessionId, customer: CAROL });
    expect((await moved.next('peer-present')).peerInstanceId).toBe(customer.instanceId);
    expect((await customer.next('peer-present')).peerInstanceId).toBe(moved.instanceId);
    await startNode('c');
  });

  it('answers STORE_UNAVAILABLE while Redis is down, never crashes, and works again once it is back', async () => {
    const rep = await signedInRep('a');
    await redis.stop();
    await until(async () => (await health('a')).redis === false, 'node A to report Redis down');
    expect((await health('b')).ok).toBe(true);

    rep.send({ type: 'create-session', requestId: 5 });
    expect(await rep.next('error')).toMatchObject({ code: 'STORE_UNAVAILABLE', requestId: 5 });
    expect((await rep.closed()).code).toBe(4503);
    const refused = await connect('b');
    refused.hello('customer');
    expect((await refused.next('error')).code).toBe('STORE_UNAVAILABLE');

    await redis.start();
    await until(async () => (await health('a')).redis === true && (await health('b')).redis === true, 'the nodes to reconnect to Redis');
    for (const name of ['a', 'b', 'c']) expect(node(name).child.exitCode, `node ${name} still running`).toBeNull();
    const { joined, sessionId } = await pairAcross('a', 'b');
    expect(joined.sessionId).toBe(sessionId);
    expect(node('a').output()).not.toContain(TEST_REP_TOKEN);
  }, 60_000);
});
