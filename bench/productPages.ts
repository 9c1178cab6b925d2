/**
 * Drives our rep console and customer join page through the documented test ids only, as
 * the browser tests do. Every wait has a timeout; the caller closes the contexts.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ServerProcess } from '../test/support/serverProcess.js';
import { newBenchContext } from './benchContext.js';
import { withTimeout } from './withTimeout.js';

export const PAGE_WAIT_TIMEOUT_MS = 15_000;

export interface Participant {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Site-absolute paths of the scripts this page fetched, in order (live list). */
  readonly scripts: string[];
}

function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  return scripts;
}

/** The rep console, signed in with the server's rep token, ready to start sessions. */
export async function openRepConsole(browser: Browser, server: ServerProcess): Promise<Participant> {
  const context = await newBenchContext(browser, 'rep');
  const page = await context.newPage();
  const scripts = recordScripts(page);
  await page.goto(`${server.url}/rep#token=${server.repToken}`, { timeout: PAGE_WAIT_TIMEOUT_MS });
  await page.getByTestId('new-session').waitFor({ state: 'visible', timeout: PAGE_WAIT_TIMEOUT_MS });
  return { context, page, scripts };
}

/** Presses New session and returns the code shown (waits until it differs from the last one). */
export async function startSession(rep: Page, previousCode: string | null): Promise<string> {
  await rep.getByTestId('new-session').click({ timeout: PAGE_WAIT_TIMEOUT_MS });
  const handle = await rep
    .waitForFunction(
    (previous) => {
      const text = document.querySelector('[data-testid="session-code"]')?.textContent?.trim() ?? '';
      return text !== '' && text !== previous ? text : null;
    },
    previousCode,
    { timeout: PAGE_WAIT_TIMEOUT_MS, polling: 20 },
    )
    .catch((error: unknown) => {
      throw new Error(`rep: no new session code after ${PAGE_WAIT_TIMEOUT_MS} ms`, { cause: error });
    });
  return (await handle.jsonValue()) as string;
}

/**
 * A customer's join page in a fresh context (with `initScript` run before the page's own scripts,
 * if given), returned once the page's signaling socket has
 * been welcomed by the server (so pressing Join does not also wait for the socket to open).
 */
export async function openCustomerPage(browser: Browser, server: ServerProcess, label: string, initScript?: () => void): Promise<Participant> {
  const context = await newBenchContext(browser, label);
  try {
    // Before the page's own scripts, so it sees what the page does on load too.
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    const scripts = recordScripts(page);
    let welcomed!: () => void;
    const welcome = new Promise<void>((resolve) => (welcomed = resolve));
    page.on('websocket', (socket) => {
      socket.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string' && frame.payload.includes('"type":"welcome"')) welcomed();
      });
    });
    await page.goto(`${server.url}/join`, { timeout: PAGE_WAIT_TIMEOUT_MS });
    await withTimeout(welcome, PAGE_WAIT_TIMEOUT_MS, 'customer page: welcome from the signaling server');
    await page.getByTestId('join-submit').waitFor({ state: 'visible', timeout: PAGE_WAIT_TIMEOUT_MS });
    return { context, page, scripts };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Has Playwright set up its helpers in the page's main world now, before anything is timed.
 * It injects its (large) helper script there on the first `evaluate` or `waitForFunction`; on
 * the customer page that first call used to be the wait for `connected` right after the click,
 * so about 16 ms of script evaluation on the page's main thread fell inside the measured
 * connect, just when the rep's answer arrived (seen in a renderer trace, 22 November 2026). The
 * PeerJS baseline, timed inside one `evaluate`, never paid it.
 */
export async function primeHarness(page: Page): Promise<void> {
  await page.evaluate(() => undefined);
  await page.waitForFunction(() => true, undefined, { timeout: PAGE_WAIT_TIMEOUT_MS, polling: 50 });
}

/** Fills the join form; the caller presses Join so it can time the press. */
export async function fillJoinForm(page: Page, values: { code: string; name: string; query: string }): Promise<void> {
  await page.getByTestId('join-code').fill(values.code, { timeout: PAGE_WAIT_TIMEOUT_MS });
  await page.getByTestId('join-name').fill(values.name, { timeout: PAGE_WAIT_TIMEOUT_MS });
  await page.getByTestId('join-query').fill(values.query, { timeout: PAGE_WAIT_TIMEOUT_MS });
}

/** Waits for this page's chat connection (the WebRTC control channel) to show as connected. */
export async function waitConnected(page: Page, who: string, timeoutMs = PAGE_WAIT_TIMEOUT_MS): Promise<void> {
  try {
    await page.waitForFunction(
      () => document.querySelector('[data-testid="connection-status"]')?.getAttribute('data-state') === 'connected',
      undefined,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (error) {
    const state = await page
      .getByTestId('connection-status')
      .getAttribute('data-state', { timeout: 1_000 })
      .catch(() => 'no connection-status element');
    throw new Error(`${who} not connected after ${timeoutMs} ms (data-state: ${state})`, { cause: error });
  }
}
