/**
 * The signaling load phase: starts every server under test in its own process, then measures
 * idle connections held (one server at a time), pairings per second (rounds interleaved across
 * the servers, so drift in the machine's load hits all alike) and relay latency at a steady
 * rate. Every server and socket is closed before it returns, also on error.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { errorText } from '../errorText.js';
import { percentile, summarize } from '../stats.js';
import { measureIdle } from './measureIdle.js';
import { measurePairings, type PairingRun } from './measurePairings.js';
import { RelayRun } from './RelayRun.js';
import { SERVER_SPECS, type ServerUnderTest } from './serversUnderTest.js';
import type { IdleFigures, PairingFigures, RelayFigures, ServerLoadFigures, SignalingLoadFigures, SignalingLoadOptions } from './SignalingLoadFigures.js';

/** File descriptors the bench process needs beyond the idle sockets. */
const SPARE_FILES = 500;
/** The counted relay time is split into this many windows per server, interleaved. */
const RELAY_WINDOWS = 5;
/** Each server's first relay window, not counted. */
const RELAY_WARMUP_SECONDS = 1;

/** The soft open-file limit of this process (the load generator holds every client socket). */
export function openFileLimit(): number | null {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!match) return null;
    return match[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(match[1]);
  } catch {
    return null;
  }
}

/** Listen-queue overflows on the whole machine so far (TcpExt ListenOverflows), or null. */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
    const names = lines[0]?.split(/\s+/) ?? [];
    const values = lines[1]?.split(/\s+/) ?? [];
    const index = names.indexOf('ListenOverflows');
    return index > 0 && values[index] !== undefined ? Number(values[index]) : null;
  } catch {
    return null;
  }
}

const median = (values: readonly number[]) => percentile([...values].sort((a, b) => a - b), 50);
const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

interface Entry {
  readonly server: ServerUnderTest;
  idle: IdleFigures | null;
  readonly pairingRuns: PairingRun[];
  readonly signedInRepRuns: PairingRun[];
  relay: RelayFigures | null;
  readonly errors: string[];
}

function pairingFigures(runs: readonly PairingRun[], concurrency: number): PairingFigures | null {
  if (runs.length === 0) return null;
  return {
    concurrency,
    rounds: runs.map((r) => r.round),
    medianPerSecond: median(runs.map((r) => r.round.perSecond)),
    medianServerCpuMsPerPairing: median(runs.map((r) => r.round.serverCpuMsPerPairing)),
    latency: summarize(runs.flatMap((r) => r.durationsMs)),
    failures: [...new Set(runs.flatMap((r) => r.failures))].slice(0, 5),
  };
}

/**
 * Relay windows interleaved across the servers (each round starts with the next one), so a
 * burst of load from elsewhere on the machine lands on all of them alike.
 */
async function measureRelays(entries: readonly Entry[], options: SignalingLoadOptions, log: (line: string) => void): Promise<void> {
  const windows = Math.min(RELAY_WINDOWS, options.relaySeconds);
  const windowSeconds = options.relaySeconds / windows;
  log(`  relay: ${options.relayRate} messages/s over ${options.relaySessions} pairs, ${windows} windows of ${windowSeconds} s per server, interleaved…`);
  const runs = new Map<Entry, RelayRun>();
  try {
    for (const entry of entries) {
      try {
        const run = await RelayRun.open(entry.server, options.relaySessions);
        runs.set(entry, run);
        await run.window(options.relayRate, RELAY_WARMUP_SECONDS, false);
      } catch (error) {
        entry.errors.push(`relay: ${errorText(error)}`);
      }
    }
    const running = entries.filter((entry) => runs.has(entry));
    for (let round = 0; round < windows; round++) {
      for (let i = 0; i < running.length; i++) {
        const entry = running[(i + round) % running.length]!;
        await runs.get(entry)!.window(options.relayRate, windowSeconds, true);
      }
    }
    for (const entry of running) {
      entry.relay = runs.get(entry)!.figures(options.relayRate, options.relaySessions);
      const r = entry.relay;
      log(`    ${entry.server.label}: p50 ${r.latency.medianMs} ms, p99 ${r.latency.p99Ms} ms (windows: ${r.windowP99sMs.join(' / ')}), max ${r.latency.maxMs} ms; ${r.received} of ${r.sent} arrived; server CPU ${r.serverCpuPercent} %`);
    }
  } finally {
    await Promise.all([...runs.values()].map((run) => run.close()));
  }
}

export async function measureSignalingLoad(options: SignalingLoadOptions, log: (line: string) => void): Promise<SignalingLoadFigures> {
  const started = performance.now();
  const loadAverageBefore = loadAverage();
  const overflowsBefore = listenOverflows();
  const errors: string[] = [];
  const limit = openFileLimit();
  const connections = limit === null ? options.connections : Math.min(options.connections, Math.max(0, limit - SPARE_FILES));
  if (connections < options.connections) {
    errors.push(`idle connections limited to ${connections} by this process's open-file limit (ulimit -n ${limit})`);
  }
  const entries: Entry[] = [];
  const skipped: string[] = [];
  const specs = SERVER_SPECS.filter((spec) => {
    if (!options.servers.includes(spec.id)) return false;
    const reason = spec.unavailable();
    if (reason !== null) skipped.push(`${spec.label}: ${reason}`);
    return reason === null;
  });
  try {
    for (const spec of specs) {
      try {
        entries.push({ server: await spec.start(connections), idle: null, pairingRuns: [], signedInRepRuns: [], relay: null, errors: [] });
      } catch (error) {
        errors.push(`${spec.label} did not start: ${errorText(error)}`);
      }
    }

    for (const entry of entries.filter((e) => e.server.measuresIdle)) {
      log(`  idle: ${connections} connections to ${entry.server.label}…`);
      try {
        entry.idle = await measureIdle(entry.server, connections);
        const idle = entry.idle;
        log(`    held ${idle.held} (${idle.failed} failed) in ${idle.openSeconds} s; ${(idle.rssPerConnectionBytes / 1024).toFixed(1)} KiB RSS, ${(idle.heapPerConnectionBytes / 1024).toFixed(1)} KiB heap per connection`);
      } catch (error) {
        entry.errors.push(`idle: ${errorText(error)}`);
        log(`    failed: ${errorText(error)}`);
      }
    }

    const rounds = options.pairingWarmup > 0 ? options.pairingRounds + 1 : options.pairingRounds;
    for (let round = 0; round < rounds; round++) {
      const warmup = options.pairingWarmup > 0 && round === 0;
      const count = warmup ? options.pairingWarmup : options.pairings;
      // Each round starts with the next server, so drift in the machine's load favours none.
      const order = entries.map((_, i) => entries[(i + round) % entries.length]!);
      for (const entry of order) {
        try {
          const run = await measurePairings(entry.server, count, options.concurrency, round * 1_000_000);
          if (!warmup) entry.pairingRuns.push(run);
          log(`  pairings ${warmup ? 'warm-up' : `round ${round + (options.pairingWarmup > 0 ? 0 : 1)}/${options.pairingRounds}`}, ${entry.server.label}: ${run.round.perSecond}/s (${run.round.completed} of ${count}, ${run.round.serverCpuMsPerPairing} ms server CPU each)`);
          if (run.round.failed > 0) log(`    ${run.round.failed} failed: ${run.failures[0]}`);
          // Ours on one node also with the rep signed in, as a rep works (two nodes: fresh only, for time).
          if (entry.server.id === 'ours' && entry.server.driver.pairWithSignedInRep) {
            const signedIn = await measurePairings(entry.server, count, options.concurrency, round * 1_000_000 + 500_000, 'signed-in');
            if (!warmup) entry.signedInRepRuns.push(signedIn);
            log(`    with the rep signed in: ${signedIn.round.perSecond}/s (${signedIn.round.completed} of ${count}, ${signedIn.round.serverCpuMsPerPairing} ms server CPU each)`);
            if (signedIn.round.failed > 0) log(`    ${signedIn.round.failed} failed: ${signedIn.failures[0]}`);
          }
        } catch (error) {
          entry.errors.push(`pairing: ${errorText(error)}`);
        }
      }
    }

    await measureRelays(entries, options, log);
  } catch (error) {
    errors.push(errorText(error));
  } finally {
    await Promise.all(entries.map((entry) => entry.server.stop().catch((error: unknown) => errors.push(`stopping ${entry.server.label}: ${errorText(error)}`))));
  }

  return {
    options,
    openFileLimit: limit === Number.POSITIVE_INFINITY ? null : limit,
    connectionsTried: connections,
    loadAverageBefore,
    loadAverageAfter: loadAverage(),
    listenOverflows: overflowsBefore === null ? null : (listenOverflows() ?? overflowsBefore) - overflowsBefore,
    seconds: Math.round((performance.now() - started) / 1000),
    skipped,
    servers: entries.map(
      (entry): ServerLoadFigures => ({
        id: entry.server.id,
        label: entry.server.label,
        settings: entry.server.settings,
        measuresIdle: entry.server.measuresIdle,
        idle: entry.idle,
        pairing: pairingFigures(entry.pairingRuns, options.concurrency),
        pairingSignedInRep: pairingFigures(entry.signedInRepRuns, options.concurrency),
        relay: entry.relay,
        errors: entry.errors,
      }),
    ),
    errors,
  };
}
