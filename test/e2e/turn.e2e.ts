/**
 * Issue 7, TURN: a real coturn on loopback with TURN REST API credentials, and a signaling
 * server with TURN_URLS, TURN_SECRET and ICE_TRANSPORT_POLICY=relay, so both browsers may use
 * only relayed candidates. Chat and a file pass, and both pages' selected candidate pair is
 * relay on both ends (read from getStats() through the `?testHooks=1` hooks). Renewed
 * credentials reach the live connection (the pages' clocks are moved ahead to the renewal
 * point). With the wrong secret the relay refuses every allocation and the link never opens:
 * the relay is what carries the traffic. Chromium accepts a TURN server on 127.0.0.1, so no
 * other address is needed.
 */
import type { Browser, Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SupportTestHooks } from '../../client/session/testHooks.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { startTurnServer, type TurnServer } from '../support/turnServer.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test as base, type Participant } from './fixtures.js';

function relayOnlyServer(turn: TurnServer, secret: string): Promise<ServerProcess> {
  return startServerProcess({
    TURN_URLS: turn.url,
    TURN_SECRET: secret,
    TURN_CREDENTIAL_TTL_SECONDS: '600',
    ICE_TRANSPORT_POLICY: 'relay',
  });
}

/** What each page sent on its signaling socket, parsed. */
const framesSent = new WeakMap<Page, Record<string, unknown>[]>();

/** `withClock`: the page gets Playwright's controllable clock, so a test can jump ahead in time. */
async function openPage(browser: Browser, url: string, label: string, withClock = false): Promise<Participant> {
  const context = await browser.newContext();
  if (withClock) await context.clock.install();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${label} page error] ${error.message}`));
  const sent: Record<string, unknown>[] = [];
  framesSent.set(page, sent);
  page.on('websocket', (socket) => socket.on('framesent', (frame) => typeof frame.payload === 'string' && sent.push(JSON.parse(frame.payload))));
  await page.goto(url);
  return { context, page };
}

const test = base.extend<{}, { turn: TurnServer; server: ServerProcess }>({
  turn: [
    async ({}, use) => {
      const turn = await startTurnServer();
      await use(turn);
      await turn.stop();
    },
    { scope: 'worker' },
  ],
  server: [
    async ({ turn }, use) => {
      const server = await relayOnlyServer(turn, turn.secret);
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  rep: async ({ browser, server }, use) => {
    const rep = await openPage(browser, `${server.url}/rep?testHooks=1#token=${server.repToken}`, 'rep');
    await use(rep);
    await rep.context.close();
  },
  openCustomer: async ({ browser, server }, use) => {
    const opened: Participant[] = [];
    await use(async () => {
      const customer = await openPage(browser, `${server.url}/join?testHooks=1`, 'customer');
      opened.push(customer);
      return customer;
    });
    for (const customer of opened) await customer.context.close();
  },
});

const selectedPairs = (page: Page) =>
  page.evaluate(() => (window as unknown as { __supportTestHooks: SupportTestHooks }).__supportTestHooks.selectedCandidateTypes());

const iceUfrags = (page: Page) =>
  page.evaluate(() => (window as unknown as { __supportTestHooks: SupportTestHooks }).__supportTestHooks.iceUfrags());

const iceUsernames = (page: Page) =>
  page.evaluate(() => (window as unknown as { __supportTestHooks: SupportTestHooks }).__supportTestHooks.iceUsernames());

/** The expiry (unix seconds) in the one TURN username of the one session's peer connection. */
function turnExpiry(usernames: string[][]): number {
  expect(usernames).toHaveLength(1);
  expect(usernames[0]).toHaveLength(1);
  return Number(usernames[0]![0]!.split(':')[0]);
}

const transfer = (page: Page, name: string) => page.locator('[data-testid="chat-log"] [data-testid="transfer"]', { hasText: name });

/** The minted `<expiry>:<opaque id>` usernames for which coturn logged `outcome` (its log with --verbose). */
function usernamesWith(log: string, outcome: 'ALLOCATE processed, success' | 'message processed, error 401'): Set<string> {
  const lines = log.split('\n').filter((line) => line.includes(`incoming packet ${outcome}`));
  return new Set(lines.flatMap((line) => /user <(\d{10}:[A-Za-z0-9_-]+)>/.exec(line)?.[1] ?? []));
}

async function joinSession(rep: Participant, openCustomer: () => Promise<Participant>): Promise<Participant> {
  const { code } = await startSession(rep.page);
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Behind a strict firewall' });
  return customer;
}

test.describe('TURN relay', () => {
  test('with relay-only ICE, chat and a file pass and both pages use a relay pair', async ({ rep, openCustomer, turn }) => {
    test.setTimeout(90_000);
    const customer = await joinSession(rep, openCustomer);
    await expectConnected(rep.page, customer.page);
    // Joining hands the customer its TURN credentials, so it did not offer with its join (an
    // offer made before would have had no relay candidate): the rep made the offer.
    const joinFrame = framesSent.get(customer.page)!.find((frame) => frame.type === 'join');
    expect(joinFrame).toBeDefined();
    expect(joinFrame).not.toHaveProperty('offer');

    await sendMessage(rep.page, 'Hello through the relay');
    await sendMessage(customer.page, 'Hello back through the relay');
    for (const page of [rep.page, customer.page]) {
      await expect.poll(() => messageTexts(page, 'rep')).toEqual(['Hello through the relay']);
      await expect.poll(() => messageTexts(page, 'customer')).toEqual(['Hello back through the relay']);
    }

    const dir = mkdtempSync(join(tmpdir(), 'p2p-turn-e2e-'));
    try {
      const bytes = Buffer.from(randomBytes(48 * 1024).toString('hex'));
      const expected = createHash('sha256').update(bytes).digest('hex');
      const path = join(dir, 'relay-check.txt');
      writeFileSync(path, bytes);
      await customer.page.getByTestId('attach-input').setInputFiles(path);
      await expect(transfer(rep.page, 'relay-check.txt')).toHaveAttribute('data-state', 'complete', { timeout: 30_000 });
      await expect(transfer(rep.page, 'relay-check.txt')).toHaveAttribute('data-sha256', expected);
      const [download] = await Promise.all([
        rep.page.waitForEvent('download'),
        transfer(rep.page, 'relay-check.txt').getByTestId('transfer-download').click(),
      ]);
      expect(createHash('sha256').update(readFileSync((await download.path())!)).digest('hex')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    for (const page of [rep.page, customer.page]) {
      await expect.poll(() => selectedPairs(page)).toEqual([{ local: 'relay', remote: 'relay' }]);
    }
    // coturn allocated relays for both browsers' own short-lived `<expiry>:<opaque id>` usernames.
    expect(usernamesWith(turn.log(), 'ALLOCATE processed, success').size).toBeGreaterThanOrEqual(2);
  });

  test('renews the credentials before they expire and gives them to the live connection', async ({ browser, server }) => {
    const opened: Participant[] = [];
    const open = async (path: string, label: string) => {
      const participant = await openPage(browser, `${server.url}${path}`, label, true);
      opened.push(participant);
      return participant;
    };
    try {
      const rep = await open(`/rep?testHooks=1#token=${server.repToken}`, 'rep');
      const customer = await joinSession(rep, () => open('/join?testHooks=1', 'customer'));
      await expectConnected(rep.page, customer.page);
      const pages = [rep.page, customer.page];
      const before = await Promise.all(pages.map(iceUsernames));
      const ufragsBefore = await iceUfrags(rep.page);
      // 500 s of the 600 s lifetime: past the renewal point (70 to 80 % of it) on both pages.
      for (const page of pages) await page.clock.fastForward(500_000);
      for (const [i, page] of pages.entries()) {
        await expect.poll(() => iceUsernames(page)).not.toEqual(before[i]);
        const after = await iceUsernames(page);
        // A fresh username from the server (in real time only seconds passed, so the expiry may be the same second).
        expect(turnExpiry(after)).toBeGreaterThanOrEqual(turnExpiry(before[i]!));
        // The page's own link, not a new one: still relayed, still carrying chat.
        await expect.poll(() => selectedPairs(page)).toEqual([{ local: 'relay', remote: 'relay' }]);
      }
      // The rep restarted ICE, so the relay allocations are made again with the new credentials.
      await expect.poll(() => iceUfrags(rep.page)).not.toEqual(ufragsBefore);
      expect((await iceUfrags(rep.page))[0]).toBeTruthy();
      await sendMessage(customer.page, 'Still here after the renewal');
      await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Still here after the renewal']);
    } finally {
      for (const participant of opened) await participant.context.close();
    }
  });

  test('with the wrong secret the relay refuses the credentials and the link never opens', async ({ browser, turn }) => {
    const server = await relayOnlyServer(turn, randomBytes(24).toString('base64url'));
    const rep = await openPage(browser, `${server.url}/rep?testHooks=1#token=${server.repToken}`, 'rep');
    const customers: Participant[] = [];
    try {
      await expectRefused(rep, turn, async () => {
        const customer = await openPage(browser, `${server.url}/join?testHooks=1`, 'customer');
        customers.push(customer);
        return customer;
      });
    } finally {
      for (const participant of [rep, ...customers]) await participant.context.close();
      await server.stop();
    }
  });
});

async function expectRefused(rep: Participant, turn: TurnServer, openCustomer: () => Promise<Participant>): Promise<void> {
  const logStart = turn.log().length;
  const customer = await joinSession(rep, openCustomer);
  await sendMessage(customer.page, 'Can you hear me?');
  // Both browsers asked the relay with their minted usernames and were refused.
  await expect.poll(() => usernamesWith(turn.log().slice(logStart), 'message processed, error 401').size, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  // Relay-only with no relay leaves nothing to connect over (a direct path would take well under a second).
  await rep.page.waitForTimeout(3_000);
  for (const page of [rep.page, customer.page]) {
    await expect(page.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
    expect(await selectedPairs(page)).toEqual([null]);
  }
  await expect(rep.page.locator('[data-testid="chat-message"][data-role="customer"]')).toHaveCount(0);
}
