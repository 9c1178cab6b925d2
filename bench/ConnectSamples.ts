/** Connect-time samples for one side of the comparison, with warm-up and failure accounting. */
import type { ConnectFigures } from './BenchFigures.js';
import { summarize } from './stats.js';
import { errorText } from './errorText.js';

/** A side that fails this many sessions in a row stops being measured. */
const MAX_CONSECUTIVE_FAILURES = 3;

/** Connect samples for one side, skipping warm-up sessions and tolerating isolated failures. */
export class ConnectSamples {
  readonly samples: number[] = [];
  readonly errors: string[] = [];
  private consecutiveFailures = 0;

  constructor(private readonly warmup: number) {}

  get gaveUp(): boolean {
    return this.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES;
  }

  async take(index: number, measure: () => Promise<number>): Promise<number | null> {
    if (this.gaveUp) return null;
    try {
      const ms = await measure();
      this.consecutiveFailures = 0;
      if (index >= this.warmup) this.samples.push(ms);
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
    };
  }
}
