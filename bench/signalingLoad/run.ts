/**
 * The signaling load test alone: `npx tsx bench/signalingLoad/run.ts [--connections 10000 ...]`
 * (`npm run bench -- --only signaling` runs the same inside the whole bench). Prints the table
 * and writes bench/results/signaling-load.json. Targets are reported, never enforced: the exit
 * code is 1 only when a measurement could not be made.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { resolve } from 'node:path';
import { errorText } from '../errorText.js';
import { formatTable } from '../reportTable.js';
import { measureSignalingLoad } from './measureSignalingLoad.js';
import { readSignalingLoadOptions, SIGNALING_LOAD_USAGE } from './options.js';
import { checkSignalingTargets, signalingErrors, signalingNotes, signalingRows } from './signalingRows.js';

const RESULTS_FILE = resolve(import.meta.dirname, '../results/signaling-load.json');
/** The whole run gives up after this long. */
const RUN_TIMEOUT_MS = 15 * 60_000;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(SIGNALING_LOAD_USAGE);
    return 0;
  }
  const options = readSignalingLoadOptions(args);
  console.log('Signaling load: idle connections, pairings a second, relay latency…');
  const figures = await measureSignalingLoad(options, (line) => console.log(line));
  const checks = checkSignalingTargets(figures);
  console.log('');
  console.log(formatTable(signalingRows(figures, checks)));
  for (const note of signalingNotes(figures)) console.log(note);
  mkdirSync(resolve(RESULTS_FILE, '..'), { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    environment: { node: process.version, os: `${platform()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
    units: { time: 'ms', size: 'bytes', percentiles: 'nearest rank' },
    targets: checks,
    figures: { signaling: figures },
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${RESULTS_FILE} (${figures.seconds} s).`);
  return signalingErrors(figures).length > 0 ? 1 : 0;
}

// Exit handlers stop what the servers' own probes do not (redis-server).
process.once('SIGINT', () => process.exit(130));

const watchdog = setTimeout(() => {
  console.error(`signaling load: still running after ${RUN_TIMEOUT_MS / 60_000} minutes, giving up`);
  process.exit(2);
}, RUN_TIMEOUT_MS);
watchdog.unref();

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(errorText(error));
    process.exit(1);
  });
