/**
 * The long signaling fuzz run: `npm run fuzz -- --frames 1000000 --sockets 50 --seed 7`.
 * Starts the real server process, fuzzes it, prints the report.
 */
import { parseArgs } from 'node:util';
import { startServerProcess } from '../support/serverProcess.js';
import { FUZZ_REP_TOKEN, FUZZ_SERVER_ENV } from './fuzzServerEnv.js';
import { runSignalingFuzz } from './signalingFuzzer.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000000' },
    sockets: { type: 'string', default: '40' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
  },
});
const server = await startServerProcess(FUZZ_SERVER_ENV);
try {
  const report = await runSignalingFuzz({
    url: server.url,
    pid: server.child.pid!,
    repToken: server.repToken,
    fuzzRepToken: FUZZ_REP_TOKEN,
    frames: Number(values.frames),
    sockets: Number(values.sockets),
    seed: Number(values.seed),
    oversizedEvery: 5_000,
  });
  const alive = server.child.exitCode === null;
  console.log(JSON.stringify({ seed: Number(values.seed), alive, ...report, peakRssMiB: +(report.peakRssBytes / 2 ** 20).toFixed(1) }, null, 2));
  process.exitCode = alive && report.goodFailures === 0 && report.strayDeliveries === 0 ? 0 : 1;
} finally {
  await server.stop();
}
