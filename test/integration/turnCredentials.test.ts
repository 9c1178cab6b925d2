/**
 * Issue 7, TURN: the real server on a port hands each participant its own short-lived TURN
 * credentials, never the secret, and renews them on `refresh-ice`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IceServer, ServerMessageOf } from '../../protocol/signaling.js';
import { loadConfig } from '../../signaling/config.js';
import { startSignalingServer, type SignalingServer } from '../../signaling/createSignalingServer.js';
import { turnPassword } from '../../signaling/turnCredentials.js';
import { SignalingClient } from './support/signalingClient.js';

const REP_TOKEN = 'alice-token-0123456789';
const TURN_SECRET = 'integration-turn-secret-0123456789';
const TURN_URL = 'turn:turn.example.org:3478?transport=udp';
const STUN = { urls: 'stun:stun.example.org:3478' };
const CAROL = { name: 'Carol', query: 'Behind a corporate firewall', os: 'Windows 11', browser: 'Edge 140' };

const servers: SignalingServer[] = [];
const clients: SignalingClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(env: Record<string, string> = {}): Promise<SignalingServer> {
  const loaded = loadConfig({
    REP_TOKEN: `Alice:${REP_TOKEN}`,
    ICE_SERVERS: JSON.stringify([STUN]),
    TURN_URLS: TURN_URL,
    TURN_SECRET,
    ICE_TRANSPORT_POLICY: 'relay',
    ...env,
  });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  const server = await startSignalingServer({ ...loaded.value, port: 0, host: '127.0.0.1', clientDir: '' });
  servers.push(server);
  return server;
}

async function connect(server: SignalingServer): Promise<SignalingClient> {
  const client = await SignalingClient.connect(`ws://127.0.0.1:${server.port}/ws`);
  clients.push(client);
  return client;
}

async function welcomedRep(server: SignalingServer): Promise<{ rep: SignalingClient; welcome: ServerMessageOf<'welcome'> }> {
  const rep = await connect(server);
  rep.hello('rep', REP_TOKEN);
  return { rep, welcome: await rep.next('welcome') };
}

/** The TURN entry of a list, checked to be a valid REST API credential for the test secret. */
function turnEntry(iceServers: readonly IceServer[], expiresAt: number | undefined): { username: string; credential: string } {
  const entry = iceServers.find((server) => [server.urls].flat().some((url) => url.startsWith('turn:')));
  expect(entry).toBeDefined();
  expect(entry!.urls).toEqual([TURN_URL]);
  const { username, credential } = entry as { username: string; credential: string };
  expect(username).toMatch(/^\d{10}:[A-Za-z0-9_-]{16}$/);
  expect(Number(username.split(':')[0]) * 1000).toBe(expiresAt);
  expect(credential).toBe(turnPassword(TURN_SECRET, username));
  return { username, credential };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TURN credentials over the signaling socket', () => {
  it('gives each rep socket its own credentials in welcome, with the policy, and never the secret', async () => {
    const server = await startServer();
    const first = await welcomedRep(server);
    const second = await welcomedRep(server);
    for (const { welcome } of [first, second]) {
      expect(welcome.iceTransportPolicy).toBe('relay');
      expect(welcome.iceServers[0]).toEqual(STUN);
      expect(welcome.iceExpiresAt).toBeGreaterThan(Date.now());
    }
    const a = turnEntry(first.welcome.iceServers, first.welcome.iceExpiresAt);
    const b = turnEntry(second.welcome.iceServers, second.welcome.iceExpiresAt);
    expect(a.username).not.toBe(b.username);
    expect(a.credential).not.toBe(b.credential);
    for (const client of [first.rep, second.rep]) {
      const everything = JSON.stringify(client.messages);
      expect(everything).not.toContain(TURN_SECRET);
      expect(everything).not.toContain('Alice:');
    }
  });

  it('renews them on refresh-ice with a later expiry', async () => {
    const server = await startServer({ TURN_CREDENTIAL_TTL_SECONDS: '120' });
    const { rep, welcome } = await welcomedRep(server);
    const before = turnEntry(welcome.iceServers, welcome.iceExpiresAt);
    // Usernames carry whole seconds: let one pass so the expiry must move.
    await sleep(1_100);
    rep.send({ type: 'refresh-ice' });
    const renewed = await rep.next('ice-servers');
    const after = turnEntry(renewed.iceServers, renewed.iceExpiresAt);
    expect(renewed.iceExpiresAt).toBeGreaterThan(welcome.iceExpiresAt!);
    expect(renewed.iceExpiresAt! - Date.now()).toBeLessThanOrEqual(120_000);
    expect(after.username).not.toBe(before.username);
    expect(JSON.stringify(renewed)).not.toContain(TURN_SECRET);
  });

  it('gives a customer credentials only once it is in a session', async () => {
    const server = await startServer();
    const { rep } = await welcomedRep(server);
    rep.send({ type: 'create-session', requestId: 1 });
    const created = await rep.next('session-created');

    const customer = await connect(server);
    customer.hello('customer');
    const welcome = await customer.next('welcome');
    expect(welcome.iceServers).toEqual([STUN]);
    expect(welcome.iceExpiresAt).toBeUndefined();
    expect(welcome.iceTransportPolicy).toBe('relay');
    // Asking before joining gets the static servers only: no open relay for anonymous sockets.
    customer.send({ type: 'refresh-ice' });
    expect(await customer.next('ice-servers')).toEqual({ type: 'ice-servers', iceServers: [STUN] });

    customer.send({ type: 'join', code: created.code, customer: CAROL });
    await customer.next('joined');
    const granted = await customer.next('ice-servers');
    const customerTurn = turnEntry(granted.iceServers, granted.iceExpiresAt);
    // Before peer-present, so they are there when the rep's offer comes.
    await customer.next('peer-present');
    const types = customer.messages.map((message) => message.type);
    expect(types.indexOf('ice-servers', types.indexOf('joined'))).toBeLessThan(types.indexOf('peer-present'));
    customer.send({ type: 'refresh-ice' });
    const renewed = await customer.next('ice-servers');
    expect(turnEntry(renewed.iceServers, renewed.iceExpiresAt).username).not.toBe(customerTurn.username);
    expect(JSON.stringify(customer.messages)).not.toContain(TURN_SECRET);
  });

  it('sends the static servers and no expiry when TURN is not configured', async () => {
    const server = await startServer({ TURN_URLS: '', TURN_SECRET: '', ICE_TRANSPORT_POLICY: '' });
    const { rep, welcome } = await welcomedRep(server);
    expect(welcome).toMatchObject({ iceServers: [STUN], iceTransportPolicy: 'all' });
    expect(welcome.iceExpiresAt).toBeUndefined();
    rep.send({ type: 'refresh-ice' });
    expect(await rep.next('ice-servers')).toEqual({ type: 'ice-servers', iceServers: [STUN] });
  });

  it('refuses refresh-ice before hello', async () => {
    const server = await startServer();
    const client = await connect(server);
    client.send({ type: 'refresh-ice' });
    expect((await client.next('error')).code).toBe('OUT_OF_ORDER');
  });
});
