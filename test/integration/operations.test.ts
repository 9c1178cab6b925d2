/**
 * Running the server for real, in process: /metrics after real pairings and failed joins,
 * named rep accounts from a file (and revoking one), https and wss with a certificate made
 * here by openssl, and a graceful stop with a client that never answers.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../protocol/errors.js';
import { loadConfig, type ServerConfig } from '../../signaling/config.js';
import { startSignalingServer, type SignalingServer } from '../../signaling/createSignalingServer.js';
import { SILENT_LOGGER } from '../../signaling/log.js';
import { addRep, revokeRep } from '../../signaling/repAccounts.js';
import { parsePrometheusText, sampleOf } from '../support/prometheusText.js';
import { SignalingClient } from './support/signalingClient.js';

const REP_TOKEN = 'alice-token-0123456789';
const CAROL = { name: 'Carol', query: 'My invoice will not download', os: 'Windows 11', browser: 'Edge 140' };
const P = 'support_signaling_';

const servers: SignalingServer[] = [];
const clients: SignalingClient[] = [];
const rawSockets: Socket[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'operations-'));
  return () => rm(dir, { recursive: true, force: true });
});

afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.destroy();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function config(env: Record<string, string> = {}): ServerConfig {
  const loaded = loadConfig({ REP_TOKEN: `Alice:${REP_TOKEN}`, REPS_FILE: join(dir, 'none.json'), ...env });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  return { ...loaded.value, port: 0, host: '127.0.0.1', clientDir: '' };
}

async function startServer(env: Record<string, string> = {}): Promise<SignalingServer> {
  const server = await startSignalingServer(config(env), { log: SILENT_LOGGER });
  servers.push(server);
  return server;
}

async function connect(server: SignalingServer, options?: Parameters<typeof SignalingClient.connect>[1]): Promise<SignalingClient> {
  const scheme = server.url.startsWith('https:') ? 'wss' : 'ws';
  const client = await SignalingClient.connect(`${scheme}://127.0.0.1:${server.port}/ws`, options);
  clients.push(client);
  return client;
}

async function signIn(server: SignalingServer, token: string): Promise<SignalingClient> {
  const rep = await connect(server);
  rep.hello('rep', token);
  return rep;
}

async function pairUp(server: SignalingServer): Promise<{ rep: SignalingClient; customer: SignalingClient }> {
  const rep = await signIn(server, REP_TOKEN);
  await rep.next('welcome');
  rep.send({ type: 'create-session', requestId: 1 });
  const created = await rep.next('session-created');
  const customer = await connect(server);
  customer.hello('customer');
  await customer.next('welcome');
  customer.send({ type: 'join', code: created.code, customer: CAROL });
  await customer.next('peer-present');
  await rep.next('peer-present');
  customer.send({ type: 'signal', sessionId: created.sessionId, linkId: 'link-1', description: { type: 'offer', sdp: 'v=0' } });
  await rep.next('signal');
  return { rep, customer };
}

async function scrape(server: SignalingServer, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('GET /metrics', () => {
  it('counts a pairing, a relayed message and a failed join, with the open connections', async () => {
    const server = await startServer();
    await pairUp(server);
    const guesser = await connect(server);
    guesser.hello('customer');
    await guesser.next('welcome');
    guesser.send({ type: 'join', code: '000000001', customer: CAROL });
    expect((await guesser.next('error')).code).toBe('CODE_INVALID');

    const { status, type, text } = await scrape(server);
    expect(status).toBe(200);
    expect(type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(text);
    expect(sampleOf(families, `${P}pairings_total`)).toBe(1);
    expect(sampleOf(families, `${P}relayed_messages_total`)).toBe(1);
    expect(sampleOf(families, `${P}join_failures_total`, 'code="CODE_INVALID"')).toBe(1);
    expect(sampleOf(families, `${P}open_connections`)).toBe(3);
    expect(sampleOf(families, `${P}sessions`)).toBe(1);
    expect(sampleOf(families, `${P}live_codes`)).toBe(0);
    // Nothing that identifies anyone is exposed.
    expect(text).not.toContain('Carol');
    expect(text).not.toContain(REP_TOKEN);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const server = await startServer({ METRICS_TOKEN: 'scrape-secret-0123' });
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, { Authorization: 'Bearer nope' })).status).toBe(401);
    const allowed = await scrape(server, { Authorization: 'Bearer scrape-secret-0123' });
    expect(allowed.status).toBe(200);
    expect(parsePrometheusText(allowed.text).has(`${P}pairings_total`)).toBe(true);
  });
});

describe('named rep accounts (REPS_FILE)', () => {
  it('signs a rep in under their name, and refuses them once revoked', async () => {
    const repsFile = join(dir, 'reps-revoke.json');
    const added = addRep(repsFile, 'Dana Scully');
    if (!added.ok) throw new Error(added.error);
    const server = await startServer({ REPS_FILE: repsFile });

    const dana = await signIn(server, added.value.token);
    expect(await dana.next('welcome')).toMatchObject({ role: 'rep', repName: 'Dana Scully' });

    expect(revokeRep(repsFile, 'dana scully').ok).toBe(true);
    server.reloadReps();
    const again = await signIn(server, added.value.token);
    expect((await again.next('error')).code).toBe('UNAUTHORIZED');
    expect((await again.closed()).code).toBe(CLOSE_CODES.UNAUTHORIZED);
    // REP_TOKEN accounts keep working beside the file.
    expect(await (await signIn(server, REP_TOKEN)).next('welcome')).toMatchObject({ repName: 'Alice' });
  });

  it('picks up a rep added while it runs, without a signal', async () => {
    const repsFile = join(dir, 'reps-watch.json');
    await writeFile(repsFile, JSON.stringify({ version: 1, reps: [] }));
    const server = await startServer({ REPS_FILE: repsFile });
    const added = addRep(repsFile, 'Fox');
    if (!added.ok) throw new Error(added.error);
    // The file is polled: try until the new account is known (bounded by the test timeout).
    for (;;) {
      const rep = await signIn(server, added.value.token);
      while (rep.messages.length === 0) await new Promise((r) => setTimeout(r, 20));
      const first = rep.messages[0]!;
      if (first.type === 'welcome') {
        expect(first.repName).toBe('Fox');
        break;
      }
      expect(first).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
      await rep.closed();
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  it('generates no token when REP_TOKEN is unset and a reps file exists', async () => {
    const repsFile = join(dir, 'reps-no-generated.json');
    const loadedWithout = loadConfig({ REPS_FILE: repsFile });
    expect(loadedWithout.ok && loadedWithout.value.generatedRepToken).toEqual(expect.any(String));
    expect(addRep(repsFile, 'Walter').ok).toBe(true);
    const loaded = loadConfig({ REPS_FILE: repsFile });
    expect(loaded.ok && loaded.value.generatedRepToken).toBeNull();
    expect(loaded.ok && loaded.value.reps).toEqual([]);
  });

  it('refuses to start on a broken reps file', async () => {
    const repsFile = join(dir, 'reps-broken.json');
    await writeFile(repsFile, '{"version": 2, "reps": []}');
    await expect(startSignalingServer(config({ REPS_FILE: repsFile }), { log: SILENT_LOGGER })).rejects.toThrow(/reps file .*version/);
  });
});

describe('TLS', () => {
  async function selfSigned(): Promise<{ cert: string; key: string; ca: Buffer }> {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    return { cert, key, ca: await readFile(cert) };
  }

  it('serves /healthz over https and the signaling socket over wss', async () => {
    const { cert, key, ca } = await selfSigned();
    const server = await startServer({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const health = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(`${server.url}/healthz`, { ca }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });

    const rep = await connect(server, { ca });
    rep.hello('rep', REP_TOKEN);
    expect(await rep.next('welcome')).toMatchObject({ role: 'rep', repName: 'Alice' });
    // Plain http on the same port gets no service.
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });

  it('refuses half a TLS setting, an unreadable file and a key that does not fit', async () => {
    const { cert, key } = await selfSigned();
    const problems = (env: Record<string, string>) => {
      const loaded = loadConfig(env);
      return loaded.ok ? [] : loaded.error;
    };
    expect(problems({ TLS_CERT_FILE: cert })).toEqual([expect.stringContaining('TLS_CERT_FILE and TLS_KEY_FILE go together')]);
    expect(problems({ TLS_CERT_FILE: cert, TLS_KEY_FILE: join(dir, 'missing.pem') })).toEqual([
      `TLS_KEY_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
    ]);
    expect(problems({ TLS_CERT_FILE: key, TLS_KEY_FILE: key })).toEqual([expect.stringContaining('not a PEM certificate and its matching private key')]);
  });
});

describe('graceful stop', () => {
  /** Opens a WebSocket by hand and then never reads or answers anything, as a hung client does. */
  function hungSocket(server: SignalingServer): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => {
        socket.write(
          'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      rawSockets.push(socket);
      socket.once('data', (head) => {
        // From here on it reads nothing: the server's close frame is never answered.
        socket.pause();
        if (String(head).startsWith('HTTP/1.1 101')) resolve(socket);
        else reject(new Error(String(head)));
      });
      socket.on('error', () => {});
    });
  }

  it('tells clients to move, answers 503, takes no new sockets, and ends even with a hung client', async () => {
    const server = await startServer();
    const rep = await signIn(server, REP_TOKEN);
    await rep.next('welcome');
    await hungSocket(server);

    const stopped = server.close({ gracefulMs: 3_000 });
    expect((await rep.closed()).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
    // The hung socket keeps the server in its grace period: it answers, but as a stopping node.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false });
    await expect(SignalingClient.connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow(/503/);
    await stopped;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    servers.splice(servers.indexOf(server), 1);
  });
});
