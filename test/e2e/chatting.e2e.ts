/** Issue 2: messages both ways, hostile text, typing signals, reloads, rejoin, accessibility. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test, TEST_REP_NAME, type Participant } from './fixtures.js';

async function joined(rep: Participant, openCustomer: () => Promise<Participant>, name = 'Ana'): Promise<Participant> {
  const { code } = await startSession(rep.page);
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name, query: 'Outlook will not start' });
  await expectConnected(rep.page, customer.page);
  return customer;
}

async function authors(page: Page, role: 'rep' | 'customer'): Promise<string[]> {
  return page.locator(`[data-testid="chat-message"][data-role="${role}"] .author`).allTextContents();
}

test.describe('chatting', () => {
  test('20 messages each way arrive in order, with names, own on the right', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    for (let i = 1; i <= 20; i++) {
      await sendMessage(customer.page, `customer ${i}`);
      await sendMessage(rep.page, `rep ${i}`);
    }
    const expectedCustomer = Array.from({ length: 20 }, (_, i) => `customer ${i + 1}`);
    const expectedRep = Array.from({ length: 20 }, (_, i) => `rep ${i + 1}`);
    for (const page of [rep.page, customer.page]) {
      await expect.poll(() => messageTexts(page, 'customer')).toEqual(expectedCustomer);
      await expect.poll(() => messageTexts(page, 'rep')).toEqual(expectedRep);
      expect(new Set(await authors(page, 'customer'))).toEqual(new Set(['Ana']));
      expect(new Set(await authors(page, 'rep'))).toEqual(new Set([TEST_REP_NAME]));
    }
    // Both logs hold the same entries in the same order.
    const order = (page: Page) => page.locator('[data-testid="chat-message"]').evaluateAll((els) => els.map((el) => el.textContent));
    expect((await order(rep.page)).length).toBe(41);
    await expect(rep.page.locator('[data-role="rep"]').first()).toHaveClass(/own/);
    await expect(rep.page.locator('[data-role="customer"]').first()).toHaveClass(/theirs/);
    await expect(customer.page.locator('[data-role="customer"]').first()).toHaveClass(/own/);
    const repOrder = (await order(rep.page)).map((t) => t?.replace(/\d\d:\d\d.*$/, ''));
    const customerOrder = (await order(customer.page)).map((t) => t?.replace(/\d\d:\d\d.*$/, ''));
    expect(customerOrder.length).toBe(repOrder.length);
  });

  test('what one task sends leaves as one batch, and a peer that says protocol version 1 gets none', async ({ browser, server }) => {
    type Hooks = { announceVersion: number | null; controlKinds(): (readonly number[] | null)[] };
    const hooks = (page: Page) => page.evaluate(() => (window as unknown as { __supportTestHooks: Hooks }).__supportTestHooks.controlKinds()[0]);
    const repContext = await browser.newContext();
    const customerContext = await browser.newContext();
    try {
      const repPage = await repContext.newPage();
      await repPage.goto(`${server.url}/rep?testHooks=1#token=${server.repToken}`);
      const { link } = await startSession(repPage);
      const customerPage = await customerContext.newPage();
      await customerPage.goto(link.replace('/join', '/join?testHooks=1'));
      // This customer page speaks as an older one would: version 1, which has no batches.
      await customerPage.evaluate(() => ((window as unknown as { __supportTestHooks: Hooks }).__supportTestHooks.announceVersion = 1));
      await fillJoinForm(customerPage, { name: 'Ana', query: 'Outlook will not start' });
      await expectConnected(repPage, customerPage);
      for (let i = 1; i <= 5; i++) {
        await sendMessage(customerPage, `customer ${i}`);
        await sendMessage(repPage, `rep ${i}`);
      }
      const expected = (who: string) => Array.from({ length: 5 }, (_, i) => `${who} ${i + 1}`);
      for (const page of [repPage, customerPage]) {
        await expect.poll(() => messageTexts(page, 'customer')).toEqual(expected('customer'));
        await expect.poll(() => messageTexts(page, 'rep')).toEqual(expected('rep'));
      }
      const BATCH = 3;
      // The customer heard the rep say version 2: each message and the typing signal it
      // clears reached the rep as one batch. The rep heard version 1 and sent it none.
      expect((await hooks(repPage))![BATCH]).toBeGreaterThanOrEqual(5);
      expect((await hooks(customerPage))![BATCH]).toBe(0);
      expect((await hooks(customerPage))![0]).toBeGreaterThanOrEqual(5);
    } finally {
      await repContext.close();
      await customerContext.close();
    }
  });

  test('Shift+Enter makes a new line and Enter sends', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    const input = customer.page.getByTestId('message-input');
    await input.type('line one');
    await input.press('Shift+Enter');
    await input.type('line two');
    await expect(input).toHaveValue('line one\nline two');
    await input.press('Enter');
    await expect(input).toHaveValue('');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['line one\nline two']);
  });

  test('Unicode, emoji, right-to-left and a 5,000-character message survive', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    const samples = [
      'Grüße aus Köln — naïve façade, 日本語のテキスト, 中文',
      'Emoji: 👩🏽‍💻🚀🎉 and a flag 🇧🇷',
      'مرحبا، كيف يمكنني مساعدتك؟',
      'שלום עולם',
      'x'.repeat(4_990) + ' end 12345',
    ];
    for (const text of samples) await sendMessage(customer.page, text);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(samples);
    expect((await messageTexts(rep.page, 'customer'))[4]!.length).toBe(5_000);
  });

  test('HTML and script show as literal text and run nothing; only http(s) becomes a link', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    const payloads = [
      '<img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=2</script>',
      '<a href="javascript:window.__pwned=3">click</a>',
    ];
    for (const text of payloads) await sendMessage(customer.page, text);
    await sendMessage(customer.page, 'see https://example.org/help?q=1 or javascript:alert(1)');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual([...payloads, 'see https://example.org/help?q=1 or javascript:alert(1)']);
    const log = rep.page.getByTestId('chat-log');
    await expect(log.locator('img, script')).toHaveCount(0);
    const links = log.locator('a');
    await expect(links).toHaveCount(1);
    await expect(links).toHaveAttribute('href', 'https://example.org/help?q=1');
    await expect(links).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(links).toHaveAttribute('target', '_blank');
    expect(await rep.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('the typing signal appears, clears at once on send and by itself when typing stops', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await expect(rep.page.getByTestId('typing-indicator')).toHaveCount(0);
    await customer.page.getByTestId('message-input').type('I am typ');
    await expect(rep.page.getByTestId('typing-indicator')).toBeVisible();
    await expect(rep.page.getByTestId('typing-indicator')).toContainText('Ana');
    await customer.page.getByTestId('message-input').press('Enter');
    await expect(rep.page.getByTestId('typing-indicator')).toHaveCount(0);

    await rep.page.getByTestId('message-input').type('One moment');
    await expect(customer.page.getByTestId('typing-indicator')).toBeVisible();
    // No keystrokes for a few seconds: the signal clears by itself (bounded wait, not a timing assertion).
    await expect(customer.page.getByTestId('typing-indicator')).toHaveCount(0, { timeout: 10_000 });
    await expect(rep.page.getByTestId('message-input')).toHaveValue('One moment');
  });

  test('both pages reload and find the whole conversation; the customer rejoins without a code', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await sendMessage(customer.page, 'before reload 1');
    await sendMessage(rep.page, 'before reload 2');
    await expect.poll(() => messageTexts(customer.page, 'rep')).toEqual(['before reload 2']);

    await customer.page.reload();
    await expect.poll(() => messageTexts(customer.page, 'customer')).toEqual(['before reload 1']);
    await expect.poll(() => messageTexts(customer.page, 'rep')).toEqual(['before reload 2']);
    await expect(customer.page.getByTestId('join-code')).toHaveCount(0);
    await expectConnected(rep.page, customer.page);

    await rep.page.reload();
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['before reload 1']);
    await expect.poll(() => messageTexts(rep.page, 'rep')).toEqual(['before reload 2']);
    await expectConnected(rep.page, customer.page);

    await sendMessage(customer.page, 'after reload');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['before reload 1', 'after reload']);
  });

  test('the rep sees the customer leave, and keeps what they type while the customer is away', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await customer.page.close();
    await expect(rep.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('Ana left the session');
    await expect(rep.page.getByTestId('message-input')).toBeEnabled();
    await sendMessage(rep.page, 'Are you still there?');
    await expect.poll(() => messageTexts(rep.page, 'rep')).toEqual(['Are you still there?']);

    // The customer comes back in the same browser (same context, same storage) and gets it.
    const back = await customer.context.newPage();
    await back.goto(customer.page.url());
    await expectConnected(rep.page, back);
    await expect.poll(() => messageTexts(back, 'rep')).toEqual(['Are you still there?']);
    await expect.poll(() => messageTexts(rep.page, 'system')).toEqual([
      'Ana joined the session',
      'Ana left the session',
      'Ana joined the session',
    ]);
  });

  test('pages pass axe-core checks and the log is announced as a log', async ({ rep, openCustomer }) => {
    const joinPage = await openCustomer();
    const formScan = await new AxeBuilder({ page: joinPage.page }).analyze();
    expect(formScan.violations.map((v) => v.id)).toEqual([]);
    const customer = await joined(rep, openCustomer);
    await sendMessage(customer.page, 'accessibility check');
    await expect(rep.page.getByTestId('chat-log')).toHaveAttribute('role', 'log');
    for (const page of [rep.page, customer.page]) {
      const scan = await new AxeBuilder({ page }).analyze();
      expect(scan.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });

  test('the rep console works by keyboard alone', async ({ rep, openCustomer }) => {
    await expect(rep.page.getByTestId('new-session')).toBeEnabled();
    await rep.page.getByTestId('new-session').focus();
    await rep.page.keyboard.press('Enter');
    await expect(rep.page.getByTestId('session-code')).toBeVisible();
    const code = (await rep.page.getByTestId('session-code').textContent())!;
    const customer = await openCustomer();
    await customer.page.keyboard.press('Tab');
    await expect(customer.page.getByTestId('join-code')).toBeFocused();
    await customer.page.keyboard.type(code);
    await customer.page.keyboard.press('Tab');
    await customer.page.keyboard.type('Kim');
    await customer.page.keyboard.press('Tab');
    await customer.page.keyboard.type('Keyboard only');
    await customer.page.keyboard.press('Tab');
    await expect(customer.page.getByTestId('join-submit')).toBeFocused();
    await customer.page.keyboard.press('Enter');
    await expectConnected(rep.page, customer.page);
    // The chat box has the focus on both sides: type and press Enter.
    await expect(rep.page.getByTestId('message-input')).toBeFocused();
    await rep.page.keyboard.type('Hello from the keyboard');
    await rep.page.keyboard.press('Enter');
    await expect(customer.page.getByTestId('chat-log')).toContainText('Hello from the keyboard');
  });
});
