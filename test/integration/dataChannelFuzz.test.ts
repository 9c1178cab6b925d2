/**
 * Issue 6: the data-channel decoders take 100,000 hostile frames from a peer (control frames
 * and peer messages, batches of them, file chunks, screen-frame parts, Yjs sync messages and updates) without
 * throwing, refuse every forbidden transcript update, apply every honest one, keep the
 * victim's transcript and memory bounded. The longer run is `npm run fuzz:data-channel`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDataChannelFuzz, type DataChannelFuzzReport } from '../fuzz/dataChannelFuzz.js';

const FRAMES = 100_000;
/** Generous: the run idles at about 15 MiB of heap; keeping what 100k frames carry would pass this. */
const MAX_HEAP_GROWTH_BYTES = 150 * 1024 * 1024;

describe('data-channel decoders under fuzzing from a hostile peer', () => {
  let report: DataChannelFuzzReport;

  beforeAll(async () => {
    report = await runDataChannelFuzz({ frames: FRAMES, seed: 20261121 });
    console.log(`data-channel fuzz: ${JSON.stringify({ ...report, peakHeapMiB: +(report.peakHeapBytes / 2 ** 20).toFixed(1) })}`);
  }, 300_000);

  it('feeds every generated frame to the decoders and none throws', () => {
    expect(report.frames).toBeGreaterThanOrEqual(FRAMES);
    expect(Object.values(report.byTarget).every((count) => count >= FRAMES / 5)).toBe(true);
    expect(report.escaped).toBe(0);
    expect(report.peerErrors).toBeGreaterThan(0);
    // Batched control payloads (protocol version 2) are part of the mix, whole and mutated.
    expect(report.batches).toBeGreaterThan(1_000);
  });

  it('refuses every forbidden transcript update and applies every honest one', () => {
    expect(report.forbiddenUpdates).toBeGreaterThan(1_000);
    expect(report.forbiddenApplied).toBe(0);
    expect(report.honestUpdates).toBeGreaterThan(100);
    expect(report.honestApplied).toBe(report.honestUpdates);
  });

  it('leaves the victim its own entries, the details and only valid entries', () => {
    expect(report.checks).toEqual({ ownEntries: true, honestInOrder: true, extrasInPeerName: true, details: true, noInvalidEntries: true });
    expect(report.transcriptIntact).toBe(true);
    expect(report.prototypeClean).toBe(true);
  });

  it('keeps its memory bounded', () => {
    expect(report.peakHeapBytes - report.startHeapBytes).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  });
});
