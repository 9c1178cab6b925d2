import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, type ErrorCode } from '../../protocol/errors.js';
import { MAX_SIGNAL_FRAME_BYTES } from '../../protocol/limits.js';
import type { ServerMessageOf } from '../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { loadConfig, type ServerConfig } from '../../signaling/config.js';
import { startSignalingServer, type SignalingServer } from '../../signaling/createSignalingServer.js';
import { SignalingClient } from './support/signalingClient.js';

const REP_TOKEN = 'alice-token-0123456789';
const CAROL = { name: 'Carol', query: 'My invoice will not download', os: 'Windows 11', browser: 'Edge 140' };
/** ws closes the connection with this code when a frame is over maxPayload. */
const WS_MESSAGE_TOO_BIG = 1009;

const servers: SignalingServer[] = [];
const clients: SignalingClient[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  const loaded = loadConfig({ REP_TOKEN: `Alice:${REP_TOKEN}` });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  return { ...loaded.value, port: 0, host: '127.0.0.1', clientDir: '', ...overrides };
}

async function startServer(overrides: Partial<ServerConfig> = {}): Promise<SignalingServer> {
  const server = await startSignalingServer(testConfig(overrides));
  servers.push(server);
  return server;
}

async function connect(server: SignalingServer): Promise<SignalingClient> {
  const client = await SignalingClient.connect(`ws://127.0.0.1:${server.port}/ws`);
  clients.push(client);
  return client;
}

async function signedInRep(server: SignalingServer): Promise<SignalingClient> {
  const rep = await connect(server);
  rep.hello('rep', REP_TOKEN);
  await rep.next('welcome');
  return rep;
}

async function greetedCustomer(server: SignalingServer): Promise<SignalingClient> {
  const customer = await connect(server);
  customer.hello('customer');
  await customer.next('welcome');
  return customer;
}

async function createSession(rep: SignalingClient, requestId = 1): Promise<ServerMessageOf<'session-created'>> {
  rep.send({ type: 'create-session', requestId });
  const created = await rep.next('session-created');
  expect(created.requestId).toBe(requestId);
  return created;
}

async function joinError(customer: SignalingClient, join: { code: string } | { joinToken: string }): Promise<ServerMessageOf<'error'>> {
  customer.send({ type: 'join', ...join, customer: CAROL });
  return customer.next('error');
}

interface Pair {
  readonly rep: SignalingClient;
  readonly customer: SignalingClient;
  readonly sessionId: string;
}

/** A rep creates a session and a customer joins it; both are told the other is present. */
async function pairUp(server: SignalingServer, by: 'code' | 'link' = 'code'): Promise<Pair> {
  const rep = await signedInRep(server);
  const created = await createSession(rep);
  const customer = await greetedCustomer(server);
  customer.send({ type: 'join', ...(by === 'code' ? { code: created.code } : { joinToken: created.joinToken }), customer: CAROL });
  const joined = await customer.next('joined');
  expect(joined).toMatchObject({ sessionId: created.sessionId, repName: 'Alice', customer: CAROL, joinedBy: by });
  expect(await rep.next('customer-joined')).toMatchObject({ sessionId: created.sessionId, customer: CAROL, joinedBy: by });
  expect(await rep.next('peer-present')).toMatchObject({ sessionId: created.sessionId, peerInstanceId: customer.instanceId, polite: false });
  expect(await customer.next('peer-present')).toMatchObject({ sessionId: created.sessionId, peerInstanceId: rep.instanceId, polite: true });
  return { rep, customer, sessionId: created.sessionId };
}

const signal = (sessionId: string, sdp: string) => ({
  type: 'signal',
  sessionId,
  linkId: 'link-1',
  description: { type: 'offer', sdp },
});

async function expectSignalArrives(from: SignalingClient, to: SignalingClient, sessionId: string, sdp: string): Promise<void> {
  from.send(signal(sessionId, sdp));
  expect(await to.next('signal')).toEqual(signal(sessionId, sdp));
}

/** Offer one way and answer the other, as a real negotiation starts. */
async function expectRelayBothWays(pair: Pair, label: string): Promise<void> {
  await expectSignalArrives(pair.rep, pair.customer, pair.sessionId, `v=0 ${label} rep`);
  await expectSignalArrives(pair.customer, pair.rep, pair.sessionId, `v=0 ${label} customer`);
}

describe('signaling server', () => {
  describe('rep authentication', () => {
    it.each([
      ['without a token', undefined],
      ['with a wrong token', 'wrong-token-0123456789'],
    ])('refuses a rep %s with UNAUTHORIZED and close code 4401', async (_label, token) => {
      const server = await startServer();
      const rep = await connect(server);
      rep.hello('rep', token);
      expect((await rep.next('error')).code).toBe('UNAUTHORIZED');
      expect((await rep.closed()).code).toBe(CLOSE_CODES.UNAUTHORIZED);
      expect(rep.all('welcome')).toEqual([]);
    });

    it('welcomes a rep with the right token under its name', async () => {
      const server = await startServer();
      const rep = await connect(server);
      rep.hello('rep', REP_TOKEN);
      expect(await rep.next('welcome')).toMatchObject({ role: 'rep', repName: 'Alice' });
    });
  });

  describe('joining', () => {
    it('pairs a rep and a customer by code and relays between them', async () => {
      const server = await startServer();
      await expectRelayBothWays(await pairUp(server, 'code'), 'by code');
    });

    it('pairs a rep and a customer by link and relays between them', async () => {
      const server = await startServer();
      await expectRelayBothWays(await pairUp(server, 'link'), 'by link');
    });

    it('answers CODE_INVALID for a wrong code', async () => {
      const server = await startServer();
      const rep = await signedInRep(server);
      const created = await createSession(rep);
      const customer = await greetedCustomer(server);
      const wrong = created.code === '111111111' ? '222222222' : '111111111';
      expect((await joinError(customer, { code: wrong })).code).toBe('CODE_INVALID');
      expect(rep.all('customer-joined')).toEqual([]);
    });

    it('answers CODE_EXPIRED, and LINK_INVALID for the link, once the code has expired', async () => {
      const server = await startServer({ codeTtlMs: 200 });
      const rep = await signedInRep(server);
      const created = await createSession(rep);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const customer = await greetedCustomer(server);
      expect((await joinError(customer, { code: created.code })).code).toBe('CODE_EXPIRED');
      expect((await joinError(customer, { joinToken: created.joinToken })).code).toBe('LINK_INVALID');
      expect(customer.all('joined')).toEqual([]);
    });

    it('answers CODE_USED for a code someone already joined with', async () => {
      const server = await startServer();
      const rep = await signedInRep(server);
      const created = await createSession(rep);
      const first = await greetedCustomer(server);
      first.send({ type: 'join', code: created.code, customer: CAROL });
      await first.next('joined');
      const second = await greetedCustomer(server);
      expect((await joinError(second, { code: created.code })).code).toBe('CODE_USED');
      expect((await joinError(second, { joinToken: created.joinToken })).code).toBe('LINK_INVALID');
      expect(rep.all('customer-joined')).toHaveLength(1);
    });

    it('answers RATE_LIMITED after maxFailedJoins wrong codes, even for the right code', async () => {
      const server = await startServer({ maxFailedJoins: 3 });
      const rep = await signedInRep(server);
      const created = await createSession(rep);
      const guesser = await greetedCustomer(server);
      const wrong = ['100000001', '100000002', '100000003', '100000004'].filter((c) => c !== created.code);
      for (const code of wrong.slice(0, 3)) expect((await joinError(guesser, { code })).code).toBe('CODE_INVALID');

      const limited = await joinError(guesser, { code: created.code });
      expect(limited.code).toBe('RATE_LIMITED');
      expect(limited.retryAfterMs).toBeGreaterThan(0);
      // The limit is per address, not per socket: a new socket from the same place is refused too.
      const fresh = await greetedCustomer(server);
      expect((await joinError(fresh, { code: created.code })).code).toBe('RATE_LIMITED');
      expect(rep.all('customer-joined')).toEqual([]);
    });
  });

  describe('relay', () => {
    it('keeps two concurrent sessions apart: each signal reaches only its own peer', async () => {
      const server = await startServer();
      const first = await pairUp(server);
      const second = await pairUp(server);
      const sockets = [first.rep, first.customer, second.rep, second.customer];
      const signalCountBefore = sockets.map((s) => s.all('signal').length);
      expect(signalCountBefore).toEqual([0, 0, 0, 0]);

      // Someone in the second session tries to inject into the first one.
      second.customer.send(signal(first.sessionId, 'v=0 injected'));
      expect(await second.customer.next('error')).toMatchObject({ code: 'NOT_IN_SESSION', sessionId: first.sessionId });

      // Every side sends at once; each must get exactly its own peer's signal.
      first.rep.send(signal(first.sessionId, 'v=0 first rep'));
      first.customer.send(signal(first.sessionId, 'v=0 first customer'));
      second.rep.send(signal(second.sessionId, 'v=0 second rep'));
      second.customer.send(signal(second.sessionId, 'v=0 second customer'));
      await Promise.all(sockets.map((s) => s.next('signal')));

      // A second round, sent only after the server handled the first: anything misrouted in the
      // first round was written to that socket before this, so it would show up below.
      await Promise.all([
        expectSignalArrives(first.rep, first.customer, first.sessionId, 'v=0 first rep fence'),
        expectSignalArrives(first.customer, first.rep, first.sessionId, 'v=0 first customer fence'),
        expectSignalArrives(second.rep, second.customer, second.sessionId, 'v=0 second rep fence'),
        expectSignalArrives(second.customer, second.rep, second.sessionId, 'v=0 second customer fence'),
      ]);

      const sdps = (client: SignalingClient) => client.all('signal').map((m) => ('description' in m ? m.description.sdp : ''));
      expect(sdps(first.customer)).toEqual(['v=0 first rep', 'v=0 first rep fence']);
      expect(sdps(first.rep)).toEqual(['v=0 first customer', 'v=0 first customer fence']);
      expect(sdps(second.customer)).toEqual(['v=0 second rep', 'v=0 second rep fence']);
      expect(sdps(second.rep)).toEqual(['v=0 second customer', 'v=0 second customer fence']);
      for (const socket of sockets) expect(socket.invalidFrames).toEqual([]);
    });

    it('tells the rep the customer left when its page closed, and disconnected when it dropped', async () => {
      const server = await startServer();
      const first = await pairUp(server);
      await first.customer.close(1000);
      expect(await first.rep.next('peer-absent')).toEqual({ type: 'peer-absent', sessionId: first.sessionId, reason: 'left' });

      const second = await pairUp(server);
      second.customer.socket.terminate();
      expect(await second.rep.next('peer-absent')).toEqual({ type: 'peer-absent', sessionId: second.sessionId, reason: 'disconnected' });
    });

    it('sends session-ended to the customer when the rep ends the session', async () => {
      const server = await startServer();
      const pair = await pairUp(server);
      pair.rep.send({ type: 'end-session', sessionId: pair.sessionId });
      expect(await pair.customer.next('session-ended')).toEqual({ type: 'session-ended', sessionId: pair.sessionId, reason: 'rep' });
    });
  });

  describe('shutdown', () => {
    it('closes every socket with 4503 so pages know to reconnect', async () => {
      const server = await startServer();
      const pair = await pairUp(server);
      const stranger = await connect(server);
      servers.splice(servers.indexOf(server), 1);
      await server.close();
      for (const socket of [pair.rep, pair.customer, stranger]) expect((await socket.closed()).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
    });
  });

  describe('bad input', () => {
    const BAD_FRAMES: [string, string | Buffer, ErrorCode][] = [
      ['malformed JSON', '{"type":"hello","version":', 'INVALID_MESSAGE'],
      ['binary garbage', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0xfe, 0x7b]), 'INVALID_MESSAGE'],
      ['an unknown type', JSON.stringify({ type: 'teleport', to: 'mars' }), 'UNKNOWN_TYPE'],
      ['a JSON array', '[1,2,3]', 'INVALID_MESSAGE'],
    ];

    it.each(BAD_FRAMES)('closes a socket whose first frame is %s with 4400', async (_label, frame, code) => {
      const server = await startServer();
      const stranger = await connect(server);
      stranger.send(frame);
      expect((await stranger.next('error')).code).toBe(code);
      expect((await stranger.closed()).code).toBe(CLOSE_CODES.PROTOCOL_ERROR);
      await expectRelayBothWays(await pairUp(server), 'after a bad first frame');
    });

    it.each(BAD_FRAMES)('answers %s from a joined customer with an error and keeps serving everyone', async (_label, frame, code) => {
      const server = await startServer();
      const troubled = await pairUp(server);
      troubled.customer.send(frame);
      expect((await troubled.customer.next('error')).code).toBe(code);
      expect(troubled.customer.isOpen).toBe(true);
      await expectRelayBothWays(troubled, 'same session after bad frame');
      await expectRelayBothWays(await pairUp(server), 'fresh pair after bad frame');
    });

    it('closes a socket that sends a frame over 64 KiB, and keeps serving everyone else', async () => {
      const server = await startServer();
      const bystanders = await pairUp(server);
      const sender = await pairUp(server);
      sender.customer.send(signal(sender.sessionId, 'x'.repeat(MAX_SIGNAL_FRAME_BYTES + 1)));
      const closed = await sender.customer.closed();
      const refusedInBand = sender.customer.all('error').some((m) => m.code === 'MESSAGE_TOO_LARGE');
      expect(closed.code === WS_MESSAGE_TOO_BIG || refusedInBand).toBe(true);
      // Nothing of the oversized frame reached the rep.
      expect(await sender.rep.next('peer-absent')).toMatchObject({ sessionId: sender.sessionId });
      expect(sender.rep.all('signal')).toEqual([]);
      await expectRelayBothWays(bystanders, 'bystanders after oversized frame');
      await expectRelayBothWays(await pairUp(server), 'fresh pair after oversized frame');
    });
  });

  describe('HTTP', () => {
    it('answers GET /healthz with ok true and the protocol version', async () => {
      const server = await startServer();
      const response = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await response.json()).toMatchObject({ ok: true, protocol: PROTOCOL_VERSION, sessions: 0 });
    });

    it('answers 404 for the pages when it serves no client, with a CSP header', async () => {
      const server = await startServer({ clientDir: '' });
      const response = await fetch(`http://127.0.0.1:${server.port}/rep`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    });

    it('refuses methods other than GET and HEAD with 405', async () => {
      const server = await startServer();
      const response = await fetch(`http://127.0.0.1:${server.port}/rep`, { method: 'POST', body: 'x' });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  describe('static client', () => {
    const REP_HTML = '<!doctype html><title>Rep console</title>';
    const JOIN_HTML = '<!doctype html><title>Join a session</title>';
    const ASSET_JS = 'console.log("asset");';
    const BAIT = '{"name":"outside the client folder"}';

    /** tmp/client holds the built client; tmp/package.json sits just outside it, as bait. */
    async function serveClient(): Promise<SignalingServer> {
      const root = await mkdtemp(join(tmpdir(), 'signaling-static-'));
      tempDirs.push(root);
      const clientDir = join(root, 'client');
      await mkdir(join(clientDir, 'assets'), { recursive: true });
      await writeFile(join(clientDir, 'rep.html'), REP_HTML);
      await writeFile(join(clientDir, 'join.html'), JOIN_HTML);
      await writeFile(join(clientDir, 'assets', 'x.js'), ASSET_JS);
      await writeFile(join(root, 'package.json'), BAIT);
      return startServer({ clientDir });
    }

    /** A GET with the path sent exactly as written (fetch would normalize `..` away first). */
    function rawGet(port: number, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
      return new Promise((resolve, reject) => {
        // No keep-alive: an idle pooled connection would hold server.close() open in afterEach.
        const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it.each([
      ['/rep', REP_HTML],
      ['/join', JOIN_HTML],
    ])('serves %s as HTML with a Content-Security-Policy', async (path, html) => {
      const server = await serveClient();
      const response = await rawGet(server.port, path);
      expect(response.status).toBe(200);
      expect(response.body).toBe(html);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['cache-control']).not.toContain('immutable');
    });

    it('serves hashed assets with an immutable cache', async () => {
      const server = await serveClient();
      const response = await rawGet(server.port, '/assets/x.js');
      expect(response.status).toBe(200);
      expect(response.body).toBe(ASSET_JS);
      expect(response.headers['content-type']).toContain('text/javascript');
      expect(response.headers['cache-control']).toContain('immutable');
    });

    it('redirects / to the join page', async () => {
      const server = await serveClient();
      const response = await rawGet(server.port, '/');
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe('/join');
    });

    it.each(['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/nothing-here.js'])(
      'answers 404 for %s and never reads outside the client folder',
      async (path) => {
        const server = await serveClient();
        const response = await rawGet(server.port, path);
        expect(response.status).toBe(404);
        expect(response.body).not.toContain('outside the client folder');
        expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      },
    );
  });
});
