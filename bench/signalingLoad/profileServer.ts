/**
 * Where a signaling server spends its CPU and heap, for looking into the load figures (not part
 * of the bench): `npx tsx bench/signalingLoad/profileServer.ts [--server ours] [--phase pairing]`.
 * Starts the server as the load test does, runs one phase while its CPU profiler records (or,
 * for `idle`, snapshots its heap at 0 and N connections), writes the profile or snapshots to
 * `--out` and prints what costs most: functions and files by self time a pairing, or heap
 * objects added a connection by constructor.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { errorText } from '../errorText.js';
import { measurePairings } from './measurePairings.js';
import { RelayRun } from './RelayRun.js';
import { runPool } from './runPool.js';
import { SERVER_SPECS, type ServerUnderTest } from './serversUnderTest.js';

const USAGE = `Options (defaults in brackets):
  --server ID    ours, peer, y-webrtc or ws (bare ws, the floor) [ours]
  --phase NAME   pairing (fresh sockets), signed-in (ours: rep already signed in), relay, idle [pairing]
  --count N      pairings, relay seconds at 1,000 messages a second, or idle connections [2000 / 10 / 3000]
  --out DIR      where .cpuprofile and .heapsnapshot files go [bench/results/profile]
  --top N        rows printed per table [25]
  --heap         idle: also snapshot the heap at 0 and N connections and print what was added
                 (writing a snapshot inflates RSS: the RSS figure is only right without it)`;

const PHASES = ['pairing', 'signed-in', 'relay', 'idle'] as const;
type Phase = (typeof PHASES)[number];
const DEFAULT_COUNTS: Record<Phase, number> = { pairing: 2000, 'signed-in': 2000, relay: 10, idle: 3000 };
const WARMUP_PAIRINGS = 200;
const CONCURRENCY = 50;
const RELAY_RATE = 1000;
const RELAY_PAIRS = 20;
const SETTLE_MS = 1_000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// ---------------------------------------------------------------- CPU profiles

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Shortens a script URL to what tells it apart: the project file, the package, or the Node module. */
function place(url: string): string {
  if (url === '') return '(native / VM)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (packageMatch) return `${packageMatch[1]}/${packageMatch[2]}`;
  const root = resolve(import.meta.dirname, '../..');
  return url.replace(`file://${root}/`, '').replace(/^node:/, 'node:');
}

function printCpuProfile(path: string, units: number, unitName: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') idleUs += name === '(idle)' ? delta : 0;
    if (name === '(idle)') return;
    totalUs += delta;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = place(url);
    const key = `${functionName || '(anonymous)'}  ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  }
  const perUnit = (us: number) => `${(us / 1000 / units).toFixed(3)} ms`;
  console.log(`\nCPU busy ${(totalUs / 1000).toFixed(0)} ms (idle ${(idleUs / 1000).toFixed(0)} ms) for ${units} ${unitName}: ${perUnit(totalUs)} a ${unitName.replace(/s$/, '')}`);
  const table = (title: string, rows: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [key, us] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${perUnit(us).padStart(10)}  ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${key}`);
    }
  };
  table(`Self time by file, a ${unitName.replace(/s$/, '')}:`, byFile);
  table(`Self time by function, a ${unitName.replace(/s$/, '')}:`, byFunction);
}

// ---------------------------------------------------------------- heap snapshots

interface HeapSnapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly [readonly string[], ...unknown[]] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

/** Count and bytes of each kind of object: `type name` (constructor name for objects). */
function heapCensus(path: string): Map<string, { count: number; bytes: number }> {
  const heap = JSON.parse(readFileSync(path, 'utf8')) as HeapSnapshot;
  const fields = heap.snapshot.meta.node_fields;
  const types = heap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < heap.nodes.length; i += stride) {
    const type = types[heap.nodes[i + typeAt]!]!;
    // Strings and code are named by their content: group them by type alone.
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'object shape';
    const key = named ? `${type} ${heap.strings[heap.nodes[i + nameAt]!]!.slice(0, 60)}` : type;
    const entry = census.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += heap.nodes[i + sizeAt]!;
    census.set(key, entry);
  }
  return census;
}

function printHeapGrowth(before: string, after: string, connections: number, top: number): void {
  const a = heapCensus(before);
  const b = heapCensus(after);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((key) => {
    const x = a.get(key) ?? { count: 0, bytes: 0 };
    const y = b.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: (y.count - x.count) / connections, bytes: (y.bytes - x.bytes) / connections };
  });
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`\nHeap added a connection (snapshot self sizes): ${total.toFixed(0)} bytes`);
  for (const row of rows.sort((x, y) => y.bytes - x.bytes).slice(0, top)) {
    console.log(`  ${row.bytes.toFixed(0).padStart(6)} B  ${row.count.toFixed(2).padStart(6)} ×  ${row.key}`);
  }
}

// ---------------------------------------------------------------- phases

async function pairings(server: ServerUnderTest, phase: 'pairing' | 'signed-in', count: number, profilePath: string): Promise<void> {
  const rep = phase === 'signed-in' ? 'signed-in' : 'fresh';
  if (rep === 'signed-in' && !server.driver.pairWithSignedInRep) throw new Error('only ours has a signed-in rep');
  const child = server.processes[0]!;
  await measurePairings(server, WARMUP_PAIRINGS, CONCURRENCY, 0, rep);
  await child.profile('cpu-profile-start?', profilePath);
  const run = await measurePairings(server, count, CONCURRENCY, 1_000_000, rep);
  await child.profile('cpu-profile-stop?', profilePath);
  console.log(`${run.round.completed} of ${count} pairings, ${run.round.perSecond}/s, ${run.round.serverCpuMsPerPairing} ms server CPU each (from /proc)`);
  if (run.failures.length > 0) console.log(`failures: ${run.failures.join('; ')}`);
}

async function relay(server: ServerUnderTest, seconds: number, profilePath: string): Promise<void> {
  const run = await RelayRun.open(server, RELAY_PAIRS);
  const child = server.processes[0]!;
  try {
    await run.window(RELAY_RATE, 1, false);
    await child.profile('cpu-profile-start?', profilePath);
    await run.window(RELAY_RATE, seconds, true);
    await child.profile('cpu-profile-stop?', profilePath);
    const figures = run.figures(RELAY_RATE, RELAY_PAIRS);
    console.log(`relay: p50 ${figures.latency.medianMs} ms, p99 ${figures.latency.p99Ms} ms, ${figures.received} of ${figures.sent}; server CPU ${figures.serverCpuPercent} %`);
  } finally {
    await run.close();
  }
}

async function idle(server: ServerUnderTest, count: number, out: string, top: number, heap: boolean): Promise<void> {
  const child = server.processes[0]!;
  const open = (n: number, offset: number) => runPool(n, 200, (i) => server.driver.openIdle(server.endpoints[0], offset + i));
  const warmup = await open(200, 0);
  for (const connection of warmup.results) connection.close();
  await Promise.all(warmup.results.map((c) => c.closed()));
  await sleep(SETTLE_MS);
  const before = resolve(out, `${server.id}-idle-0.heapsnapshot`);
  const after = resolve(out, `${server.id}-idle-${count}.heapsnapshot`);
  const memoryBefore = await child.memory();
  if (heap) await child.profile('heap-snapshot?', before);
  const opened = await open(count, 200);
  try {
    await sleep(SETTLE_MS);
    const memoryAfter = await child.memory();
    if (heap) await child.profile('heap-snapshot?', after);
    const held = opened.results.length;
    console.log(`${held} held (${opened.failed} failed): ${((memoryAfter.rssBytes - memoryBefore.rssBytes) / held / 1024).toFixed(2)} KiB RSS, ${((memoryAfter.heapUsedBytes - memoryBefore.heapUsedBytes) / held / 1024).toFixed(2)} KiB heap a connection`);
    if (heap) printHeapGrowth(before, after, held, top);
  } finally {
    for (const connection of opened.results) connection.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) return console.log(USAGE);
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string', default: 'ours' },
      phase: { type: 'string', default: 'pairing' },
      count: { type: 'string' },
      out: { type: 'string', default: 'bench/results/profile' },
      top: { type: 'string', default: '25' },
      heap: { type: 'boolean', default: false },
    },
  });
  const spec = SERVER_SPECS.find((s) => s.id === values.server && s.id !== 'ours-redis');
  if (!spec) throw new Error(`--server takes ours, peer, y-webrtc or ws\n${USAGE}`);
  const phase = values.phase as Phase;
  if (!PHASES.includes(phase)) throw new Error(`--phase takes ${PHASES.join(', ')}`);
  const count = values.count === undefined ? DEFAULT_COUNTS[phase] : Number(values.count);
  const top = Number(values.top);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(top) || top < 1) throw new Error('--count and --top take whole numbers');
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  const profilePath = resolve(out, `${spec.id}-${phase}.cpuprofile`);
  const server = await spec.start(phase === 'idle' ? count : 0);
  try {
    if (phase === 'idle') await idle(server, count, out, top, values.heap);
    else if (phase === 'relay') await relay(server, count, profilePath);
    else await pairings(server, phase, count, profilePath);
  } finally {
    await server.stop();
  }
  if (phase === 'relay') printCpuProfile(profilePath, count * RELAY_RATE, 'messages', top);
  else if (phase !== 'idle') printCpuProfile(profilePath, count, 'pairings', top);
  console.log(`\nWritten to ${out}`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
