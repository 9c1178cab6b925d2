/** Everything one bench run measured: what the table shows and results/latest.json keeps. */
import type { ConnectPhases } from './OurConnectBench.js';
import type { PageBundle } from './bundleSize.js';
import type { RoundTripResult } from './messageRoundTrip.js';
import type { LatencySummary } from './stats.js';

export interface ConnectFigures {
  readonly summary: LatencySummary;
  /** Every counted sample in run order, milliseconds rounded to 0.1. */
  readonly samplesMs: readonly number[];
  readonly warmup: number;
  /** Counted sessions that took over a second: a person notices these. */
  readonly overOneSecond: number;
  readonly failures: number;
  readonly errors: readonly string[];
  /** Ours only: medians of the counted sessions' steps (OurConnectBench.ts), and how many had them all. */
  readonly phases?: { readonly count: number; readonly medianMs: ConnectPhases };
  /**
   * Ours only: click → the chat (`control`) channel open, before the page shows it. The issue
   * defines connect time this way, PeerJS's own figure stops there too, and the targets are
   * checked on it; `summary` (ours) runs on until the page shows `connected`.
   */
  readonly channelOpen?: LatencySummary;
}

export interface BundleFigures {
  readonly customer: PageBundle;
  readonly rep: PageBundle;
  /** peerjs.min.js alone, gzipped the same way: what the baseline's client costs before any UI. */
  readonly peerjsClientGzipBytes: number;
  /** Scripts the browser actually fetched for each page, to check the HTML parse missed none. */
  readonly fetchedScripts: { readonly customer: readonly string[] | null; readonly rep: readonly string[] | null };
}

/** PeerJS DataConnection echo: the transport's floor for a message round trip. */
export interface BaselineRoundTrip {
  readonly roundTrip: LatencySummary;
  readonly requested: number;
  readonly completed: number;
  readonly error: string | null;
}

/** A figure is null when its phase failed; the reason is in `errors`. */
export interface BenchFigures {
  readonly connectOurs: ConnectFigures | null;
  readonly connectPeerjs: ConnectFigures | null;
  readonly roundTrip: RoundTripResult | null;
  readonly roundTripPeerjs: BaselineRoundTrip | null;
  readonly bundle: BundleFigures | null;
  readonly errors: Record<string, string>;
}
