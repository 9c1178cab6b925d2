/**
 * Idle connections held: N sockets each complete the server's own handshake and stay open
 * (kept alive as each product's client does); the server's memory after a full collection at
 * 0 (after a warm-up batch has come and gone) and at N gives the cost of one connection.
 */
import { withTimeout } from '../withTimeout.js';
import type { IdleConnection } from './LoadDriver.js';
import { runPool } from './runPool.js';
import type { ServerUnderTest } from './serversUnderTest.js';
import type { IdleFigures } from './SignalingLoadFigures.js';

/** Sockets opening at once. */
export const IDLE_OPEN_CONCURRENCY = 200;
/**
 * Opened and closed first, so the server's code is warm at "0". Few: memory they leave
 * allocated but free is reused by the next N and would hide that much of their cost.
 */
const WARMUP_CONNECTIONS = 200;
/** Time for the server to finish with closed sockets, and with new ones before measuring. */
const SETTLE_MS = 1_000;
const CLOSE_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function openMany(server: ServerUnderTest, count: number, offset: number) {
  return runPool(count, IDLE_OPEN_CONCURRENCY, (index) => server.driver.openIdle(server.endpoints[0], offset + index));
}

async function closeAll(connections: readonly IdleConnection[]): Promise<void> {
  for (const connection of connections) connection.close();
  await withTimeout(Promise.all(connections.map((c) => c.closed())), CLOSE_TIMEOUT_MS, 'closing idle connections');
}

export async function measureIdle(server: ServerUnderTest, count: number): Promise<IdleFigures> {
  if (server.processes.length !== 1) throw new Error('idle memory is measured on a single process');
  const child = server.processes[0]!;
  const warmup = await openMany(server, Math.min(WARMUP_CONNECTIONS, count), 0);
  await closeAll(warmup.results);
  if (warmup.failed > 0) throw new Error(`warm-up: ${warmup.failed} connections failed (${warmup.failures[0]})`);
  await sleep(SETTLE_MS);
  const before = await child.memory();
  const opened = await openMany(server, count, WARMUP_CONNECTIONS);
  try {
    await sleep(SETTLE_MS);
    if (!child.running) throw new Error(`${server.label} exited holding ${opened.results.length} connections: ${child.tail()}`);
    const after = await child.memory();
    const held = opened.results.length;
    return {
      requested: count,
      held,
      failed: opened.failed,
      failures: opened.failures,
      openSeconds: round(opened.seconds, 2),
      rssBeforeBytes: before.rssBytes,
      rssAfterBytes: after.rssBytes,
      heapUsedBeforeBytes: before.heapUsedBytes,
      heapUsedAfterBytes: after.heapUsedBytes,
      rssPerConnectionBytes: held > 0 ? Math.round((after.rssBytes - before.rssBytes) / held) : Number.NaN,
      heapPerConnectionBytes: held > 0 ? Math.round((after.heapUsedBytes - before.heapUsedBytes) / held) : Number.NaN,
    };
  } finally {
    await closeAll(opened.results);
    await sleep(SETTLE_MS);
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
