/** What the signaling load test measured, per server under test; written to the results JSON. */
import type { LatencySummary } from '../stats.js';
import type { ServerId } from './serversUnderTest.js';

export interface IdleFigures {
  readonly requested: number;
  readonly held: number;
  readonly failed: number;
  /** The first few failures, for diagnosis. */
  readonly failures: readonly string[];
  /** Wall time to open and hand-shake all of them, `concurrency` at a time. */
  readonly openSeconds: number;
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
  readonly heapUsedBeforeBytes: number;
  readonly heapUsedAfterBytes: number;
  /** (RSS at N − RSS at 0) ÷ N, both after a full collection. */
  readonly rssPerConnectionBytes: number;
  readonly heapPerConnectionBytes: number;
}

export interface PairingRound {
  readonly requested: number;
  readonly completed: number;
  readonly failed: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Server CPU time (user + system) during the round ÷ pairings completed. */
  readonly serverCpuMsPerPairing: number;
}

export interface PairingFigures {
  readonly concurrency: number;
  readonly rounds: readonly PairingRound[];
  readonly medianPerSecond: number;
  readonly medianServerCpuMsPerPairing: number;
  /** One pairing, from opening both sockets to the count, over every counted round. */
  readonly latency: LatencySummary;
  readonly failures: readonly string[];
}

export interface RelayFigures {
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly sessions: number;
  /** Messages sent in the counted window, and how many of them arrived. */
  readonly sent: number;
  readonly received: number;
  /** Achieved send rate in the counted window (timers on a loaded machine can fall behind). */
  readonly achievedPerSecond: number;
  readonly latency: LatencySummary;
  /** p99 of each counted window alone, in the order run, and their median (steadier on a shared machine). */
  readonly windowP99sMs: readonly number[];
  readonly medianWindowP99Ms: number;
  /** Server CPU time during the counted window ÷ its length, in percent of one core. */
  readonly serverCpuPercent: number;
  readonly errors: readonly string[];
}

export interface ServerLoadFigures {
  readonly id: ServerId;
  readonly label: string;
  readonly settings: string;
  /** False for several nodes: idle memory is measured on one process. */
  readonly measuresIdle: boolean;
  readonly idle: IdleFigures | null;
  readonly pairing: PairingFigures | null;
  /** Ours only: the same pairings with the rep's console already signed in (one fresh socket each). */
  readonly pairingSignedInRep: PairingFigures | null;
  readonly relay: RelayFigures | null;
  readonly errors: readonly string[];
}

export interface SignalingLoadOptions {
  readonly connections: number;
  readonly pairings: number;
  readonly pairingRounds: number;
  readonly pairingWarmup: number;
  readonly concurrency: number;
  readonly relayRate: number;
  readonly relaySeconds: number;
  readonly relaySessions: number;
  readonly servers: readonly ServerId[];
}

export const DEFAULT_SIGNALING_LOAD_OPTIONS: SignalingLoadOptions = {
  connections: 10_000,
  pairings: 1_000,
  pairingRounds: 3,
  pairingWarmup: 100,
  concurrency: 50,
  relayRate: 1_000,
  relaySeconds: 10,
  relaySessions: 20,
  servers: ['ours', 'peer', 'y-webrtc', 'ours-redis'],
};

export interface SignalingLoadFigures {
  readonly options: SignalingLoadOptions;
  /** The bench process's open-file limit, and the idle count actually tried if it was lower. */
  readonly openFileLimit: number | null;
  readonly connectionsTried: number;
  /** 1, 5, 15-minute load averages before and after: the machine is shared. */
  readonly loadAverageBefore: readonly number[];
  readonly loadAverageAfter: readonly number[];
  /** Listen-queue overflows on the whole machine during the run: each dropped SYN costs its connection a 1 s retry. */
  readonly listenOverflows: number | null;
  readonly seconds: number;
  readonly servers: readonly ServerLoadFigures[];
  /** Servers asked for that cannot run here (say, no redis-server), with why. */
  readonly skipped: readonly string[];
  readonly errors: readonly string[];
}
