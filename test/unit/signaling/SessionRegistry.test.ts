import { DEFAULT_FILE_RULES } from '../../../protocol/fileRules.js';
import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, type ErrorCode } from '../../../protocol/errors.js';
import { HELLO_TIMEOUT_MS, MAX_SDP_CHARS } from '../../../protocol/limits.js';
import { parseServerMessage, type ServerMessageOf, type ServerToClient } from '../../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';
import { repAccountFromToken } from '../../../signaling/config.js';
import { SessionRegistry, type RegistryOptions } from '../../../signaling/SessionRegistry.js';
import type { SocketLike } from '../../../signaling/SocketLike.js';

const ALICE = { name: 'Alice', token: 'alice-token-0123456789' };
const BOB = { name: 'Bob', token: 'bob-token-0123456789xyz' };
const account = (rep: { name: string; token: string }) => repAccountFromToken(rep.name, rep.token);
const CODE_TTL_MS = 60_000;
const MAX_FAILED_JOINS = 3;
const FAILED_JOIN_WINDOW_MS = 120_000;
const ORPHAN_TTL_MS = 300_000;
const CAROL = { name: 'Carol', query: 'The printer says PC LOAD LETTER', os: 'Linux', browser: 'Chromium 140' };

type ServerType = ServerToClient['type'];

/** A socket that keeps what the registry sent it, checked against the protocol, and how it was closed. */
class RecordingSocket implements SocketLike {
  readonly received: ServerToClient[] = [];
  closedWith: { code: number; reason: string } | null = null;

  send(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) throw new Error(`the registry sent a frame outside the protocol: ${text}`);
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

  /** Forgets what was received so far, to look only at what comes next. */
  clear(): void {
    this.received.length = 0;
  }
}

let clock: number;
let registry: SessionRegistry;
let instanceCounter: number;

function makeRegistry(overrides: Partial<RegistryOptions> = {}): SessionRegistry {
  return new SessionRegistry({
    reps: [account(ALICE), account(BOB)],
    codeTtlMs: CODE_TTL_MS,
    maxFailedJoins: MAX_FAILED_JOINS,
    failedJoinWindowMs: FAILED_JOIN_WINDOW_MS,
    sessionOrphanTtlMs: ORPHAN_TTL_MS,
    iceServers: [{ urls: 'stun:stun.example.org:3478' }],
    now: () => clock,
    ...overrides,
  });
}

beforeEach(() => {
  clock = 1_700_000_000_000;
  instanceCounter = 0;
  registry = makeRegistry();
});

function connect(address = '198.51.100.1'): RecordingSocket {
  const socket = new RecordingSocket();
  registry.handleConnect(socket, address);
  return socket;
}

async function say(socket: RecordingSocket, msg: object): Promise<void> {
  await registry.handleFrame(socket, JSON.stringify(msg));
}

async function hello(socket: RecordingSocket, role: 'rep' | 'customer', token?: string): Promise<string> {
  const instanceId = `instance-${++instanceCounter}`;
  await say(socket, { type: 'hello', version: PROTOCOL_VERSION, role, instanceId, ...(token === undefined ? {} : { token }) });
  return instanceId;
}

async function repSocket(account = ALICE): Promise<RecordingSocket> {
  const socket = connect('192.0.2.10');
  await hello(socket, 'rep', account.token);
  return socket;
}

async function customerSocket(address?: string): Promise<RecordingSocket> {
  const socket = connect(address);
  await hello(socket, 'customer');
  return socket;
}

async function createSession(rep: RecordingSocket, requestId = 1): Promise<ServerMessageOf<'session-created'>> {
  await say(rep, { type: 'create-session', requestId });
  return rep.last('session-created');
}

async function joinByCode(customer: RecordingSocket, code: string): Promise<void> {
  await say(customer, { type: 'join', code, customer: CAROL });
}

/** A rep with a session and a customer who joined it by code. */
async function pairedSession() {
  const rep = await repSocket();
  const created = await createSession(rep);
  const customer = await customerSocket();
  await joinByCode(customer, created.code);
  const joined = customer.last('joined');
  return { rep, customer, sessionId: created.sessionId, created, joined };
}

const LINK_ID = 'link-1';
const offer = (sessionId: string, sdp: string) => ({ type: 'signal', sessionId, linkId: LINK_ID, description: { type: 'offer', sdp } });

describe('SessionRegistry', () => {
  describe('hello', () => {
    it('refuses any other message first with OUT_OF_ORDER and closes with 4400', async () => {
      const socket = connect();
      await say(socket, { type: 'create-session', requestId: 1 });
      expect(socket.errorCodes()).toEqual(['OUT_OF_ORDER']);
      expect(socket.closedWith?.code).toBe(CLOSE_CODES.PROTOCOL_ERROR);
      expect(registry.stats().connections).toBe(0);
    });

    it('closes a socket whose first frame is not valid JSON with 4400', async () => {
      const socket = connect();
      await registry.handleFrame(socket, '{"type":');
      expect(socket.errorCodes()).toEqual(['INVALID_MESSAGE']);
      expect(socket.closedWith?.code).toBe(CLOSE_CODES.PROTOCOL_ERROR);
    });

    it('refuses an unsupported protocol version and closes with 4426', async () => {
      const socket = connect();
      await say(socket, { type: 'hello', version: PROTOCOL_VERSION + 1, role: 'customer', instanceId: 'i1' });
      expect(socket.errorCodes()).toEqual(['UNSUPPORTED_VERSION']);
      expect(socket.closedWith?.code).toBe(CLOSE_CODES.UNSUPPORTED_VERSION);
    });

    it.each([
      ['without a token', undefined],
      ['with a wrong token', 'not-a-rep-token-0123456789'],
    ])('refuses a rep hello %s with UNAUTHORIZED and closes with 4401', async (_label, token) => {
      const socket = connect();
      await hello(socket, 'rep', token);
      expect(socket.errorCodes()).toEqual(['UNAUTHORIZED']);
      expect(socket.all('welcome')).toEqual([]);
      expect(socket.closedWith?.code).toBe(CLOSE_CODES.UNAUTHORIZED);
    });

    it('welcomes a rep with its name and the ICE servers', async () => {
      const socket = connect();
      await hello(socket, 'rep', BOB.token);
      expect(socket.last('welcome')).toEqual({
        type: 'welcome',
        version: PROTOCOL_VERSION,
        role: 'rep',
        repName: 'Bob',
        iceServers: [{ urls: 'stun:stun.example.org:3478' }],
        iceTransportPolicy: 'all',
        files: DEFAULT_FILE_RULES,
      });
      expect(socket.closedWith).toBeNull();
    });

    it('welcomes a customer without a rep name', async () => {
      const socket = await customerSocket();
      const welcome = socket.last('welcome');
      expect(welcome.role).toBe('customer');
      expect(welcome).not.toHaveProperty('repName');
    });

    it('refuses a second hello without closing', async () => {
      const socket = await customerSocket();
      await hello(socket, 'rep', ALICE.token);
      expect(socket.errorCodes()).toEqual(['OUT_OF_ORDER']);
      expect(socket.closedWith).toBeNull();
    });

    it('refuses create-session from a customer with UNAUTHORIZED', async () => {
      const socket = await customerSocket();
      await say(socket, { type: 'create-session', requestId: 9 });
      expect(socket.last('error')).toMatchObject({ code: 'UNAUTHORIZED', requestId: 9 });
      expect(registry.stats().sessions).toBe(0);
    });
  });

  describe('create-session and join', () => {
    it('gives the rep a 9-digit code, a join token and the code expiry', async () => {
      const rep = await repSocket();
      await say(rep, { type: 'create-session', requestId: 7, reference: 'TICKET-42' });
      const created = rep.last('session-created');
      expect(created.requestId).toBe(7);
      expect(created.code).toMatch(/^\d{9}$/);
      expect(created.joinToken.length).toBeGreaterThanOrEqual(22);
      expect(created.codeExpiresAt).toBe(clock + CODE_TTL_MS);
      expect(created.reference).toBe('TICKET-42');
    });

    it('gives every session its own code and join token', async () => {
      const rep = await repSocket();
      const first = await createSession(rep, 1);
      const second = await createSession(rep, 2);
      expect(second.sessionId).not.toBe(first.sessionId);
      expect(second.code).not.toBe(first.code);
      expect(second.joinToken).not.toBe(first.joinToken);
    });

    it('joins a customer by code and tells the rep who joined and that both are present', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const customer = connect();
      const customerInstance = await hello(customer, 'customer');
      await joinByCode(customer, created.code);

      expect(customer.last('joined')).toMatchObject({
        sessionId: created.sessionId,
        repName: 'Alice',
        customer: CAROL,
        joinedBy: 'code',
        joinedAt: clock,
      });
      const resumeKey = customer.last('joined').resumeKey;
      expect(rep.last('customer-joined')).toEqual({
        type: 'customer-joined',
        sessionId: created.sessionId,
        customer: CAROL,
        joinedBy: 'code',
        joinedAt: clock,
        // The rep keeps the SHA-256 of the customer's key, never the key itself.
        customerVerifier: createHash('sha256').update(resumeKey).digest('base64url'),
      });
      expect(JSON.stringify(rep.received)).not.toContain(resumeKey);
      expect(rep.last('peer-present')).toEqual({
        type: 'peer-present',
        sessionId: created.sessionId,
        peerInstanceId: customerInstance,
        polite: false,
      });
      expect(customer.last('peer-present')).toMatchObject({ sessionId: created.sessionId, polite: true });
    });

    it('joins a customer by join token and records that it came by link', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const customer = await customerSocket();
      await say(customer, { type: 'join', joinToken: created.joinToken, customer: CAROL });
      expect(customer.last('joined')).toMatchObject({ sessionId: created.sessionId, joinedBy: 'link' });
      expect(rep.last('customer-joined').joinedBy).toBe('link');
      expect(rep.last('peer-present').polite).toBe(false);
      expect(customer.last('peer-present').polite).toBe(true);
    });

    it('refuses a join that carries both a code and a join token', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const customer = await customerSocket();
      await say(customer, { type: 'join', code: created.code, joinToken: created.joinToken, customer: CAROL });
      expect(customer.errorCodes()).toEqual(['INVALID_MESSAGE']);
      expect(customer.all('joined')).toEqual([]);
    });

    it('refuses join from a rep socket with OUT_OF_ORDER', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      await joinByCode(rep, created.code);
      expect(rep.errorCodes()).toEqual(['OUT_OF_ORDER']);
      expect(rep.all('joined')).toEqual([]);
    });

    it('lets a code be used once: a second customer gets CODE_USED', async () => {
      const { created } = await pairedSession();
      const second = await customerSocket('198.51.100.2');
      await joinByCode(second, created.code);
      expect(second.errorCodes()).toEqual(['CODE_USED']);
    });

    it('lets a join link be used once: a second customer gets LINK_INVALID', async () => {
      const { created } = await pairedSession();
      const second = await customerSocket('198.51.100.2');
      await say(second, { type: 'join', joinToken: created.joinToken, customer: CAROL });
      expect(second.errorCodes()).toEqual(['LINK_INVALID']);
    });

    it('answers CODE_INVALID for a code no session has', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const customer = await customerSocket();
      const wrong = created.code === '000000000' ? '000000001' : '000000000';
      await joinByCode(customer, wrong);
      expect(customer.errorCodes()).toEqual(['CODE_INVALID']);
    });

    it('answers CODE_EXPIRED once codeTtlMs has passed and a sweep ran', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      clock += CODE_TTL_MS;
      await registry.sweep();
      expect(registry.stats().liveCodes).toBe(0);
      const customer = await customerSocket();
      await joinByCode(customer, created.code);
      expect(customer.errorCodes()).toEqual(['CODE_EXPIRED']);
      expect(rep.all('customer-joined')).toEqual([]);
    });

    it('answers CODE_EXPIRED once codeTtlMs has passed even before any sweep', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      clock += CODE_TTL_MS;
      const customer = await customerSocket();
      await joinByCode(customer, created.code);
      expect(customer.errorCodes()).toEqual(['CODE_EXPIRED']);
    });

    it('still accepts a code just before it expires', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      clock += CODE_TTL_MS - 1;
      const customer = await customerSocket();
      await joinByCode(customer, created.code);
      expect(customer.errorCodes()).toEqual([]);
      expect(customer.last('joined').sessionId).toBe(created.sessionId);
    });

    it('refuses an expired join link with LINK_INVALID', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      clock += CODE_TTL_MS;
      const customer = await customerSocket();
      await say(customer, { type: 'join', joinToken: created.joinToken, customer: CAROL });
      expect(customer.errorCodes()).toEqual(['LINK_INVALID']);
    });
  });

  describe('failed-join rate limit', () => {
    async function failJoins(customer: RecordingSocket, times: number): Promise<void> {
      for (let i = 0; i < times; i++) await joinByCode(customer, String(100_000_000 + i));
    }

    it('answers RATE_LIMITED with retryAfterMs after maxFailedJoins failures, even for a good code', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const guesser = await customerSocket('203.0.113.66');
      await failJoins(guesser, MAX_FAILED_JOINS);
      expect(guesser.errorCodes()).toEqual(Array(MAX_FAILED_JOINS).fill('CODE_INVALID'));

      clock += 1_000;
      guesser.clear();
      await joinByCode(guesser, created.code);
      expect(guesser.last('error')).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: FAILED_JOIN_WINDOW_MS - 1_000 });
      expect(guesser.all('joined')).toEqual([]);
    });

    it('counts failures per address, across sockets', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      for (let i = 0; i < MAX_FAILED_JOINS; i++) await failJoins(await customerSocket('203.0.113.66'), 1);
      const sameAddress = await customerSocket('203.0.113.66');
      await joinByCode(sameAddress, created.code);
      expect(sameAddress.errorCodes()).toEqual(['RATE_LIMITED']);

      const otherAddress = await customerSocket('203.0.113.67');
      await joinByCode(otherAddress, created.code);
      expect(otherAddress.errorCodes()).toEqual([]);
      expect(otherAddress.last('joined').sessionId).toBe(created.sessionId);
    });

    it('lets the address try again once the window has passed', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const guesser = await customerSocket('203.0.113.66');
      await failJoins(guesser, MAX_FAILED_JOINS);
      clock += FAILED_JOIN_WINDOW_MS;
      guesser.clear();
      await joinByCode(guesser, created.code.replace(/^./, (d) => String((Number(d) + 1) % 10)));
      expect(guesser.errorCodes()).toEqual(['CODE_INVALID']);
    });

    it('counts wrong resume keys as failures too', async () => {
      const { sessionId } = await pairedSession();
      const guesser = await customerSocket('203.0.113.66');
      for (let i = 0; i < MAX_FAILED_JOINS + 1; i++) {
        await say(guesser, { type: 'rejoin', sessionId, resumeKey: `wrong-resume-key-${i}-0123456789abcdef` });
      }
      expect(guesser.errorCodes()).toEqual([...Array(MAX_FAILED_JOINS).fill('SESSION_NOT_FOUND'), 'RATE_LIMITED']);
    });
  });

  describe('rejoin and resume', () => {
    it('lets a customer rejoin from a new socket with its resume key', async () => {
      const { rep, customer, sessionId, joined } = await pairedSession();
      await registry.handleClose(customer);
      expect(rep.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'disconnected' });

      rep.clear();
      const again = await customerSocket();
      await say(again, { type: 'rejoin', sessionId, resumeKey: joined.resumeKey });
      expect(again.last('joined')).toMatchObject({ sessionId, resumeKey: joined.resumeKey, customer: CAROL });
      expect(rep.last('peer-present')).toMatchObject({ sessionId, polite: false });
      expect(again.last('peer-present')).toMatchObject({ sessionId, polite: true });
    });

    it('refuses a rejoin with a wrong resume key with SESSION_NOT_FOUND', async () => {
      const { customer, sessionId, rep } = await pairedSession();
      await registry.handleClose(customer);
      rep.clear();
      const intruder = await customerSocket('203.0.113.66');
      await say(intruder, { type: 'rejoin', sessionId, resumeKey: 'not-the-resume-key-0123456789' });
      expect(intruder.errorCodes()).toEqual(['SESSION_NOT_FOUND']);
      expect(intruder.all('joined')).toEqual([]);
      expect(rep.all('peer-present')).toEqual([]);
    });

    it('lets the same rep resume its session from a new socket and hear who joined', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await registry.handleClose(rep);
      expect(customer.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'disconnected' });

      customer.clear();
      const again = await repSocket(ALICE);
      await say(again, { type: 'resume-session', sessionId });
      const resumed = again.last('session-resumed');
      expect(resumed.sessionId).toBe(sessionId);
      // The code was used, so it is not offered again.
      expect(resumed).not.toHaveProperty('code');
      expect(again.last('customer-joined')).toMatchObject({ sessionId, customer: CAROL, joinedBy: 'code' });
      expect(again.last('peer-present')).toMatchObject({ sessionId, polite: false });
      expect(customer.last('peer-present')).toMatchObject({ sessionId, polite: true });
    });

    it('gives a resuming rep the live code of a session nobody has joined yet', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      await registry.handleClose(rep);
      const again = await repSocket();
      await say(again, { type: 'resume-session', sessionId: created.sessionId });
      expect(again.last('session-resumed')).toMatchObject({
        code: created.code,
        joinToken: created.joinToken,
        codeExpiresAt: created.codeExpiresAt,
      });
      expect(again.all('customer-joined')).toEqual([]);
    });

    it('treats another rep resuming the session as SESSION_NOT_FOUND', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      customer.clear();
      const bob = await repSocket(BOB);
      await say(bob, { type: 'resume-session', sessionId });
      expect(bob.last('error')).toMatchObject({ code: 'SESSION_NOT_FOUND', sessionId });
      expect(bob.all('session-resumed')).toEqual([]);
      expect(bob.all('customer-joined')).toEqual([]);
      expect(customer.received).toEqual([]);
      // Bob cannot relay into it either.
      await say(bob, offer(sessionId, 'v=0 bob'));
      expect(bob.errorCodes()).toEqual(['SESSION_NOT_FOUND', 'NOT_IN_SESSION']);
      expect(customer.received).toEqual([]);
      expect(rep.all('error')).toEqual([]);
    });
  });

  describe('signal relay', () => {
    it('relays a signal only to the other socket of the same session', async () => {
      const first = await pairedSession();
      const second = await pairedSession();
      for (const socket of [first.rep, first.customer, second.rep, second.customer]) socket.clear();

      await say(first.rep, offer(first.sessionId, 'v=0 first-rep'));
      await say(second.customer, {
        type: 'signal',
        sessionId: second.sessionId,
        linkId: LINK_ID,
        candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      });

      expect(first.customer.received).toEqual([offer(first.sessionId, 'v=0 first-rep')]);
      expect(first.rep.received).toEqual([]);
      expect(second.rep.received).toEqual([
        {
          type: 'signal',
          sessionId: second.sessionId,
          linkId: LINK_ID,
          candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
        },
      ]);
      expect(second.customer.received).toEqual([]);
    });

    it('refuses a signal for a session the socket is not in with NOT_IN_SESSION and relays nothing', async () => {
      const first = await pairedSession();
      const second = await pairedSession();
      for (const socket of [first.rep, first.customer, second.rep, second.customer]) socket.clear();

      await say(second.customer, offer(first.sessionId, 'v=0 intruder'));
      await say(second.rep, offer(first.sessionId, 'v=0 intruder'));
      expect(second.customer.last('error')).toMatchObject({ code: 'NOT_IN_SESSION', sessionId: first.sessionId });
      expect(second.rep.last('error')).toMatchObject({ code: 'NOT_IN_SESSION', sessionId: first.sessionId });
      expect(first.rep.received).toEqual([]);
      expect(first.customer.received).toEqual([]);
    });

    it('refuses a signal for a session that does not exist', async () => {
      const customer = await customerSocket();
      await say(customer, offer('no-such-session', 'v=0'));
      expect(customer.errorCodes()).toEqual(['NOT_IN_SESSION']);
    });

    it('drops a signal while the other side is absent', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      rep.clear();
      await say(rep, offer(created.sessionId, 'v=0 early'));
      expect(rep.received).toEqual([]);
    });
  });

  describe('an offer with the join', () => {
    const OFFER_SDP = 'v=0 offered with the join\r\na=candidate:1 1 udp 1 192.0.2.7 5000 typ host';

    it('tells a customer whether joining adds ICE servers, so it knows whether it may offer with its join', async () => {
      const customer = await customerSocket();
      expect(customer.last('welcome').iceOnJoin).toBe(false);
      const rep = await repSocket();
      expect(rep.last('welcome').iceOnJoin).toBeUndefined();

      registry = makeRegistry({ turn: { urls: ['turn:turn.example.org:3478'], secret: 'a-turn-secret-of-16+', ttlSeconds: 600 } });
      const withTurn = await customerSocket();
      expect(withTurn.last('welcome').iceOnJoin).toBe(true);
    });

    it('hands the offer to the rep as the link\'s first signal, before peer-present and customer-joined', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      const customer = await customerSocket();
      rep.clear();
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { linkId: 'joined-link', sdp: OFFER_SDP } });

      expect(customer.last('joined').sessionId).toBe(created.sessionId);
      expect(rep.received.map((m) => m.type)).toEqual(['signal', 'peer-present', 'customer-joined']);
      expect(rep.received[0]).toEqual({
        type: 'signal',
        sessionId: created.sessionId,
        linkId: 'joined-link',
        description: { type: 'offer', sdp: OFFER_SDP },
      });
      // The customer's own socket gets no echo of it.
      expect(customer.all('signal')).toEqual([]);
    });

    it('drops the offer when the rep is not connected, and the rep hears only peer-present when it comes back', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      await registry.handleClose(rep);
      const customer = await customerSocket();
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { linkId: 'joined-link', sdp: OFFER_SDP } });
      expect(customer.last('joined').sessionId).toBe(created.sessionId);

      const back = await repSocket();
      await say(back, { type: 'resume-session', sessionId: created.sessionId });
      expect(back.all('signal')).toEqual([]);
      expect(back.last('peer-present').peerInstanceId).toBeDefined();
    });

    it('refuses a join whose offer is malformed or too long with INVALID_MESSAGE, and seats nobody', async () => {
      const rep = await repSocket();
      const created = await createSession(rep);
      rep.clear();
      const customer = await customerSocket();
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { linkId: 'joined-link', sdp: 'x'.repeat(MAX_SDP_CHARS + 1) } });
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { linkId: 'not a valid id!', sdp: OFFER_SDP } });
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { sdp: OFFER_SDP } });
      expect(customer.errorCodes()).toEqual(['INVALID_MESSAGE', 'INVALID_MESSAGE', 'INVALID_MESSAGE']);
      expect(rep.received).toEqual([]);
      // The code still works for a well-formed join.
      await say(customer, { type: 'join', code: created.code, customer: CAROL, offer: { linkId: 'joined-link', sdp: OFFER_SDP } });
      expect(customer.last('joined').sessionId).toBe(created.sessionId);
    });
  });

  describe('leaving and ending', () => {
    it('sends session-ended to the customer when the rep ends the session', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await say(rep, { type: 'end-session', sessionId });
      expect(customer.last('session-ended')).toEqual({ type: 'session-ended', sessionId, reason: 'rep' });
      expect(registry.stats().sessions).toBe(0);
      customer.clear();
      await say(customer, offer(sessionId, 'v=0 after end'));
      expect(customer.errorCodes()).toEqual(['NOT_IN_SESSION']);
    });

    it('refuses end-session from a rep not attached to that session', async () => {
      const { customer, sessionId } = await pairedSession();
      const bob = await repSocket(BOB);
      await say(bob, { type: 'end-session', sessionId });
      expect(bob.errorCodes()).toEqual(['NOT_IN_SESSION']);
      expect(customer.all('session-ended')).toEqual([]);
      expect(registry.stats().sessions).toBe(1);
    });

    it('tells the rep the customer disconnected when its socket closes', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await registry.handleClose(customer);
      expect(rep.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'disconnected' });
    });

    it('tells the rep the customer left when its page closed the socket on purpose', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await registry.handleClose(customer, 'left');
      expect(rep.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'left' });
    });

    it('tells the rep the customer left on leave-session', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await say(customer, { type: 'leave-session', sessionId });
      expect(rep.last('peer-absent')).toEqual({ type: 'peer-absent', sessionId, reason: 'left' });
      customer.clear();
      await say(customer, offer(sessionId, 'v=0 after leaving'));
      expect(customer.errorCodes()).toEqual(['NOT_IN_SESSION']);
    });

    it('refuses leave-session for a session the customer is not in', async () => {
      const { sessionId, rep } = await pairedSession();
      rep.clear();
      const other = await customerSocket('198.51.100.9');
      await say(other, { type: 'leave-session', sessionId });
      expect(other.errorCodes()).toEqual(['NOT_IN_SESSION']);
      expect(rep.received).toEqual([]);
    });
  });

  describe('sweep', () => {
    it('forgets a session nobody has been connected to for sessionOrphanTtlMs', async () => {
      const { rep, customer, sessionId } = await pairedSession();
      await registry.handleClose(customer);
      await registry.handleClose(rep);

      clock += ORPHAN_TTL_MS - 1;
      await registry.sweep();
      expect(registry.stats().sessions).toBe(1);

      clock += 1;
      await registry.sweep();
      expect(registry.stats().sessions).toBe(0);
      const again = await repSocket();
      await say(again, { type: 'resume-session', sessionId });
      expect(again.errorCodes()).toEqual(['SESSION_NOT_FOUND']);
    });

    it('keeps a session one side is still connected to', async () => {
      const { customer } = await pairedSession();
      await registry.handleClose(customer);
      clock += ORPHAN_TTL_MS * 2;
      await registry.sweep();
      expect(registry.stats().sessions).toBe(1);
    });

    it('closes sockets that did not say hello within HELLO_TIMEOUT_MS with 4408', async () => {
      const silent = connect();
      clock += 1;
      const greeted = await customerSocket();

      clock += HELLO_TIMEOUT_MS - 2;
      await registry.sweep();
      expect(silent.closedWith).toBeNull();

      clock += 1;
      await registry.sweep();
      expect(silent.closedWith?.code).toBe(CLOSE_CODES.TIMEOUT);
      expect(greeted.closedWith).toBeNull();
      expect(registry.stats().connections).toBe(1);
    });

    it('forgets failed-join counters once their window has passed', async () => {
      const guesser = await customerSocket('203.0.113.66');
      await joinByCode(guesser, '123456789');
      expect(registry.stats().rateLimitedAddresses).toBe(1);
      clock += FAILED_JOIN_WINDOW_MS;
      await registry.sweep();
      expect(registry.stats().rateLimitedAddresses).toBe(0);
    });
  });

  describe('stats', () => {
    it('counts connections, sessions, live codes and addresses with failed joins', async () => {
      expect(registry.stats()).toEqual({ connections: 0, sessions: 0, liveCodes: 0, rateLimitedAddresses: 0 });
      const rep = await repSocket();
      await createSession(rep, 1);
      const open = await createSession(rep, 2);
      const customer = await customerSocket();
      await joinByCode(customer, open.code);
      const guesser = await customerSocket('203.0.113.66');
      await joinByCode(guesser, open.code);
      expect(registry.stats()).toEqual({ connections: 3, sessions: 2, liveCodes: 1, rateLimitedAddresses: 1 });

      await registry.handleClose(guesser);
      expect(registry.stats().connections).toBe(2);
    });
  });

  describe('observer', () => {
    it('reports pairings, relayed negotiation and refused joins by code, and nothing else', async () => {
      const seen: string[] = [];
      registry = makeRegistry({
        observer: {
          paired: () => seen.push('paired'),
          joinFailed: (code) => seen.push(`join-failed ${code}`),
          relayed: () => seen.push('relayed'),
          limitHit: (code) => seen.push(`limit ${code}`),
        },
      });
      const { rep, sessionId } = await pairedSession();
      await say(rep, offer(sessionId, 'v=0'));
      const stranger = await customerSocket('203.0.113.7');
      await joinByCode(stranger, '000000000');
      await say(stranger, { type: 'rejoin', sessionId, resumeKey: 'x'.repeat(43) });
      expect(seen).toEqual(['paired', 'relayed', 'join-failed CODE_INVALID', 'join-failed SESSION_NOT_FOUND']);
    });
  });

  describe('shutdown', () => {
    it('closes every socket with 4503', async () => {
      const { rep, customer } = await pairedSession();
      await registry.shutdown();
      expect(rep.closedWith?.code).toBe(CLOSE_CODES.SHUTTING_DOWN);
      expect(customer.closedWith?.code).toBe(CLOSE_CODES.SHUTTING_DOWN);
      expect(registry.stats().connections).toBe(0);
    });
  });
});

describe('SessionRegistry limits', () => {
  it('refuses a socket from an address that already holds the maximum', async () => {
    registry = makeRegistry({ maxConnectionsPerAddress: 2 });
    const first = connect('203.0.113.5');
    const second = connect('203.0.113.5');
    const third = connect('203.0.113.5');
    expect(first.closedWith).toBeNull();
    expect(second.closedWith).toBeNull();
    expect(third.errorCodes()).toEqual(['TOO_MANY_CONNECTIONS']);
    expect(third.closedWith?.code).toBe(CLOSE_CODES.TOO_MANY);
    // Another address is not affected, and a closed socket frees its place.
    expect(connect('203.0.113.6').closedWith).toBeNull();
    await registry.handleClose(first);
    expect(connect('203.0.113.5').closedWith).toBeNull();
    expect(registry.stats().connections).toBe(3);
  });

  it('refuses frames past the rate with TOO_MANY_MESSAGES and closes a socket that keeps flooding', async () => {
    registry = makeRegistry({ maxFramesPerSecond: 5 });
    const rep = await repSocket();
    rep.clear();
    // The burst allowance is spent without any time passing; the next frames are refused.
    for (let i = 0; i < 200; i++) await say(rep, { type: 'create-session', requestId: i });
    const created = rep.all('session-created').length;
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(200);
    expect(rep.errorCodes()).toContain('TOO_MANY_MESSAGES');
    expect(rep.closedWith?.code).toBe(CLOSE_CODES.TOO_MANY);
  });

  it('lets a socket that slows down carry on', async () => {
    registry = makeRegistry({ maxFramesPerSecond: 5 });
    const rep = await repSocket();
    for (let i = 0; i < 100; i++) {
      clock += 250;
      await say(rep, { type: 'create-session', requestId: i });
    }
    expect(rep.all('session-created')).toHaveLength(50);
    expect(rep.errorCodes()).toEqual(['SESSION_LIMIT', ...Array(49).fill('SESSION_LIMIT')]);
    expect(rep.closedWith).toBeNull();
  });

  it('caps the open sessions of one rep, and ending one frees a place', async () => {
    registry = makeRegistry({ maxSessionsPerRep: 2 });
    const rep = await repSocket();
    const first = await createSession(rep, 1);
    await createSession(rep, 2);
    await say(rep, { type: 'create-session', requestId: 3 });
    expect(rep.last('error')).toMatchObject({ code: 'SESSION_LIMIT', requestId: 3 });
    // Another rep has its own allowance.
    const bob = await repSocket(BOB);
    expect((await createSession(bob, 1)).sessionId).toBeTruthy();
    await say(rep, { type: 'end-session', sessionId: first.sessionId });
    expect((await createSession(rep, 4)).requestId).toBe(4);
  });
});

describe('SessionRegistry restoring sessions after a restart', () => {
  function verifierOf(resumeKey: string): string {
    return createHash('sha256').update(resumeKey).digest('base64url');
  }

  it('takes back a joined session from the rep, and only the customer with the right key rejoins', async () => {
    const { rep, customer, created } = await pairedSession();
    const joined = customer.last('joined');
    const repSaw = rep.last('customer-joined');
    // The server restarts: a new registry that knows nothing.
    registry = makeRegistry();
    const rep2 = await repSocket();
    await say(rep2, {
      type: 'resume-session',
      sessionId: created.sessionId,
      restore: {
        createdAt: created.createdAt,
        customer: { profile: repSaw.customer, joinedBy: repSaw.joinedBy, joinedAt: repSaw.joinedAt, verifier: repSaw.customerVerifier },
      },
    });
    expect(rep2.last('session-resumed')).toMatchObject({ sessionId: created.sessionId, createdAt: created.createdAt });
    expect(rep2.last('session-resumed').code).toBeUndefined();

    const impostor = await customerSocket('198.51.100.77');
    await say(impostor, { type: 'rejoin', sessionId: created.sessionId, resumeKey: 'x'.repeat(43) });
    expect(impostor.errorCodes()).toEqual(['SESSION_NOT_FOUND']);

    const customer2 = await customerSocket();
    await say(customer2, { type: 'rejoin', sessionId: created.sessionId, resumeKey: joined.resumeKey });
    expect(customer2.last('joined')).toMatchObject({ sessionId: created.sessionId, customer: CAROL });
    expect(rep2.last('peer-present').sessionId).toBe(created.sessionId);
    expect(verifierOf(joined.resumeKey)).toBe(repSaw.customerVerifier);
  });

  it('keeps an unused code working across a restart when the rep brings it back', async () => {
    const rep = await repSocket();
    const created = await createSession(rep);
    registry = makeRegistry();
    const rep2 = await repSocket();
    await say(rep2, {
      type: 'resume-session',
      sessionId: created.sessionId,
      restore: { createdAt: created.createdAt, code: created.code, joinToken: created.joinToken, codeExpiresAt: created.codeExpiresAt },
    });
    expect(rep2.last('session-resumed')).toMatchObject({ code: created.code, joinToken: created.joinToken });
    const customer = await customerSocket();
    await joinByCode(customer, created.code);
    expect(customer.last('joined').sessionId).toBe(created.sessionId);
  });

  it('does not bring back an expired code, and never takes over another rep\'s live session', async () => {
    const rep = await repSocket();
    const created = await createSession(rep);
    clock += CODE_TTL_MS + 1;
    registry = makeRegistry();
    const rep2 = await repSocket();
    await say(rep2, {
      type: 'resume-session',
      sessionId: created.sessionId,
      restore: { createdAt: created.createdAt, code: created.code, joinToken: created.joinToken, codeExpiresAt: created.codeExpiresAt },
    });
    expect(rep2.last('session-resumed').code).toBeUndefined();
    await joinByCode(await customerSocket(), created.code);

    const bob = await repSocket(BOB);
    await say(bob, { type: 'resume-session', sessionId: created.sessionId, restore: { createdAt: 1 } });
    expect(bob.errorCodes()).toEqual(['SESSION_NOT_FOUND']);
  });
});
