/**
 * Two client builds side by side on file transfers: `npx tsx bench/compareFileBuilds.ts DIR_A
 * DIR_B [rounds]` serves each build from its own server and alternates 128 MiB transfers (rep →
 * customer) between them, so the machine's load hits both alike. Per transfer: MB/s, and how long
 * each page's main thread was busy (CDP `Performance.getMetrics` TaskDuration, which counts the
 * page's main thread only, not its workers). Used to show what moving the per-byte work into the
 * file worker changed (bench/README.md, "File transfer").
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../test/support/chromium.js';
import { startServerProcess, type ServerProcess } from '../test/support/serverProcess.js';
import { FILE_BENCH_BYTES, productSession, randomFile, transferThroughProduct } from './filesBench.js';

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: tsx bench/compareFileBuilds.ts CLIENT_DIR_A CLIENT_DIR_B [rounds]');
const rounds = Number(roundsArg ?? 3);

async function mainThreadBusySeconds(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'TaskDuration')!.value;
  const before = await read();
  return async () => (await read()) - before;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

const builds = [resolve(dirA), resolve(dirB)];
const servers: ServerProcess[] = [];
for (const dir of builds) servers.push(await startServerProcess({ ICE_SERVERS: '[]', CLIENT_DIR: dir }));
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, timeout: 30_000 });
const work = mkdtempSync(join(tmpdir(), 'p2p-compare-files-'));
const results = builds.map(() => ({ mbps: [] as number[], senderBusy: [] as number[], receiverBusy: [] as number[] }));
try {
  const file = randomFile(work, 'compare.log', FILE_BENCH_BYTES);
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? [0, 1] : [1, 0];
    for (const which of order) {
      const { rep, customer } = await productSession(browser, servers[which]!);
      const senderBusy = await mainThreadBusySeconds(rep.page);
      const receiverBusy = await mainThreadBusySeconds(customer.page);
      const run = await transferThroughProduct(rep.page, customer.page, file, 'compare.log', FILE_BENCH_BYTES);
      if (run.error || !run.mbPerSecond) throw new Error(`${builds[which]}: ${run.error}`);
      const r = results[which]!;
      r.mbps.push(run.mbPerSecond);
      r.senderBusy.push(await senderBusy());
      r.receiverBusy.push(await receiverBusy());
      console.log(`round ${round} ${builds[which]}: ${run.mbPerSecond.toFixed(1)} MB/s, main thread busy: sender ${r.senderBusy.at(-1)!.toFixed(1)} s, receiver ${r.receiverBusy.at(-1)!.toFixed(1)} s`);
      await rep.context.close();
      await customer.context.close();
    }
  }
  console.log('\n| build | MB/s, median (runs) | sender main thread busy, s | receiver main thread busy, s |\n|---|---|---|---|');
  builds.forEach((dir, i) => {
    const r = results[i]!;
    const cell = (v: number[], digits: number) => `${median(v).toFixed(digits)} (${v.map((x) => x.toFixed(digits)).join(' / ')})`;
    console.log(`| ${dir} | ${cell(r.mbps, 1)} | ${cell(r.senderBusy, 1)} | ${cell(r.receiverBusy, 1)} |`);
  });
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
  rmSync(work, { recursive: true, force: true });
}
