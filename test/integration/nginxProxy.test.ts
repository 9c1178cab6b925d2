/**
 * The documented reverse proxy, for real: `docs/deploy/nginx.conf` runs in Debian's nginx on
 * loopback ports in front of the server (TRUST_PROXY=1), with a certificate made here by
 * openssl: https pages, the WebSocket upgrade on /ws, /metrics closed, and X-Forwarded-For
 * that a client cannot use to pass for someone else.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../signaling/config.js';
import { startSignalingServer, type SignalingServer } from '../../signaling/createSignalingServer.js';
import { SILENT_LOGGER } from '../../signaling/log.js';
import { SignalingClient } from './support/signalingClient.js';

const ROOT = resolve(import.meta.dirname, '../..');
const REP_TOKEN = 'alice-token-0123456789';
/** A bound on waiting for nginx to listen, not a claim about speed. */
const NGINX_START_TIMEOUT_MS = 10_000;

let dir = '';
let ca: Buffer;
let server: SignalingServer;
let nginx: ChildProcess;
let nginxLog = '';
let httpsPort = 0;
const clients: SignalingClient[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

/** The documented site with loopback ports and the test certificate; fails if the file changed shape. */
function siteFor(text: string, ports: { upstream: number; http: number; https: number }, cert: string, key: string): string {
  const replacements: [RegExp, string][] = [
    [/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${ports.upstream};`],
    [/listen 80;/, `listen 127.0.0.1:${ports.http};`],
    [/ *listen \[::\]:80;\n/, ''],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`],
    [/ *listen \[::\]:443 ssl http2;\n/, ''],
    [/ssl_certificate +\S+;/, `ssl_certificate ${cert};`],
    [/ssl_certificate_key +\S+;/, `ssl_certificate_key ${key};`],
  ];
  let site = text;
  for (const [pattern, replacement] of replacements) {
    if (!pattern.test(site)) throw new Error(`docs/deploy/nginx.conf no longer has ${pattern}`);
    site = site.replace(pattern, replacement);
  }
  return site;
}

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolveResponse, reject) => {
    const req = httpsRequest(`https://127.0.0.1:${httpsPort}${path}`, { ca, headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += String(chunk)));
      res.on('end', () => resolveResponse({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function connect(headers: Record<string, string> = {}, localAddress = '127.0.0.1'): Promise<SignalingClient> {
  const client = await SignalingClient.connect(`wss://127.0.0.1:${httpsPort}/ws`, { ca, headers, localAddress });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nginx-proxy-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  ca = await readFile(cert);

  const loaded = loadConfig({
    REP_TOKEN: `Alice:${REP_TOKEN}`,
    REPS_FILE: join(dir, 'reps.json'),
    TRUST_PROXY: '1',
    // One socket per client address: a second one shows which address the server saw.
    MAX_CONNECTIONS_PER_ADDRESS: '1',
  });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  server = await startSignalingServer({ ...loaded.value, port: 0, host: '127.0.0.1', clientDir: '' }, { log: SILENT_LOGGER });

  httpsPort = await freePort();
  const site = siteFor(await readFile(join(ROOT, 'docs/deploy/nginx.conf'), 'utf8'), { upstream: server.port, http: await freePort(), https: httpsPort }, cert, key);
  const temp = (name: string) => `${name} ${join(dir, name)};`;
  await writeFile(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'master_process off;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${join(dir, 'access.log')};`,
      `  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}`,
      site,
      '}',
    ].join('\n'),
  );
  nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout!.on('data', (chunk) => (nginxLog += String(chunk)));
  nginx.stderr!.on('data', (chunk) => (nginxLog += String(chunk)));
  // Listening once the health check goes through (bounded).
  const started = Date.now();
  for (;;) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
    const ok = await get('/healthz').then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > NGINX_START_TIMEOUT_MS) throw new Error(`nginx did not start: ${nginxLog}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 30_000);

afterAll(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGTERM');
    await gone;
  }
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('docs/deploy/nginx.conf in front of the server', () => {
  it('serves /healthz over https and keeps /metrics closed', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    expect((await get('/metrics')).status).toBe(403);
  });

  it('upgrades /ws to a WebSocket, tells clients apart by their real address, and ignores a spoofed X-Forwarded-For', async () => {
    const rep = await connect({ 'X-Forwarded-For': '203.0.113.9' });
    rep.hello('rep', REP_TOKEN);
    expect(await rep.next('welcome')).toMatchObject({ role: 'rep', repName: 'Alice' });
    // Another "address" named by the client: the server takes nginx's last entry (127.0.0.1),
    // which already holds its one socket.
    const second = await connect({ 'X-Forwarded-For': '198.51.100.7' });
    expect((await second.next('error')).code).toBe('TOO_MANY_CONNECTIONS');
    // A client that really comes from another address gets its own allowance.
    const other = await connect({}, '127.0.0.2');
    other.hello('customer');
    expect(await other.next('welcome')).toMatchObject({ role: 'customer' });
  });
});
