/** Connect-time samples for one side of the comparison, with warm-up and failure accounting. */
import type { ConnectFigures } from './BenchFigures.js';
import type { ConnectPhases } from './OurConnectBench.js';
import { summarize } from './stats.js';
import { errorText } from './errorText.js';

/** A side that fails this many sessions in a row stops being measured. */
const MAX_CONSECUTIVE_FAILURES = 3;

/** Connect samples for one side, skipping warm-up sessions and tolerating isolated failures. */
export class ConnectSamples {
  readonly samples: number[] = [];
  readonly errors: string[] = [];
  /** Counted sessions' steps, where the side reports them (ours). */
  private readonly phases: ConnectPhases[] = [];
  /** Counted sessions' click → chat channel open, where the side reports it (ours). */
  private readonly channelOpen: number[] = [];
  private consecutiveFailures = 0;

  constructor(private readonly warmup: number) {}

  get gaveUp(): boolean {
    return this.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
  }

  async take(
    index: number,
    measure: () => Promise<number | { ms: number; channelOpenMs: number | null; phases: ConnectPhases | null }>,
  ): Promise<number | null> {
    if (this.gaveUp) return null;
    try {
      const measured = await measure();
      const { ms, channelOpenMs, phases } = typeof measured === 'number' ? { ms: measured, channelOpenMs: null, phases: null } : measured;
      this.consecutiveFailures = 0;
      if (index >= this.warmup) {
        this.samples.push(ms);
        if (phases) this.phases.push(phases);
        if (channelOpenMs !== null) this.channelOpen.push(channelOpenMs);
      }
      return ms;
    } catch (error) {
      this.consecutiveFailures++;
      this.errors.push(`session ${index}: ${errorText(error)}`);
      return null;
    }
  }

  figures(): ConnectFigures | null {
    if (this.samples.length === 0) return null;
    return {
      summary: summarize(this.samples),
      samplesMs: this.samples.map((ms) => Math.round(ms * 10) / 10),
      warmup: this.warmup,
      overOneSecond: this.samples.filter((ms) => ms > 1000).length,
      failures: this.errors.length,
      errors: this.errors,
      ...(this.phases.length > 0 ? { phases: { count: this.phases.length, medianMs: medianPhases(this.phases) } } : {}),
      ...(this.channelOpen.length > 0 ? { channelOpen: summarize(this.channelOpen) } : {}),
    };
  }
}

function medianPhases(all: readonly ConnectPhases[]): ConnectPhases {
  const median = (pick: (p: ConnectPhases) => number) => Math.round(summarize(all.map(pick)).medianMs * 10) / 10;
  return {
    toJoinSentMs: median((p) => p.toJoinSentMs),
    toRemoteMs: median((p) => p.toRemoteMs),
    toNegotiatedMs: median((p) => p.toNegotiatedMs),
    toChannelOpenMs: median((p) => p.toChannelOpenMs),
    toConnectedMs: median((p) => p.toConnectedMs),
  };
}
