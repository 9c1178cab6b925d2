/**
 * The rep console (issue 3), measured in one run:
 *
 * - Long log: a session whose stored transcript holds 5,000 messages (written into the rep's
 *   own IndexedDB, exactly where the console keeps it). Time from navigation (reload) to the
 *   5,000th entry in the DOM and painted; and from a click on its tab (another tab in front) to
 *   the same. Medians of a few runs each, with a 50-message session switched to alongside as
 *   the reference.
 * - Memory: the console's JavaScript heap (after a forced GC, CDP Runtime.getHeapUsage) signed
 *   in with no session, then with 10 sessions open, each with a connected customer and 20
 *   messages each way.
 */
import type { Browser, Page } from '@playwright/test';
import { seededTranscript, storeTranscriptUpdate } from '../test/support/seedTranscript.js';
import type { ServerProcess } from '../test/support/serverProcess.js';
import { errorText } from './errorText.js';
import { fillJoinForm, openCustomerPage, openRepConsole, PAGE_WAIT_TIMEOUT_MS, startSession, waitConnected, type Participant } from './productPages.js';
import { summarize, type LatencySummary } from './stats.js';
import { withTimeout } from './withTimeout.js';

export const LONG_LOG_MESSAGES = 5_000;
export const SHORT_LOG_MESSAGES = 50;
export const MEMORY_SESSIONS = 10;
const MEMORY_MESSAGES_EACH_WAY = 20;
const RUNS = 5;
const SHOW_TIMEOUT_MS = 60_000;

export interface ConsoleFigures {
  readonly messages: number;
  /** Navigation (reload) → the long log's last entry painted. */
  readonly reloadToShown: LatencySummary | null;
  /** Click on the long session's tab → its last entry painted. */
  readonly switchToLong: LatencySummary | null;
  /** The same for a 50-message session, side by side. */
  readonly switchToShort: LatencySummary | null;
  readonly domNodesWithLongLog: number | null;
  readonly heapEmptyBytes: number | null;
  readonly heapWithSessionsBytes: number | null;
  readonly sessions: number;
  readonly errors: string[];
}

const activeSessionId = (rep: Page) => rep.locator('[data-testid="session-tab"][aria-selected="true"]').getAttribute('data-session-id');

/** The last entry of a seeded log, as ChatLog marks it. */
const lastEntrySelector = (idPrefix: string, count: number) => `[data-testid="chat-message"][data-id="${idPrefix}${count - 1}"]`;

/** In the page: waits until the log's last entry is in the DOM, then for that frame to be painted; returns performance.now(). */
function waitShown(rep: Page, selector: string): Promise<number> {
  return rep.evaluate(
    (last) =>
      new Promise<number>((resolve) => {
        const check = () => {
          if (document.querySelector(last)) requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
          else requestAnimationFrame(check);
        };
        check();
      }),
    selector,
  );
}

/** Clicks a tab from inside the page and times until its log's last entry is painted. */
function timeSwitch(rep: Page, sessionId: string, selector: string): Promise<number> {
  return rep.evaluate(
    ({ id, last }) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        (document.querySelector(`[data-testid="session-tab"][data-session-id="${id}"]`) as HTMLElement).click();
        const check = () => {
          if (document.querySelector(last)) requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
          else requestAnimationFrame(check);
        };
        check();
      }),
    { id: sessionId, last: selector },
  );
}

async function heapUsedBytes(rep: Participant): Promise<number> {
  const cdp = await rep.context.newCDPSession(rep.page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

async function measureLongLog(browser: Browser, server: ServerProcess, figures: Record<string, unknown>, errors: string[]): Promise<void> {
  const rep = await openRepConsole(browser, server);
  try {
    await startSession(rep.page, null);
    const shortId = (await activeSessionId(rep.page))!;
    await startSession(rep.page, (await rep.page.getByTestId('session-code').textContent())!.trim());
    const longId = (await activeSessionId(rep.page))!;
    const now = Date.now() - 6 * 3600_000;
    await storeTranscriptUpdate(rep.page, 'rep', shortId, seededTranscript(SHORT_LOG_MESSAGES, now, 'S'));
    await storeTranscriptUpdate(rep.page, 'rep', longId, seededTranscript(LONG_LOG_MESSAGES, now, 'L'));
    const longLast = lastEntrySelector('L', LONG_LOG_MESSAGES);
    const shortLast = lastEntrySelector('S', SHORT_LOG_MESSAGES);

    const reloads: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await rep.page.locator(`[data-testid="session-tab"][data-session-id="${longId}"]`).click();
      await rep.page.reload({ timeout: PAGE_WAIT_TIMEOUT_MS });
      reloads.push(await withTimeout(waitShown(rep.page, longLast), SHOW_TIMEOUT_MS, 'long log after reload'));
      console.log(`  reload → 5,000 messages shown: ${reloads.at(-1)!.toFixed(0)} ms`);
    }
    figures.domNodesWithLongLog = await rep.page.evaluate(() => document.getElementsByTagName('*').length);
    const toLong: number[] = [];
    const toShort: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      toShort.push(await withTimeout(timeSwitch(rep.page, shortId, shortLast), SHOW_TIMEOUT_MS, 'switch to the short log'));
      toLong.push(await withTimeout(timeSwitch(rep.page, longId, longLast), SHOW_TIMEOUT_MS, 'switch to the long log'));
      console.log(`  tab switch: to 5,000 messages ${toLong.at(-1)!.toFixed(0)} ms, to 50 messages ${toShort.at(-1)!.toFixed(0)} ms`);
    }
    figures.reloadToShown = summarize(reloads);
    figures.switchToLong = summarize(toLong);
    figures.switchToShort = summarize(toShort);
  } catch (error) {
    errors.push(`long log: ${errorText(error)}`);
  } finally {
    await rep.context.close().catch(() => undefined);
  }
}

async function measureMemory(browser: Browser, server: ServerProcess, figures: Record<string, unknown>, errors: string[]): Promise<void> {
  const rep = await openRepConsole(browser, server);
  const customers: Participant[] = [];
  try {
    await rep.page.getByTestId('console-status').and(rep.page.locator('[data-state="connected"]')).waitFor({ timeout: PAGE_WAIT_TIMEOUT_MS });
    figures.heapEmptyBytes = await heapUsedBytes(rep);
    let code: string | null = null;
    for (let i = 0; i < MEMORY_SESSIONS; i++) {
      code = await startSession(rep.page, code);
      const customer = await openCustomerPage(browser, server, `customer ${i}`);
      customers.push(customer);
      await fillJoinForm(customer.page, { code, name: `Customer ${i}`, query: 'Memory benchmark' });
      await customer.page.getByTestId('join-submit').click();
      await waitConnected(customer.page, `customer ${i}`);
      for (let m = 0; m < MEMORY_MESSAGES_EACH_WAY; m++) {
        await customer.page.getByTestId('message-input').fill(`Customer ${i} message ${m}: something is wrong with my computer.`);
        await customer.page.getByTestId('message-input').press('Enter');
        await rep.page.getByTestId('message-input').fill(`Rep answer ${m} to customer ${i}: let us look at it together.`);
        await rep.page.getByTestId('message-input').press('Enter');
      }
    }
    // Every customer's last message is in the console's storage-backed logs before measuring.
    await rep.page.waitForFunction((n) => document.querySelectorAll('[data-testid="chat-message"][data-role="customer"]').length >= n, MEMORY_MESSAGES_EACH_WAY, {
      timeout: PAGE_WAIT_TIMEOUT_MS,
    });
    figures.heapWithSessionsBytes = await heapUsedBytes(rep);
    console.log(`  heap: ${(Number(figures.heapEmptyBytes) / 1e6).toFixed(1)} MB empty, ${(Number(figures.heapWithSessionsBytes) / 1e6).toFixed(1)} MB with ${MEMORY_SESSIONS} sessions`);
  } catch (error) {
    errors.push(`memory: ${errorText(error)}`);
  } finally {
    for (const customer of customers) await customer.context.close().catch(() => undefined);
    await rep.context.close().catch(() => undefined);
  }
}

export async function measureConsole(browser: Browser, server: ServerProcess): Promise<ConsoleFigures> {
  const errors: string[] = [];
  const figures: Record<string, unknown> = {};
  console.log(`  long log: ${LONG_LOG_MESSAGES} stored messages, ${RUNS} runs…`);
  await measureLongLog(browser, server, figures, errors);
  console.log(`  memory: ${MEMORY_SESSIONS} sessions with customers…`);
  await measureMemory(browser, server, figures, errors);
  return {
    messages: LONG_LOG_MESSAGES,
    reloadToShown: (figures.reloadToShown as LatencySummary | undefined) ?? null,
    switchToLong: (figures.switchToLong as LatencySummary | undefined) ?? null,
    switchToShort: (figures.switchToShort as LatencySummary | undefined) ?? null,
    domNodesWithLongLog: (figures.domNodesWithLongLog as number | undefined) ?? null,
    heapEmptyBytes: (figures.heapEmptyBytes as number | undefined) ?? null,
    heapWithSessionsBytes: (figures.heapWithSessionsBytes as number | undefined) ?? null,
    sessions: MEMORY_SESSIONS,
    errors,
  };
}

const ms = (summary: LatencySummary | null, pick: (s: LatencySummary) => number) => (summary ? `${pick(summary).toFixed(1)} ms` : 'error');
const mb = (bytes: number | null) => (bytes === null ? 'error' : `${(bytes / 1e6).toFixed(1)} MB`);

/** Rows for the printed table (Figure, Ours, Baseline, Target, Result). */
export function consoleRows(figures: ConsoleFigures): string[][] {
  const perSession =
    figures.heapEmptyBytes !== null && figures.heapWithSessionsBytes !== null
      ? mb((figures.heapWithSessionsBytes - figures.heapEmptyBytes) / figures.sessions)
      : 'error';
  const ratio =
    figures.switchToLong && figures.switchToShort ? `${(figures.switchToLong.medianMs / figures.switchToShort.medianMs).toFixed(1)}× the 50-message tab` : 'n/a';
  return [
    [`Console: reload → ${figures.messages} messages shown, median`, ms(figures.reloadToShown, (s) => s.medianMs), '—', '—', '—'],
    [`Console: tab click → ${figures.messages} messages shown, median`, ms(figures.switchToLong, (s) => s.medianMs), ratio, '—', '—'],
    ['Console: tab click → 50 messages shown, median', ms(figures.switchToShort, (s) => s.medianMs), '—', '—', '—'],
    ['Console: DOM elements with the long log', figures.domNodesWithLongLog === null ? 'error' : String(figures.domNodesWithLongLog), '—', '—', '—'],
    ['Console: JS heap, signed in, no session', mb(figures.heapEmptyBytes), '—', '—', '—'],
    [`Console: JS heap, ${figures.sessions} sessions open`, mb(figures.heapWithSessionsBytes), `${perSession} per session`, '—', '—'],
  ];
}
