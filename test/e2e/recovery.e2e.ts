/**
 * Issue 6: nothing lost. Links cut while both sides type, a signaling-server restart in the
 * middle of a session, and a customer who closes the tab and opens the join link again.
 * Faults come from the documented test hooks (`?testHooks=1`) and by killing the real server.
 */
import type { Browser, Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test } from './fixtures.js';

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** A rep and a customer with fault hooks, joined and connected. */
async function pairWithHooks(browser: Browser, server: { url: string; repToken: string }) {
  const rep = await openPage(browser, `${server.url}/rep?testHooks=1#token=${server.repToken}`);
  const { code, link } = await startSession(rep);
  const customer = await openPage(browser, `${server.url}/join?testHooks=1`);
  await fillJoinForm(customer, { code, name: 'Ana', query: 'Flaky Wi-Fi' });
  await expectConnected(rep, customer);
  return { rep, customer, link };
}

const dropLinks = (page: Page) => page.evaluate(() => (window as unknown as { __supportTestHooks: { dropLinks(): void } }).__supportTestHooks.dropLinks());

/** Every chat message text in log order, on one page. */
const allTexts = (page: Page) => page.locator('[data-testid="chat-message"][data-role="rep"] .text, [data-testid="chat-message"][data-role="customer"] .text').allTextContents();

test.describe('recovery', () => {
  test('links cut while both sides type: both transcripts identical, every message once', async ({ browser, server }) => {
    const { rep, customer } = await pairWithHooks(browser, server);
    const sent: string[] = [];
    for (let round = 1; round <= 4; round++) {
      await dropLinks(round % 2 === 0 ? rep : customer);
      // Typed while the link is down or coming back: shown at once, delivered later.
      for (let i = 1; i <= 3; i++) {
        await sendMessage(customer, `c${round}.${i}`);
        await sendMessage(rep, `r${round}.${i}`);
        sent.push(`c${round}.${i}`, `r${round}.${i}`);
      }
      await expect.poll(() => messageTexts(customer, 'customer')).toContain(`c${round}.3`);
    }
    await expectConnected(rep, customer);
    await expect.poll(async () => (await allTexts(rep)).length).toBe(sent.length);
    await expect.poll(async () => (await allTexts(customer)).length).toBe(sent.length);
    const repLog = await allTexts(rep);
    const customerLog = await allTexts(customer);
    expect(customerLog).toEqual(repLog);
    expect(new Set(repLog)).toEqual(new Set(sent));
  });

  test('a signaling-server restart does not end the session, and a later reconnect works', async ({ browser }) => {
    let server: ServerProcess = await startServerProcess();
    const port = String(server.port);
    try {
      const { rep, customer } = await pairWithHooks(browser, server);
      await sendMessage(customer, 'before restart');
      await server.stop();
      // The peer connection carries on without the server.
      await sendMessage(rep, 'while the server is down');
      await expect.poll(() => messageTexts(customer, 'rep')).toEqual(['while the server is down']);
      await expectConnected(rep, customer);

      server = await startServerProcess({ PORT: port });
      await expect(rep.getByTestId('console-status')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
      // Both re-registered with the new process: a fresh pairing through it works.
      await dropLinks(rep);
      await expectConnected(rep, customer);
      await sendMessage(customer, 'after restart and reconnect');
      await expect.poll(() => messageTexts(rep, 'customer')).toEqual(['before restart', 'after restart and reconnect']);
    } finally {
      await server.stop();
    }
  });

  test('a customer who closes the tab and opens the join link again is back with the whole history', async ({ browser, server }) => {
    const rep = await openPage(browser, `${server.url}/rep#token=${server.repToken}`);
    const { link } = await startSession(rep);
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(link);
    await fillJoinForm(first, { name: 'Luis', query: 'Closed it by mistake' });
    await expectConnected(rep, first);
    await sendMessage(first, 'hello before closing');
    await sendMessage(rep, 'hi Luis');
    await expect.poll(() => messageTexts(first, 'rep')).toEqual(['hi Luis']);
    await first.close();

    const again = await context.newPage();
    await again.goto(link);
    await expect(again.getByTestId('join-name')).toHaveCount(0);
    await expectConnected(rep, again);
    await expect.poll(() => messageTexts(again, 'customer')).toEqual(['hello before closing']);
    await expect.poll(() => messageTexts(again, 'rep')).toEqual(['hi Luis']);
    await sendMessage(again, 'back again');
    await expect.poll(() => messageTexts(rep, 'customer')).toEqual(['hello before closing', 'back again']);
  });

  test('own messages show pending, then delivered and seen once the other side has shown them', async ({ browser, server }) => {
    const rep = await openPage(browser, `${server.url}/rep#token=${server.repToken}`);
    const { link } = await startSession(rep);
    const context = await browser.newContext();
    const customer = await context.newPage();
    await customer.goto(link);
    await fillJoinForm(customer, { name: 'Mia', query: 'Receipts' });
    await expectConnected(rep, customer);
    await sendMessage(customer, 'can you see this?');
    const customerOwn = customer.locator('[data-testid="chat-message"][data-role="customer"]');
    await expect(customerOwn).toHaveAttribute('data-delivery', 'seen');

    await customer.close();
    await expect(rep.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
    await sendMessage(rep, 'while you were away');
    const repOwn = rep.locator('[data-testid="chat-message"][data-role="rep"]');
    await expect(repOwn).toHaveAttribute('data-delivery', 'pending');
    // The mark is not a guess: it stays pending for as long as the customer is away.
    await rep.waitForTimeout(1_000);
    await expect(repOwn).toHaveAttribute('data-delivery', 'pending');

    const back = await context.newPage();
    await back.goto(link);
    await expectConnected(rep, back);
    await expect(repOwn).toHaveAttribute('data-delivery', 'seen');
    // The other side's messages carry no mark.
    await expect(back.locator('[data-testid="chat-message"][data-role="rep"]')).not.toHaveAttribute('data-delivery', /.*/);
  });
});
