/**
 * Chat message round trip of our product: the customer sends `ping N` through the message
 * box, the rep page answers `pong N` through its own message box as soon as the ping shows
 * in its log, and the customer page notes when the pong shows in its log. Sequential: the
 * next ping goes after the previous pong. Both ends are timed inside the customer page.
 *
 * What the round trip includes, each way: Preact's Enter handler, the Yjs append, the
 * y-indexeddb write being queued, the y-protocols update framed on the `control` data
 * channel, the peer applying and validating it, and the chat log re-rendering until the
 * message element is in the DOM. On the rep side it also includes the auto-reply itself
 * (an `input` event, one Preact render, then Enter), reported separately as rep turnaround.
 */
import type { Browser, Page } from '@playwright/test';
import type { ServerProcess } from '../test/support/serverProcess.js';
import { installComposerDriver } from './inPage/composerDriver.js';
import { installEchoResponder, readEchoLog } from './inPage/echoResponder.js';
import { runPingLoop, type PingLoopResult } from './inPage/pingLoop.js';
import { CONNECT_TIMEOUT_MS } from './OurConnectBench.js';
import { fillJoinForm, openCustomerPage, PAGE_WAIT_TIMEOUT_MS, startSession, waitConnected } from './productPages.js';
import { summarize, type LatencySummary } from './stats.js';
import { withTimeout } from './withTimeout.js';

const PONG_TIMEOUT_MS = 5_000;
/** The page stops sending after this long and reports what it measured (keeps the run bounded). */
export const LOOP_BUDGET_MS = 180_000;
const LOOP_TIMEOUT_MS = LOOP_BUDGET_MS + 2 * PONG_TIMEOUT_MS + 5_000;
/** Round trips that are sent but not counted, so the figures are of a warmed-up page. */
export const WARMUP_MESSAGES = 20;
/** Size of the first and last slices compared to show whether a longer log slows the chat. */
const SLICE = 100;

export interface RoundTripResult {
  readonly roundTrip: LatencySummary;
  readonly firstSliceMedianMs: number;
  readonly lastSliceMedianMs: number;
  readonly sliceSize: number;
  /** Customer Enter → ping in the rep's DOM (shared performance.timeOrigin clock). */
  readonly customerToRep: LatencySummary;
  /** Ping in the rep's DOM → rep's Enter on the pong (the auto-reply's own cost). */
  readonly repTurnaround: LatencySummary;
  /** Rep Enter → pong in the customer's DOM (shared clock). */
  readonly repToCustomer: LatencySummary;
  readonly requested: number;
  readonly completed: number;
  readonly composerRetries: number;
  /** The loop used up its time budget before sending every message (see LOOP_BUDGET_MS). */
  readonly budgetExhausted: boolean;
  readonly error: string | null;
}

export async function measureMessageRoundTrip(
  browser: Browser,
  server: ServerProcess,
  rep: Page,
  count: number,
  /** The code the rep page showed last, so the new session's code is not mistaken for it. */
  previousCode: string | null,
): Promise<RoundTripResult> {
  const code = await startSession(rep, previousCode);
  const customer = await openCustomerPage(browser, server, 'round-trip customer');
  try {
    await fillJoinForm(customer.page, { code, name: 'Bench customer', query: 'Round-trip benchmark' });
    await customer.page.getByTestId('join-submit').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
    await waitConnected(customer.page, 'customer', CONNECT_TIMEOUT_MS);
    await waitConnected(rep, 'rep', CONNECT_TIMEOUT_MS);
    await rep.getByTestId('message-input').waitFor({ state: 'visible', timeout: PAGE_WAIT_TIMEOUT_MS });
    await rep.evaluate(installComposerDriver);
    await rep.evaluate(installEchoResponder);
    await customer.page.evaluate(installComposerDriver);
    const loop: PingLoopResult = await withTimeout(
      customer.page.evaluate(runPingLoop, { count: WARMUP_MESSAGES + count, firstId: 0, timeoutMs: PONG_TIMEOUT_MS, budgetMs: LOOP_BUDGET_MS }),
      LOOP_TIMEOUT_MS,
      'message round-trip loop',
    );
    const echo = await rep.evaluate(readEchoLog);
    if (echo && echo.errors.length > 0) console.error(`  rep auto-reply errors: ${echo.errors.slice(0, 3).join('; ')}`);
    const measured = (values: readonly number[]) => values.slice(WARMUP_MESSAGES);
    const rtt = measured(loop.roundTripMs);
    const customerToRep: number[] = [];
    const repTurnaround: number[] = [];
    const repToCustomer: number[] = [];
    for (let id = WARMUP_MESSAGES; id < loop.roundTripMs.length; id++) {
      const seen = echo?.pingSeenEpochMs[id];
      const replied = echo?.pongSentEpochMs[id];
      if (seen === undefined || replied === undefined) continue;
      customerToRep.push(seen - loop.pingSentEpochMs[id]!);
      repTurnaround.push(replied - seen);
      repToCustomer.push(loop.pongSeenEpochMs[id]! - replied);
    }
    return {
      roundTrip: summarize(rtt),
      firstSliceMedianMs: summarize(rtt.slice(0, SLICE)).medianMs,
      lastSliceMedianMs: summarize(rtt.slice(-SLICE)).medianMs,
      sliceSize: Math.min(SLICE, rtt.length),
      customerToRep: summarize(customerToRep),
      repTurnaround: summarize(repTurnaround),
      repToCustomer: summarize(repToCustomer),
      requested: count,
      completed: rtt.length,
      composerRetries: loop.composerRetries,
      budgetExhausted: loop.budgetExhausted,
      error: loop.error ?? (echo && echo.errors.length > 0 ? echo.errors[0]! : null),
    };
  } finally {
    await customer.context.close();
  }
}
