/** Speed and time left of a transfer, from the bytes done over the last few seconds. */

/** The speed is averaged over this window. */
export const RATE_WINDOW_MS = 3_000;

export class TransferRate {
  private samples: { at: number; bytes: number }[] = [];

  /** Bytes done so far (a total, not an increment) at time `at`. */
  sample(bytes: number, at: number): void {
    const last = this.samples[this.samples.length - 1];
    // A resume can move the total back: start the window over.
    if (last && bytes < last.bytes) this.samples = [];
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  /** Bytes per second, or null until two samples are far enough apart. */
  get bytesPerSecond(): number | null {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 250) return null;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  /** Milliseconds left for `remaining` bytes at the current speed, or null when unknown. */
  etaMs(remaining: number): number | null {
    const rate = this.bytesPerSecond;
    return rate && rate > 0 ? (remaining / rate) * 1000 : null;
  }
}
