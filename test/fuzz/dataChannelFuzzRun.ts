/**
 * The long data-channel fuzz run: `npm run fuzz:data-channel -- --frames 1000000 --seed 7`.
 * Prints the report; exits non-zero if a decoder threw, a forbidden update got through, an
 * honest one did not, or the transcript changed.
 */
import { parseArgs } from 'node:util';
import { runDataChannelFuzz } from './dataChannelFuzz.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
  },
});
const report = await runDataChannelFuzz({ frames: Number(values.frames), seed: Number(values.seed) });
console.log(JSON.stringify({ seed: Number(values.seed), ...report, peakHeapMiB: +(report.peakHeapBytes / 2 ** 20).toFixed(1) }, null, 2));
const ok =
  report.escaped === 0 &&
  report.forbiddenApplied === 0 &&
  report.honestApplied === report.honestUpdates &&
  report.transcriptIntact &&
  report.prototypeClean;
process.exitCode = ok ? 0 : 1;
