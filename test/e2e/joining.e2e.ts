/** Issue 2: a customer joins by code or by link, and the rep's chat box opens with the details. */
import { scriptPathsOf } from '../../bench/bundleSize.js';
import { expect, expectConnected, fillJoinForm, messageTexts, startSession, test, TEST_REP_NAME } from './fixtures.js';

test.describe('joining a session', () => {
  test('joins by code typed with dashes, and the rep sees every session detail', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    expect(code).toMatch(/^\d{3} \d{3} \d{3}$/);
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code: code.replace(/ /g, '-'), name: 'Ana Souza', query: 'My printer says offline' });
    await expectConnected(rep.page, customer.page);

    const details = rep.page.getByTestId('session-details');
    await expect(details.locator('[data-field="customerName"] dd')).toHaveText('Ana Souza');
    await expect(details.locator('[data-field="query"] dd')).toHaveText('My printer says offline');
    await expect(details.locator('[data-field="joinedBy"] dd')).toHaveText('Session code');
    await expect(details.locator('[data-field="os"] dd')).toHaveText('Linux');
    await expect(details.locator('[data-field="browser"] dd')).toContainText(/Chrom/);
    await expect(details.locator('[data-field="sessionId"] dd')).toHaveText(/^[A-Za-z0-9_-]{16,}$/);
    await expect(details.locator('[data-field="startedAt"] dd')).not.toBeEmpty();
    await expect(details.locator('[data-field="repName"] dd')).toHaveText(TEST_REP_NAME);
    // The same details head both chat logs, then the status note.
    await expect(rep.page.getByTestId('chat-log').locator('.details')).toContainText('My printer says offline');
    await expect(customer.page.getByTestId('chat-log').locator('.details')).toContainText('Ana Souza');
    await expect.poll(() => messageTexts(rep.page, 'system')).toEqual(['Ana Souza joined the session']);
    await expect.poll(() => messageTexts(customer.page, 'system')).toEqual(['Ana Souza joined the session']);
    // The chat box took the focus so the rep can type at once.
    await expect(rep.page.getByTestId('message-input')).toBeFocused();
  });

  test('while the customer fills in the form, the page warms up WebRTC on throwaway connections that gather nothing and are closed', async ({ browser, server, rep }) => {
    const context = await browser.newContext();
    try {
      // Count the page's peer connections, their closes and any candidate they gather.
      await context.addInitScript(() => {
        const seen = { created: 0, closed: 0, candidates: 0 };
        (window as unknown as { __pcs: typeof seen }).__pcs = seen;
        const Native = window.RTCPeerConnection;
        window.RTCPeerConnection = class extends Native {
          constructor(config?: RTCConfiguration) {
            super(config);
            seen.created++;
            this.addEventListener('icecandidate', (event) => {
              if (event.candidate) seen.candidates++;
            });
          }
          override close(): void {
            seen.closed++;
            super.close();
          }
        };
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/join`);
      const pcs = () => page.evaluate(() => ({ ...(window as unknown as { __pcs: { created: number; closed: number; candidates: number } }).__pcs }));
      await expect.poll(pcs).toEqual({ created: 2, closed: 2, candidates: 0 });
      const databases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));
      expect(databases.filter((name) => name.includes('transcript'))).toEqual([]);
      // And joining works as ever afterwards.
      const { code } = await startSession(rep.page);
      await fillJoinForm(page, { code, name: 'Ana', query: 'Warm start' });
      await expectConnected(rep.page, page);
      expect((await pcs()).created).toBe(3);
    } finally {
      await context.close();
    }
  });

  test('the chat view opens after joining even when the rep\'s page is not there to make an offer', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    // The rep's page goes away: the session stays, but nobody will offer a link for now.
    await rep.page.goto('about:blank');
    const customer = await openCustomer();
    await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Nobody answers' });
    await expect(customer.page.getByTestId('message-input')).toBeVisible();
    await expect(customer.page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
    await customer.page.getByTestId('message-input').fill('Hello? Anyone?');
    await customer.page.getByTestId('message-input').press('Enter');
    await expect.poll(() => messageTexts(customer.page, 'customer')).toEqual(['Hello? Anyone?']);
  });

  test('joins by link without typing a code', async ({ rep, openCustomer }) => {
    const { link } = await startSession(rep.page);
    expect(link).toMatch(/\/join#t=[A-Za-z0-9_-]{43,}$/);
    const customer = await openCustomer();
    await customer.page.goto(link);
    await expect(customer.page.getByTestId('join-code')).toHaveCount(0);
    await fillJoinForm(customer.page, { name: 'Luis', query: 'VPN drops' });
    await expectConnected(rep.page, customer.page);
    await expect(rep.page.getByTestId('session-details').locator('[data-field="joinedBy"] dd')).toHaveText('Join link');
  });

  test('refuses a wrong, a malformed and a reused code with the right error codes', async ({ rep, openCustomer }) => {
    const { code } = await startSession(rep.page);
    const digits = code.replace(/ /g, '');
    const wrong = digits.slice(0, 8) + String((Number(digits[8]) + 1) % 10);
    const stranger = await openCustomer();
    await fillJoinForm(stranger.page, { code: wrong, name: 'Mallory', query: '' });
    await expect(stranger.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_INVALID');
    await stranger.page.getByTestId('join-code').fill('12345');
    await stranger.page.getByTestId('join-submit').click();
    await expect(stranger.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_INVALID');

    const first = await openCustomer();
    await fillJoinForm(first.page, { code, name: 'Ana', query: 'help' });
    await expectConnected(first.page);
    const second = await openCustomer();
    await fillJoinForm(second.page, { code, name: 'Bo', query: 'help' });
    await expect(second.page.getByTestId('join-error')).toHaveAttribute('data-code', 'CODE_USED');
    await expect(second.page.getByTestId('join-error')).toBeVisible();
  });

  test('every script either page loads first carries V8\'s compile hint on its first line', async ({ server }) => {
    // vite.config.ts puts it there; V8 reads it only as a script's very first line.
    for (const pagePath of ['/join', '/rep']) {
      const scripts = scriptPathsOf(await (await fetch(`${server.url}${pagePath}`)).text());
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        const firstLine = (await (await fetch(`${server.url}${script}`)).text()).split('\n', 1)[0];
        expect(firstLine, `${pagePath}: ${script}`).toBe('//# allFunctionsCalledOnLoad');
      }
    }
  });

  test('a wrong rep token is refused with a clear error', async ({ browser, server }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/rep#token=not-the-right-token-at-all`);
    await expect(page.getByTestId('sign-in-error')).toHaveAttribute('data-code', 'UNAUTHORIZED');
    await context.close();
  });
});
