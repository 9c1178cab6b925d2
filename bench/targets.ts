/** The targets the table prints next to the figures. Benches report; they never fail a run on a target. */
import type { BenchFigures } from './BenchFigures.js';

export const CONNECT_MEDIAN_TARGET_MS = 300;
export const ROUND_TRIP_P99_TARGET_MS = 15;
/** 70 KB of gzipped JavaScript on the customer page, 1 KB = 1000 bytes. */
export const CUSTOMER_JS_GZIP_TARGET_BYTES = 70_000;

export type TargetId = 'connect-median' | 'connect-vs-peerjs' | 'round-trip-p99' | 'customer-js';

export interface TargetCheck {
  readonly id: TargetId;
  readonly target: string;
  /** null when the figure could not be measured. */
  readonly pass: boolean | null;
}

export function checkTargets(figures: BenchFigures): TargetCheck[] {
  // The connect time: Join pressed → the chat channel open, which is also where PeerJS's
  // own figure stops. The time until our page shows `connected` is printed beside it.
  const ours = figures.connectOurs?.channelOpen?.medianMs;
  const peerjs = figures.connectPeerjs?.summary.medianMs;
  const p99 = figures.roundTrip?.roundTrip.p99Ms;
  const customerJs = figures.bundle?.customer.totalGzipBytes;
  const known = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);
  return [
    {
      id: 'connect-median',
      target: `median < ${CONNECT_MEDIAN_TARGET_MS} ms`,
      pass: known(ours) ? ours < CONNECT_MEDIAN_TARGET_MS : null,
    },
    {
      id: 'connect-vs-peerjs',
      target: 'median ≤ PeerJS median',
      pass: known(ours) && known(peerjs) ? ours <= peerjs : null,
    },
    {
      id: 'round-trip-p99',
      target: `p99 < ${ROUND_TRIP_P99_TARGET_MS} ms`,
      pass: known(p99) ? p99 < ROUND_TRIP_P99_TARGET_MS : null,
    },
    {
      id: 'customer-js',
      target: `< ${CUSTOMER_JS_GZIP_TARGET_BYTES / 1000} KB gzip`,
      pass: known(customerJs) ? customerJs < CUSTOMER_JS_GZIP_TARGET_BYTES : null,
    },
  ];
}
