/**
 * Browser fixtures: a real server process per test file, a rep page and customer pages each in
 * their own browser context (own IndexedDB), driven only through the documented test ids.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startServerProcess, TEST_REP_NAME, type ServerProcess } from '../support/serverProcess.js';

export { expect, TEST_REP_NAME };

export interface Participant {
  readonly context: BrowserContext;
  readonly page: Page;
}

type WorkerFixtures = { server: ServerProcess };
type TestFixtures = {
  rep: Participant;
  openCustomer: () => Promise<Participant>;
};

async function newParticipant(browser: Browser, url: string): Promise<Participant> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return { context, page };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    async ({}, use) => {
      // One rep token serves every test of the worker, and tests leave their sessions open (a rep
      // may come back to them), so the per-rep cap (50 by default) would end the run, not a test.
      const server = await startServerProcess({ MAX_SESSIONS_PER_REP: '1000' });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  rep: async ({ browser, server }, use) => {
    const rep = await newParticipant(browser, `${server.url}/rep#token=${server.repToken}`);
    await use(rep);
    await rep.context.close();
  },
  openCustomer: async ({ browser, server }, use) => {
    const opened: Participant[] = [];
    await use(async () => {
      const customer = await newParticipant(browser, `${server.url}/join`);
      opened.push(customer);
      return customer;
    });
    for (const customer of opened) await customer.context.close();
  },
});

/** Rep presses New session; returns the code as shown and the join link. */
export async function startSession(rep: Page): Promise<{ code: string; link: string }> {
  await expect(rep.getByTestId('new-session')).toBeEnabled();
  await rep.getByTestId('new-session').click();
  const code = (await rep.getByTestId('session-code').textContent())!.trim();
  const link = (await rep.getByTestId('join-link').getAttribute('href'))!;
  return { code, link };
}

export async function fillJoinForm(page: Page, values: { code?: string; name: string; query: string }): Promise<void> {
  if (values.code !== undefined) await page.getByTestId('join-code').fill(values.code);
  await page.getByTestId('join-name').fill(values.name);
  await page.getByTestId('join-query').fill(values.query);
  await page.getByTestId('join-submit').click();
}

/** Both sides show connected. */
export async function expectConnected(...pages: Page[]): Promise<void> {
  for (const page of pages) await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByTestId('message-input').fill(text);
  await page.getByTestId('message-input').press('Enter');
}

/** Texts of the chat messages with a role, in log order. */
export async function messageTexts(page: Page, role: 'rep' | 'customer' | 'system'): Promise<string[]> {
  return page.locator(`[data-testid="chat-message"][data-role="${role}"] .text`).allTextContents();
}
