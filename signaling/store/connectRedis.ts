/**
 * Connects a node to Redis: a `RedisStore` for state and a `RedisRelay` for messages to
 * sockets on other nodes (one pub/sub channel per node). Redis going away never crashes the
 * node: commands fail fast (the registry answers STORE_UNAVAILABLE), both connections keep
 * reconnecting with back-off, and `healthy()` says which it is.
 */
import { createClient, type RedisClientType } from 'redis';
import { REDIS_RECONNECT_MAX_MS, REDIS_RECONNECT_STEP_MS, REDIS_START_WAIT_MS } from './constants.js';
import { RedisRelay, type Report } from './RedisRelay.js';
import { RedisStore, type RedisStoreOptions } from './RedisStore.js';

export interface RedisBackendOptions extends Omit<RedisStoreOptions, 'prefix'> {
  readonly url: string;
  readonly prefix: string;
  readonly nodeId: string;
  /** Where problems are reported (never with keys, codes or message content). */
  readonly report?: Report;
}

export interface RedisBackend {
  readonly store: RedisStore;
  readonly relay: RedisRelay;
  healthy(): boolean;
  /** Called when Redis is back after being unreachable (seats may have expired meanwhile). */
  onRecovered(handler: () => void): void;
  close(): Promise<void>;
}

export async function connectRedis(options: RedisBackendOptions): Promise<RedisBackend> {
  const report = options.report ?? ((event, fields) => console.error(JSON.stringify({ event, ...fields })));
  const client = createClient({
    url: options.url,
    // While Redis is away, fail at once (the client hears STORE_UNAVAILABLE) rather than queue.
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min((retries + 1) * REDIS_RECONNECT_STEP_MS, REDIS_RECONNECT_MAX_MS) },
  }) as RedisClientType;
  const subscriber = client.duplicate() as RedisClientType;
  let wasReady = false;
  let lost = false;
  let recovered: () => void = () => {};
  for (const [name, c] of [['store', client], ['relay', subscriber]] as const) {
    // Without an error listener node-redis would throw; the reconnect strategy keeps trying.
    c.on('error', (error: unknown) => {
      if (!wasReady) return;
      if (!lost) report('redis-error', { connection: name, error: error instanceof Error ? error.name : typeof error });
      lost = true;
    });
    c.on('ready', () => {
      if (!lost || !client.isReady || !subscriber.isReady) return;
      lost = false;
      report('redis-recovered', {});
      recovered();
    });
  }
  const store = new RedisStore(client, options);
  const relay = new RedisRelay(options.nodeId, client, options.prefix, report);
  const ready = Promise.all([
    client.connect(),
    subscriber.connect().then(() => subscriber.subscribe(relay.channelOf(options.nodeId), (message) => relay.receive(message))),
  ]).then(() => {
    wasReady = true;
  });
  ready.catch(() => {});
  // Serve even when Redis is not up yet: the node says STORE_UNAVAILABLE until it is.
  const waited = await Promise.race([
    ready.then(() => true, () => false),
    new Promise<boolean>((r) => setTimeout(() => r(false), REDIS_START_WAIT_MS).unref()),
  ]);
  wasReady = true;
  if (!waited) report('redis-unavailable-at-start', {});
  return {
    store,
    relay,
    healthy: () => client.isReady && subscriber.isReady,
    onRecovered: (handler) => {
      recovered = handler;
    },
    close: async () => {
      for (const c of [subscriber, client]) if (c.isOpen) await c.close().catch(() => {});
    },
  };
}
