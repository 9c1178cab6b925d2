/**
 * Pairings per second: `count` pairings from fresh sockets, `concurrency` in flight, side a on
 * the first endpoint and side b on the second; each counted when side b hears of side a.
 */
import { runPool } from './runPool.js';
import type { ServerUnderTest } from './serversUnderTest.js';
import type { PairingRound } from './SignalingLoadFigures.js';

export interface PairingRun {
  readonly round: PairingRound;
  readonly durationsMs: readonly number[];
  readonly failures: readonly string[];
}

const cpuMsOf = (server: ServerUnderTest) => server.processes.reduce((sum, p) => sum + p.cpuMs(), 0);

/**
 * `fresh`: both sides open new sockets; `signed-in`: the rep's console is already signed in
 * (ours only). `offset` keeps ids unique across rounds.
 */
export async function measurePairings(server: ServerUnderTest, count: number, concurrency: number, offset: number, rep: 'fresh' | 'signed-in' = 'fresh'): Promise<PairingRun> {
  const [a, b] = server.endpoints;
  const driver = server.driver;
  const pair =
    rep === 'signed-in' && driver.pairWithSignedInRep
      ? (index: number, worker: number) => driver.pairWithSignedInRep!(a, b, offset + index, worker)
      : (index: number) => driver.pairOnce(a, b, offset + index);
  const cpuBefore = cpuMsOf(server);
  const run = await runPool(count, concurrency, pair);
  const cpuMs = cpuMsOf(server) - cpuBefore;
  const completed = run.durationsMs.length;
  return {
    round: {
      requested: count,
      completed,
      failed: run.failed,
      seconds: Math.round(run.seconds * 1000) / 1000,
      perSecond: Math.round(completed / run.seconds),
      serverCpuMsPerPairing: completed > 0 ? Math.round((cpuMs / completed) * 1000) / 1000 : Number.NaN,
    },
    durationsMs: run.durationsMs,
    failures: run.failures,
  };
}
