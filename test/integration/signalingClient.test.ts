/**
 * The browser's SignalingClient against the real signaling server on port 0, with `ws` as its
 * WebSocket: hello and welcome, a refused token, reconnecting by itself, and closing.
 */
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import WebSocket from 'ws';
import { SignalingClient, type SignalingClientOptions, type WebSocketLike } from '../../client/core/SignalingClient.js';
import type { ProtocolError } from '../../protocol/errors.js';
import type { InstanceId } from '../../protocol/ids.js';
import type { ServerMessageOf, ServerToClient } from '../../protocol/signaling.js';
import { loadConfig } from '../../signaling/config.js';
import { startSignalingServer, type SignalingServer } from '../../signaling/createSignalingServer.js';

const REP_TOKEN = 'alice-token-0123456789';
/** A bound on waiting for the server, not a claim about speed. */
const WAIT_TIMEOUT_MS = 5_000;
/** Short back-off so a reconnect happens within the test. */
const TEST_RETRY_DELAY_MS = 50;

const servers: SignalingServer[] = [];
const clients: SignalingClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startServer(): Promise<SignalingServer> {
  const loaded = loadConfig({ REP_TOKEN: `Alice:${REP_TOKEN}` });
  if (!loaded.ok) throw new Error(loaded.error.join('; '));
  const server = await startSignalingServer({ ...loaded.value, port: 0, host: '127.0.0.1', clientDir: '' });
  servers.push(server);
  return server;
}

let instanceCounter = 0;

interface Harness {
  readonly client: SignalingClient;
  /** Every socket the client opened, in order. */
  readonly sockets: WebSocket[];
  readonly states: string[];
  readonly welcomes: ServerMessageOf<'welcome'>[];
  readonly messages: ServerToClient[];
  readonly fatals: ProtocolError[];
  readonly retryDelayMs: Mock<(attempt: number) => number | null>;
}

function signalingClient(
  server: SignalingServer,
  options: Partial<Pick<SignalingClientOptions, 'role' | 'token'>> & { retryDelayMs?: number } = {},
): Harness {
  const sockets: WebSocket[] = [];
  const retryDelayMs = vi.fn((_attempt: number): number | null => options.retryDelayMs ?? TEST_RETRY_DELAY_MS);
  const client = new SignalingClient({
    url: `ws://127.0.0.1:${server.port}/ws`,
    role: options.role ?? 'customer',
    instanceId: `it-client-${process.pid}-${++instanceCounter}` as InstanceId,
    ...(options.token !== undefined ? { token: options.token } : {}),
    createSocket: (url) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
    retryDelayMs,
  });
  clients.push(client);
  const harness: Harness = { client, sockets, states: [], welcomes: [], messages: [], fatals: [], retryDelayMs };
  client.on('state', (state) => harness.states.push(state));
  client.on('welcome', (welcome) => harness.welcomes.push(welcome));
  client.on('message', (message) => harness.messages.push(message));
  client.on('fatal', (error) => harness.fatals.push(error));
  return harness;
}

/** Resolves once `condition` holds, checking after every event loop turn; fails after the bound. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('SignalingClient', () => {
  it('is welcomed as the rep named by its token', async () => {
    const server = await startServer();
    const rep = signalingClient(server, { role: 'rep', token: REP_TOKEN });
    expect(rep.client.state).toBe('closed');
    rep.client.connect();
    expect(rep.client.state).toBe('connecting');
    await until(() => rep.welcomes.length === 1, 'welcome');

    expect(rep.client.state).toBe('open');
    expect(rep.states).toEqual(['connecting', 'open']);
    expect(rep.welcomes[0]).toMatchObject({ type: 'welcome', role: 'rep', repName: 'Alice' });
    expect(rep.fatals).toEqual([]);
  });

  it('sends messages only once welcomed, and hands the replies to message handlers', async () => {
    const server = await startServer();
    const rep = signalingClient(server, { role: 'rep', token: REP_TOKEN });
    expect(rep.client.send({ type: 'create-session', requestId: 1 })).toBe(false);
    rep.client.connect();
    await until(() => rep.welcomes.length === 1, 'welcome');

    expect(rep.client.send({ type: 'create-session', requestId: 2 })).toBe(true);
    await until(() => rep.messages.length > 0, 'a reply to create-session');
    expect(rep.messages[0]).toMatchObject({ type: 'session-created', requestId: 2 });
    expect(server.registry.stats().sessions).toBe(1);
  });

  it('welcomes a customer without a token and without a rep name', async () => {
    const server = await startServer();
    const customer = signalingClient(server);
    customer.client.connect();
    await until(() => customer.welcomes.length === 1, 'welcome');
    expect(customer.welcomes[0]).toMatchObject({ type: 'welcome', role: 'customer' });
    expect(customer.welcomes[0]).not.toHaveProperty('repName');
  });

  it('reports a wrong rep token as fatal and does not reconnect', async () => {
    const server = await startServer();
    const rep = signalingClient(server, { role: 'rep', token: 'not-the-token-0123456789' });
    rep.client.connect();
    await until(() => rep.client.state === 'closed', 'the client to stop');

    expect(rep.fatals).toEqual([{ code: 'UNAUTHORIZED' }]);
    expect(rep.welcomes).toEqual([]);
    expect(rep.states).toEqual(['connecting', 'closed']);
    // The socket closed with the client stopped: no retry was even scheduled.
    expect(rep.retryDelayMs).not.toHaveBeenCalled();
    expect(rep.sockets).toHaveLength(1);
  });

  it('reports a missing rep token as fatal', async () => {
    const server = await startServer();
    const rep = signalingClient(server, { role: 'rep' });
    rep.client.connect();
    await until(() => rep.client.state === 'closed', 'the client to stop');
    expect(rep.fatals).toEqual([{ code: 'UNAUTHORIZED' }]);
    expect(rep.sockets).toHaveLength(1);
  });

  it('reconnects by itself after the server closes its socket, and is welcomed again', async () => {
    const server = await startServer();
    const customer = signalingClient(server);
    customer.client.connect();
    await until(() => customer.welcomes.length === 1, 'the first welcome');

    server.registry.shutdown();
    await until(() => customer.welcomes.length === 2, 'the second welcome');

    expect(customer.client.state).toBe('open');
    expect(customer.states).toEqual(['connecting', 'open', 'connecting', 'open']);
    expect(customer.sockets).toHaveLength(2);
    expect(customer.retryDelayMs).toHaveBeenCalledExactlyOnceWith(0);
    expect(customer.fatals).toEqual([]);
    expect(server.registry.stats().connections).toBe(1);
  });

  it('starts its back-off again from the first attempt after a welcome', async () => {
    const server = await startServer();
    const customer = signalingClient(server);
    customer.client.connect();
    await until(() => customer.welcomes.length === 1, 'the first welcome');
    server.registry.shutdown();
    await until(() => customer.welcomes.length === 2, 'the second welcome');
    server.registry.shutdown();
    await until(() => customer.welcomes.length === 3, 'the third welcome');

    expect(customer.retryDelayMs.mock.calls).toEqual([[0], [0]]);
  });

  it('stops and stays closed after close()', async () => {
    const server = await startServer();
    const customer = signalingClient(server);
    customer.client.connect();
    await until(() => customer.welcomes.length === 1, 'welcome');

    customer.client.close();
    expect(customer.client.state).toBe('closed');
    await until(() => server.registry.stats().connections === 0, 'the server to see the socket go');

    expect(customer.states).toEqual(['connecting', 'open', 'closed']);
    expect(customer.retryDelayMs).not.toHaveBeenCalled();
    expect(customer.sockets).toHaveLength(1);
    expect(customer.client.send({ type: 'create-session', requestId: 3 })).toBe(false);
  });

  it('cancels a pending reconnect when closed during its back-off', async () => {
    const server = await startServer();
    const customer = signalingClient(server, { retryDelayMs: 20 });
    customer.client.connect();
    await until(() => customer.welcomes.length === 1, 'welcome');

    // Close as soon as the drop has scheduled its retry (the microtask runs after that).
    customer.client.on('state', (state) => {
      if (state === 'connecting') queueMicrotask(() => customer.client.close());
    });
    server.registry.shutdown();
    await until(() => customer.client.state === 'closed', 'the client to close');
    expect(customer.retryDelayMs).toHaveBeenCalledOnce();
    // A timer due after the cancelled 20 ms retry: Node fires timers in due order, so the retry
    // would have opened its socket before this resolves.
    await sleep(100);

    expect(customer.client.state).toBe('closed');
    expect(customer.sockets).toHaveLength(1);
    expect(customer.welcomes).toHaveLength(1);
    expect(server.registry.stats().connections).toBe(0);
  });
});
