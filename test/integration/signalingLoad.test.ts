/**
 * The signaling load generator against the real servers it measures, each in its own process,
 * at a tiny scale: every handshake, pairing and relayed message of each product's protocol
 * must go through with every frame valid, so the benchmark cannot quietly measure failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OursDriver } from '../../bench/signalingLoad/OursDriver.js';
import { RelayRun } from '../../bench/signalingLoad/RelayRun.js';
import { SERVER_IDS, SERVER_SPECS, type ServerUnderTest } from '../../bench/signalingLoad/serversUnderTest.js';

/** Starting tsx servers on a loaded 2-core machine takes a while: a bound, not a claim. */
const TEST_TIMEOUT_MS = 90_000;
const running: ServerUnderTest[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

async function start(id: string): Promise<ServerUnderTest> {
  const spec = SERVER_SPECS.find((s) => s.id === id)!;
  const server = await spec.start(10);
  running.push(server);
  return server;
}

describe('signaling load generator', () => {
  it.each(SERVER_IDS)(
    '%s: holds idle connections, pairs fresh sockets and relays every message',
    async (id) => {
      const server = await start(id);
      const [a, b] = server.endpoints;

      const idle = await Promise.all(Array.from({ length: 5 }, (_, i) => server.driver.openIdle(a, i)));
      for (const child of server.processes) {
        const memory = await child.memory();
        expect(memory.collected).toBe(true);
        expect(memory.rssBytes).toBeGreaterThan(memory.heapUsedBytes);
      }
      for (const connection of idle) connection.close();
      await Promise.all(idle.map((connection) => connection.closed()));

      for (let i = 0; i < 3; i++) await server.driver.pairOnce(a, b, 100 + i);
      // Ours also pairs with the rep's console kept signed in (two sockets per slot, in turn).
      if (server.driver.pairWithSignedInRep) for (let i = 0; i < 3; i++) await server.driver.pairWithSignedInRep(a, b, 200 + i, 0);

      const relay = await RelayRun.open(server, 2);
      try {
        await relay.window(200, 0.5, true);
        const figures = relay.figures(200, 2);
        expect(figures.sent).toBe(100);
        expect(figures.received).toBe(100);
        expect(figures.errors).toEqual([]);
        expect(figures.latency.maxMs).toBeGreaterThan(0);
      } finally {
        await relay.close();
      }
      expect(server.processes.every((child) => child.cpuMs() > 0)).toBe(true);
      expect(server.processes.every((child) => child.running)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails a pairing when our server answers with an error frame',
    async () => {
      const server = await start('ours');
      const intruder = new OursDriver('not-the-bench-token-0123456789');
      await expect(intruder.pairOnce(server.endpoints[0], server.endpoints[1], 1)).rejects.toThrow(/UNAUTHORIZED/);
    },
    TEST_TIMEOUT_MS,
  );
});
