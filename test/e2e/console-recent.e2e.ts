/** Issue 3: Recent chats, the header search, starting a session from a ticket link, transcript export. */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { LOG_WINDOW_ENTRIES } from '../../client/ui/ChatLog.js';
import { seededTranscript, storeTranscriptUpdate } from '../support/seedTranscript.js';
import { expect, fillJoinForm, messageTexts, sendMessage, test } from './fixtures.js';
import { joinCustomer, openTab, tab } from './consoleHelpers.js';

const recent = (rep: Page, sessionId: string) => rep.locator(`[data-testid="recent-chat"][data-session-id="${sessionId}"]`);

test.describe('recent chats and finding a customer', () => {
  test('recent chats list live and past sessions, survive a reload, open a past transcript, and removal sticks', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await sendMessage(ana.page, 'My printer says offline');
    await sendMessage(rep.page, 'Let us restart it together');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual(['Let us restart it together']);
    await rep.page.getByRole('button', { name: 'End session' }).click();
    await expect(ana.page.getByText('This session has ended')).toBeVisible();
    const bo = await joinCustomer(rep.page, openCustomer, 'Bo');
    await sendMessage(bo.page, 'Wi-Fi keeps dropping');
    await expect(tab(rep.page, bo.sessionId)).toBeVisible();

    const list = rep.page.getByTestId('recent-chats');
    await expect(list.getByTestId('recent-chat')).toHaveCount(2);
    // Newest activity first, each with name, date and a line of the last message.
    await expect(list.getByTestId('recent-chat').first()).toHaveAttribute('data-session-id', bo.sessionId);
    await expect(recent(rep.page, bo.sessionId)).toContainText('Bo');
    await expect(recent(rep.page, bo.sessionId)).toContainText('Wi-Fi keeps dropping');
    await expect(recent(rep.page, ana.sessionId)).toContainText('Let us restart it together');
    await expect(recent(rep.page, ana.sessionId).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);

    await rep.page.reload();
    await expect(list.getByTestId('recent-chat')).toHaveCount(2);
    await expect(recent(rep.page, ana.sessionId)).toHaveAttribute('data-state', 'ended');
    // Only the open session comes back as a tab; the ended one opens from the list, read-only.
    await expect(rep.page.getByTestId('session-tab')).toHaveCount(1);
    await recent(rep.page, ana.sessionId).getByRole('button').first().click();
    const past = rep.page.getByTestId('past-chat');
    await expect(past).toHaveAttribute('data-session-id', ana.sessionId);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['My printer says offline']);
    await expect.poll(() => messageTexts(rep.page, 'rep')).toEqual(['Let us restart it together']);
    await expect(past.getByTestId('session-details').locator('[data-field="customerName"] dd')).toHaveText('Ana');
    await expect(past.getByTestId('message-input')).toHaveCount(0);
    // Back to the live session from its tab.
    await openTab(rep.page, bo.sessionId);
    await expect(rep.page.getByTestId('past-chat')).toHaveCount(0);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Wi-Fi keeps dropping']);

    // Remove Ana's chat from the list with its menu.
    await recent(rep.page, ana.sessionId).getByTestId('recent-chat-menu').click();
    await recent(rep.page, ana.sessionId).getByTestId('recent-chat-remove').click();
    await expect(recent(rep.page, ana.sessionId)).toHaveCount(0);
    await expect(list.getByTestId('recent-chat')).toHaveCount(1);
    await rep.page.reload();
    await expect(list.getByTestId('recent-chat')).toHaveCount(1);
    await expect(recent(rep.page, bo.sessionId)).toBeVisible();
    await expect(recent(rep.page, ana.sessionId)).toHaveCount(0);
  });

  test('the header search filters tabs and recent chats by customer name as you type', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana Souza');
    const bo = await joinCustomer(rep.page, openCustomer, 'Bo Chen');
    const search = rep.page.getByTestId('console-search');
    await search.pressSequentially('souz');
    await expect(rep.page.getByTestId('recent-chat')).toHaveCount(1);
    await expect(recent(rep.page, ana.sessionId)).toBeVisible();
    // Bo's tab is the selected one, so it stays; searching again for Bo hides Ana's tab.
    await expect(tab(rep.page, ana.sessionId)).toBeVisible();
    await search.fill('CHEN');
    await expect(rep.page.getByTestId('recent-chat')).toHaveCount(1);
    await expect(recent(rep.page, bo.sessionId)).toBeVisible();
    await expect(tab(rep.page, ana.sessionId)).toHaveCount(0);
    await search.fill('nobody');
    await expect(rep.page.getByTestId('recent-chat')).toHaveCount(0);
    await search.fill('');
    await expect(rep.page.getByTestId('recent-chat')).toHaveCount(2);
    await expect(rep.page.getByTestId('session-tab')).toHaveCount(2);
  });

  test('a ticket link starts one labelled session (not two on reload), and the transcript exports as HTML, text and JSON', async ({ rep, openCustomer, server }) => {
    await rep.page.goto(`${server.url}/rep?start=1&ref=TICKET-42&customer=Ana`);
    await expect(rep.page.getByTestId('session-tab')).toHaveCount(1);
    const started = rep.page.getByTestId('session-tab');
    await expect(started).toContainText('Ana');
    await expect(started).toHaveAttribute('aria-selected', 'true');
    await expect(rep.page.getByTestId('session-details').locator('[data-field="reference"] dd')).toHaveText('TICKET-42');
    await expect.poll(() => new URL(rep.page.url()).search).toBe('');
    await rep.page.reload();
    await expect(rep.page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected');
    await expect(rep.page.getByTestId('session-tab')).toHaveCount(1);

    const code = (await rep.page.getByTestId('session-code').textContent())!;
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code, name: 'Ana Souza', query: 'Printer <offline>' });
    await expect(customer.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await expect(customer.page.getByTestId('chat-log')).toContainText('TICKET-42');
    await sendMessage(customer.page, 'Hello <b>there</b>');
    await sendMessage(rep.page, 'Hi Ana, see https://example.org/fix');
    await rep.page.getByTestId('push-url').click();
    await rep.page.getByTestId('push-url-input').fill('https://example.org/fix');
    await rep.page.getByTestId('push-url-send').click();
    await customer.page.getByTestId('push-url-decline').click();
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer declined to open https://example.org/fix');

    const exported: Record<string, string> = {};
    for (const format of ['html', 'text', 'json']) {
      await rep.page.getByTestId('export-transcript').click();
      const [download] = await Promise.all([
        rep.page.waitForEvent('download'),
        rep.page.locator(`[data-testid="export-format"][data-format="${format}"]`).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^transcript-Ana-Souza-\\d{4}-\\d\\d-\\d\\d\\.(html|txt|json)$`));
      exported[format] = await readFile((await download.path())!, 'utf8');
    }
    const { html, text, json } = exported as { html: string; text: string; json: string };
    for (const body of [html, text]) {
      for (const expected of ['TICKET-42', 'Ana Souza', 'Ana Souza joined the session', 'Hi Ana, see https://example.org/fix', 'Web page sent to open: https://example.org/fix']) {
        expect(body).toContain(expected);
      }
      expect(body.indexOf('TICKET-42')).toBeLessThan(body.indexOf('Hi Ana'));
    }
    expect(text).toContain('Hello <b>there</b>');
    expect(text).toContain('Problem: Printer <offline>');
    expect(html).toContain('Hello &lt;b&gt;there&lt;/b&gt;');
    expect(html).not.toContain('<b>there');
    expect(html).not.toMatch(/<script/i);
    const file = JSON.parse(json);
    expect(file.details).toMatchObject({ reference: 'TICKET-42', customerName: 'Ana Souza', repName: 'Riley' });
    expect(file.entries.map((e: { kind: string; event?: string; text: string }) => e.event ?? e.text)).toEqual([
      'customer-joined',
      'Hello <b>there</b>',
      'Hi Ana, see https://example.org/fix',
      'push-url-sent',
      'push-url-declined',
    ]);
  });

  test('a ticket link opened before signing in starts its session once the rep signs in', async ({ browser, server }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/rep?start=1&ref=TICKET-77&customer=Bo`);
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.getByLabel('Representative token').fill(server.repToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('session-tab')).toHaveCount(1);
    await expect(page.getByTestId('session-tab')).toContainText('Bo');
    await expect(page.getByTestId('session-details').locator('[data-field="reference"] dd')).toHaveText('TICKET-77');
    await page.reload();
    await expect(page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected');
    await expect(page.getByTestId('session-tab')).toHaveCount(1);
    await context.close();
  });

  test('a long log shows its newest entries first and earlier ones on request; the export has them all', async ({ rep }) => {
    const COUNT = 450;
    await rep.page.getByTestId('new-session').click();
    const sessionId = (await rep.page.locator('[data-testid="session-tab"][aria-selected="true"]').getAttribute('data-session-id'))!;
    // Write a 450-message transcript where the console keeps it, then reload.
    await storeTranscriptUpdate(rep.page, 'rep', sessionId, seededTranscript(COUNT, Date.now() - 3_600_000, 'm'));
    await rep.page.reload();
    const log = rep.page.getByTestId('chat-log');
    await expect(log.locator(`[data-id="m${COUNT - 1}"]`)).toBeVisible();
    await expect(log.getByTestId('chat-message')).toHaveCount(LOG_WINDOW_ENTRIES);
    const earlier = log.getByTestId('show-earlier');
    await expect(earlier).toHaveAttribute('data-hidden', String(COUNT - LOG_WINDOW_ENTRIES));
    await earlier.click();
    await expect(log.getByTestId('chat-message')).toHaveCount(2 * LOG_WINDOW_ENTRIES);
    await earlier.click();
    await expect(log.getByTestId('chat-message')).toHaveCount(COUNT);
    await expect(earlier).toHaveCount(0);
    await expect(log.locator('[data-id="m0"]')).toBeAttached();

    await rep.page.getByTestId('export-transcript').click();
    const [download] = await Promise.all([rep.page.waitForEvent('download'), rep.page.locator('[data-testid="export-format"][data-format="json"]').click()]);
    const file = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(file.entries).toHaveLength(COUNT);
    expect(file.entries[0].id).toBe('m0');
  });

  test('find in a chat searches the whole log, and earlier chats with the same customer are at hand', async ({ rep, openCustomer }) => {
    const first = await joinCustomer(rep.page, openCustomer, 'Ana');
    await sendMessage(first.page, 'The printer shows error E42');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['The printer shows error E42']);
    await rep.page.getByRole('button', { name: 'End session' }).click();
    await expect(tab(rep.page, first.sessionId)).toHaveAttribute('data-state', 'ended');
    const second = await joinCustomer(rep.page, openCustomer, 'Ana');
    await sendMessage(second.page, 'Hello again, error E42 is back');
    await sendMessage(second.page, 'and the scanner too');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toHaveLength(2);

    const find = rep.page.getByTestId('find-in-chat');
    await find.fill('e42');
    await expect(rep.page.getByTestId('find-count')).toHaveAttribute('data-count', '1');
    await expect(rep.page.getByTestId('find-result')).toHaveText([/Hello again, error E42 is back/]);
    await find.fill('nothing like this');
    await expect(rep.page.getByTestId('find-count')).toHaveAttribute('data-count', '0');

    const history = rep.page.getByTestId('customer-history');
    await expect(history.getByTestId('history-chat')).toHaveCount(1);
    await history.getByTestId('history-chat').click();
    await expect(rep.page.getByTestId('past-chat')).toHaveCount(0);
    await expect(tab(rep.page, first.sessionId)).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['The printer shows error E42']);
  });
});
