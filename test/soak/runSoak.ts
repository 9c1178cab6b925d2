/**
 * The long soak: `npm run soak -- --sessions 100 --minutes 10 --seed 3`.
 * Starts the real server process, runs the soak, prints the counts.
 */
import { parseArgs } from 'node:util';
import { startServerProcess } from '../support/serverProcess.js';
import { median, runSoak } from './soakRun.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100' },
    minutes: { type: 'string', default: '10' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    'message-interval-ms': { type: 'string', default: '1000' },
    'cut-interval-ms': { type: 'string', default: '10000' },
  },
});
const server = await startServerProcess({ CLIENT_DIR: '', MAX_SESSIONS_PER_REP: '1000' });
try {
  const report = await runSoak({
    url: server.url,
    repToken: server.repToken,
    sessions: Number(values.sessions),
    durationMs: Number(values.minutes) * 60_000,
    messageIntervalMs: Number(values['message-interval-ms']),
    cutIntervalMs: Number(values['cut-interval-ms']),
    seed: Number(values.seed),
  });
  // The last line of output is the report, for callers that parse it (test/integration/soak.test.ts).
  console.log(JSON.stringify({ seed: Number(values.seed), ...report, recoveryMs: undefined, recoveryMedianMs: median(report.recoveryMs) }));
  process.exitCode = report.messagesLost === 0 && report.messagesDuplicated === 0 && report.transcriptsDiffering === 0 ? 0 : 1;
} finally {
  await server.stop();
}
