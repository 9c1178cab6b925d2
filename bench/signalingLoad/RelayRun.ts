/**
 * Relay latency at a steady rate, on one server's pairs, window by window (the caller
 * interleaves the servers' windows so drift in the machine's load hits all alike). In a
 * window, one candidate message leaves every 1/rate s, round-robin over the pairs, alternating
 * direction per pass (each socket sends rate ÷ (2 × pairs) a second: 25 at the defaults, under
 * our server's default 50 frames a second per socket). The send time travels in the payload;
 * the receiver subtracts it from its own clock (same process).
 */
import { percentile, summarize } from '../stats.js';
import { withTimeout } from '../withTimeout.js';
import type { RelayPair } from './LoadDriver.js';
import type { ServerUnderTest } from './serversUnderTest.js';
import type { RelayFigures } from './SignalingLoadFigures.js';

/** After a window's last send, stragglers are waited for this long at most. */
const DRAIN_TIMEOUT_MS = 3_000;
const CLOSE_TIMEOUT_MS = 15_000;

const cpuMsOf = (server: ServerUnderTest) => server.processes.reduce((sum, p) => sum + p.cpuMs(), 0);

export class RelayRun {
  private readonly latencies: number[] = [];
  /** Send-time spans of the counted windows: a message counts when its send time is in one. */
  private readonly countedSpans: [number, number][] = [];
  private sentTotal = 0;
  private receivedTotal = 0;
  private countedSent = 0;
  private countedMs = 0;
  private countedCpuMs = 0;
  /** p99 of each counted window alone: one burst of load elsewhere spoils one window, not all. */
  private readonly windowP99sMs: number[] = [];

  private constructor(
    private readonly server: ServerUnderTest,
    private readonly pairs: RelayPair[],
  ) {}

  static async open(server: ServerUnderTest, sessions: number): Promise<RelayRun> {
    const pairs: RelayPair[] = [];
    let run: RelayRun | null = null;
    const arrived = (sentAt: number) => run?.arrived(sentAt);
    try {
      for (let i = 0; i < sessions; i++) pairs.push(await server.driver.openRelayPair(server.endpoints[0], server.endpoints[1], i, arrived));
    } catch (error) {
      await closePairs(pairs);
      throw error;
    }
    run = new RelayRun(server, pairs);
    return run;
  }

  private arrived(sentAt: number): void {
    this.receivedTotal += 1;
    const span = this.countedSpans.at(-1);
    // Windows do not overlap and drain before the next, so only the last span can hold it.
    if (span && sentAt >= span[0] && sentAt <= span[1]) this.latencies.push(performance.now() - sentAt);
  }

  /** Sends at `ratePerSecond` for `seconds`, then waits for what is still on its way. */
  async window(ratePerSecond: number, seconds: number, counted: boolean): Promise<void> {
    const total = Math.round(ratePerSecond * seconds);
    const pairs = this.pairs;
    let sent = 0;
    const cpuBefore = cpuMsOf(this.server);
    const started = performance.now();
    const firstLatency = this.latencies.length;
    const span: [number, number] = [started, Number.POSITIVE_INFINITY];
    if (counted) this.countedSpans.push(span);
    await new Promise<void>((done) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - started) * ratePerSecond) / 1000));
        while (sent < due) {
          const from = Math.floor(sent / pairs.length) % 2 === 0 ? 'a' : 'b';
          pairs[sent % pairs.length]!.send(from, performance.now());
          sent += 1;
        }
        if (sent < total) setTimeout(tick, 1);
        else done();
      };
      tick();
    });
    const ended = performance.now();
    span[1] = ended;
    this.sentTotal += sent;
    if (counted) {
      this.countedSent += sent;
      this.countedMs += ended - started;
      this.countedCpuMs += cpuMsOf(this.server) - cpuBefore;
    }
    const drainStarted = performance.now();
    while (this.receivedTotal < this.sentTotal && performance.now() - drainStarted < DRAIN_TIMEOUT_MS) await new Promise((r) => setTimeout(r, 5));
    if (counted) {
      const window = this.latencies.slice(firstLatency).sort((x, y) => x - y);
      if (window.length > 0) this.windowP99sMs.push(Math.round(percentile(window, 99) * 100) / 100);
    }
  }

  figures(ratePerSecond: number, sessions: number): RelayFigures {
    return {
      ratePerSecond,
      seconds: Math.round(this.countedMs / 100) / 10,
      sessions,
      sent: this.countedSent,
      received: this.latencies.length,
      achievedPerSecond: this.countedMs > 0 ? Math.round((this.countedSent * 1000) / this.countedMs) : 0,
      latency: summarize(this.latencies),
      windowP99sMs: [...this.windowP99sMs],
      medianWindowP99Ms: percentile([...this.windowP99sMs].sort((x, y) => x - y), 50),
      serverCpuPercent: this.countedMs > 0 ? Math.round((this.countedCpuMs / this.countedMs) * 1000) / 10 : Number.NaN,
      errors: [...new Set(this.pairs.flatMap((p) => p.errors()))].slice(0, 5),
    };
  }

  close(): Promise<void> {
    return closePairs(this.pairs);
  }
}

function closePairs(pairs: readonly RelayPair[]): Promise<void> {
  return withTimeout(Promise.all(pairs.map((p) => p.close())), CLOSE_TIMEOUT_MS, 'closing relay pairs').then(
    () => undefined,
    () => undefined,
  );
}
