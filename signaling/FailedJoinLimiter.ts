/**
 * Counts failed join attempts per client address in a sliding window. Once an address reaches
 * the limit, every join attempt from it is refused until its oldest failure leaves the window,
 * so a code cannot be guessed by brute force (10 tries per 10 minutes against 10^9 codes).
 */
export interface FailedJoinLimits {
  readonly maxFailures: number;
  readonly windowMs: number;
}

export class FailedJoinLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: FailedJoinLimits) {}

  /** Milliseconds until this address may try again, or 0 when it may try now. */
  retryAfterMs(address: string, now: number): number {
    const times = this.recent(address, now);
    if (times.length < this.limits.maxFailures) return 0;
    return times[0]! + this.limits.windowMs - now;
  }

  recordFailure(address: string, now: number): void {
    const times = this.recent(address, now);
    times.push(now);
    // Keep at most maxFailures timestamps: memory per address stays bounded.
    if (times.length > this.limits.maxFailures) times.splice(0, times.length - this.limits.maxFailures);
    this.failures.set(address, times);
  }

  /** Forgets addresses whose failures all left the window. */
  prune(now: number): void {
    for (const address of [...this.failures.keys()]) {
      if (this.recent(address, now).length === 0) this.failures.delete(address);
    }
  }

  get trackedAddresses(): number {
    return this.failures.size;
  }

  private recent(address: string, now: number): number[] {
    const times = this.failures.get(address);
    if (!times) return [];
    const cutoff = now - this.limits.windowMs;
    while (times.length > 0 && times[0]! <= cutoff) times.shift();
    return times;
  }
}
