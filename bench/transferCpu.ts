/**
 * Where a file transfer's CPU time goes: `npx tsx bench/transferCpu.ts [rounds]` (Linux: it reads
 * /proc). Moves the same 128 MiB three ways in one browser, interleaved round by round: ours
 * through the product pages, simple-peer and the raw data channel, both with their ends in two
 * pages as ours has them. For each it reads the CPU time of every thread of every Chromium
 * process this script started (user + system, /proc/PID/task/TID/stat), grouped by process type
 * and thread name, and prints the median per 128 MiB. On a machine whose cores are all busy
 * during a transfer, throughput follows CPU time per byte, so this says what ours costs beyond
 * the transport (bench/README.md, "File transfer").
 */
import { chromium } from '@playwright/test';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.js';
import { startServerProcess } from '../test/support/serverProcess.js';
import { FILE_BENCH_BYTES, productSession, randomFile, transferThroughProduct, twoPageBlaster } from './filesBench.js';
import { startPeerjsServers } from './peerjsServers.js';
import type { BlastResult } from './inPage/dataBlasts.js';

const rounds = Number(process.argv[2] ?? 3);
/** Clock ticks a second (USER_HZ), which /proc's CPU times are counted in on Linux. */
const TICKS_PER_SECOND = 100;
const KiB = 1024;
/** The two-page blasts' settings: simple-peer's best write size, and the raw queue that suits two pages. */
const SIMPLE_PEER_WRITE_BYTES = 64 * KiB;
const RAW_SETTING = { chunkBytes: 64 * KiB, highWaterBytes: 256 * KiB, lowWaterBytes: 64 * KiB };
/** Threads under this many ms per transfer in every column are left out of the table. */
const SHOWN_FROM_MS = 50;

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // The process or thread ended meanwhile.
  }
};

/** This process and everything started under it. */
function descendantPids(): Set<string> {
  const parentOf = new Map<string, string>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readOrNull(`/proc/${pid}/stat`);
    if (stat) parentOf.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!);
  }
  const found = new Set([String(process.pid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf) if (found.has(parent) && !found.has(pid)) (found.add(pid), (grew = true));
  }
  return found;
}

/** CPU ms so far of each Chromium thread group, keyed "process type/thread name". */
function chromiumCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of descendantPids()) {
    const cmdline = readOrNull(`/proc/${pid}/cmdline`);
    if (!cmdline?.includes('chromium')) continue;
    const type = /--type=([a-z-]+)/.exec(cmdline)?.[1] ?? 'browser';
    const service = /--utility-sub-type=([\w.]+)/.exec(cmdline)?.[1]?.split('.').pop();
    const process = service ? `${type}:${service}` : type;
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = readOrNull(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      // Thread names end in a number where a pool has several ("ThreadPoolForeg3"): one group.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
      const key = `${process}/${name}`;
      out.set(key, (out.get(key) ?? 0) + ms);
    }
  }
  return out;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

const contenders = ['ours', 'simple-peer, two pages', 'raw, two pages'] as const;
type Contender = (typeof contenders)[number];

const server = await startServerProcess({ ICE_SERVERS: '[]', CLIENT_DIR: resolve(process.env.CLIENT_DIR ?? 'dist/client') });
const peerjs = await startPeerjsServers();
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, timeout: 30_000 });
const work = mkdtempSync(join(tmpdir(), 'p2p-transfer-cpu-'));
const cpu = new Map<Contender, Map<string, number[]>>(contenders.map((c) => [c, new Map()]));
const seconds = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
const totals = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
try {
  const source = randomFile(work, 'source', FILE_BENCH_BYTES);
  const { rep, customer } = await productSession(browser, server);
  const twoPages = await twoPageBlaster(browser, peerjs);
  const blasts: Record<Exclude<Contender, 'ours'>, (total: number) => Promise<BlastResult>> = {
    'simple-peer, two pages': twoPages.simplePeer(SIMPLE_PEER_WRITE_BYTES),
    'raw, two pages': twoPages.raw(RAW_SETTING),
  };
  for (let round = 1; round <= rounds; round++) {
    for (const contender of contenders) {
      const before = chromiumCpuMs();
      const started = performance.now();
      if (contender === 'ours') {
        const name = `cpu-${round}.log`;
        linkSync(source, join(work, name));
        const result = await transferThroughProduct(rep.page, customer.page, join(work, name), name, FILE_BENCH_BYTES);
        if (result.error) throw new Error(`ours, round ${round}: ${result.error}`);
      } else {
        const result = await blasts[contender](FILE_BENCH_BYTES);
        if (result.error || result.bytes < FILE_BENCH_BYTES) throw new Error(`${contender}, round ${round}: ${result.error ?? 'bytes missing'}`);
      }
      const elapsed = (performance.now() - started) / 1000;
      seconds.get(contender)!.push(elapsed);
      let total = 0;
      for (const [key, ms] of chromiumCpuMs()) {
        const spent = cpu.get(contender)!;
        if (!spent.has(key)) spent.set(key, []);
        spent.get(key)!.push(ms - (before.get(key) ?? 0));
        total += ms - (before.get(key) ?? 0);
      }
      totals.get(contender)!.push(total);
      console.log(`round ${round}: ${contender}: ${elapsed.toFixed(2)} s, ${(FILE_BENCH_BYTES / 1e6 / elapsed).toFixed(1)} MB/s`);
    }
  }
  await twoPages.close();
  const keys = new Set(contenders.flatMap((c) => [...cpu.get(c)!.keys()]));
  const medianOf = (contender: Contender, key: string) => median(cpu.get(contender)!.get(key) ?? []);
  const rows = [...keys]
    .map((key) => ({ key, ms: contenders.map((c) => medianOf(c, key)) }))
    .filter((row) => row.ms.some((ms) => ms >= SHOWN_FROM_MS))
    .sort((a, b) => b.ms[0]! - a.ms[0]!);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  console.log(`\nCPU ms per 128 MiB, median of ${rounds} (process/thread):\n`);
  console.log(line(['thread', ...contenders]));
  console.log(line(['---', ...contenders.map(() => '---:')]));
  for (const row of rows) console.log(line([row.key, ...row.ms.map((ms) => ms.toFixed(0))]));
  console.log(line(['**all threads**', ...contenders.map((c) => median(totals.get(c)!).toFixed(0))]));
  console.log(line(['wall time, s', ...contenders.map((c) => median(seconds.get(c)!).toFixed(2))]));
} finally {
  await browser.close();
  await server.stop();
  await peerjs.stop();
  rmSync(work, { recursive: true, force: true });
}
// PeerServer keeps interval timers alive after its socket is closed (see run.ts); exit explicitly.
process.exit(0);
