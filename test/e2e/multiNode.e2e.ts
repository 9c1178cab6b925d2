/**
 * Issue 7, several signaling nodes, in real browsers: the rep's console reaches node A and the
 * customer's page node B (each through a load balancer that prefers that node and falls back
 * to node C), all three on one real Redis. They pair and chat; then the customer's node dies,
 * then the rep's: each page reconnects through its balancer to node C and registers again,
 * a fresh pairing goes through the surviving nodes, and both transcripts end identical.
 */
import type { Browser, Page } from '@playwright/test';
import { startTcpBalancer, type TcpBalancer } from '../support/tcpBalancer.js';
import { TEST_REP_TOKEN } from '../support/serverProcess.js';
import { startNodeCluster, type NodeCluster } from '../integration/support/nodeCluster.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test } from './fixtures.js';

async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return page;
}

const dropLinks = (page: Page) => page.evaluate(() => (window as unknown as { __supportTestHooks: { dropLinks(): void } }).__supportTestHooks.dropLinks());
const allTexts = (page: Page) => page.locator('[data-testid="chat-message"][data-role="rep"] .text, [data-testid="chat-message"][data-role="customer"] .text').allTextContents();

test.describe('several signaling nodes', () => {
  let cluster: NodeCluster;
  const balancers: TcpBalancer[] = [];

  test.beforeAll(async () => {
    cluster = await startNodeCluster(['a', 'b', 'c'], { CLIENT_DIR: process.env.CLIENT_DIR ?? 'dist/client' });
  });

  test.afterAll(async () => {
    await Promise.all(balancers.map((b) => b.close()));
    await cluster?.stop();
  });

  /** Sockets open on a node, from its /healthz. */
  async function connectionsOn(name: string): Promise<number> {
    const health = (await (await fetch(`${cluster.node(name).url}/healthz`)).json()) as { connections: number };
    return health.connections;
  }

  /** A balancer that sends every connection to `preferred` while it is up, else to node C. */
  async function balancer(preferred: string): Promise<TcpBalancer> {
    const ports = { [preferred]: cluster.node(preferred).port, c: cluster.node('c').port };
    const started = await startTcpBalancer(() => [ports[preferred]!, ports.c!]);
    balancers.push(started);
    return started;
  }

  test('a rep on node A and a customer on node B chat, and keep chatting while both nodes die', async ({ browser }) => {
    test.setTimeout(120_000);
    const toA = await balancer('a');
    const toB = await balancer('b');
    const rep = await openPage(browser, `${toA.url}/rep?testHooks=1#token=${TEST_REP_TOKEN}`);
    const { code } = await startSession(rep);
    const customer = await openPage(browser, `${toB.url}/join?testHooks=1`);
    await fillJoinForm(customer, { code, name: 'Ana', query: 'Two offices, one problem' });
    await expectConnected(rep, customer);
    const sent: string[] = [];
    const say = async (page: Page, text: string) => {
      await sendMessage(page, text);
      sent.push(text);
    };
    await say(customer, 'hello from node B');
    await say(rep, 'hello from node A');
    await expect.poll(() => messageTexts(customer, 'rep')).toEqual(['hello from node A']);

    // The customer's node dies. The conversation goes on browser to browser meanwhile.
    cluster.kill('b');
    await say(rep, 'while B is gone');
    await expect.poll(() => messageTexts(customer, 'rep')).toContain('while B is gone');
    // The customer's page comes back through its balancer to node C; then a fresh pairing
    // has to go through node C (customer) and node A (rep).
    await expect.poll(() => connectionsOn('c'), { timeout: 30_000 }).toBe(1);
    await dropLinks(customer);
    await expectConnected(rep, customer);
    await say(customer, 'after moving to node C');
    await expect.poll(() => messageTexts(rep, 'customer')).toContain('after moving to node C');

    // Then the rep's node dies; the console moves to node C too.
    cluster.kill('a');
    await say(customer, 'while A is gone');
    await expect.poll(() => connectionsOn('c'), { timeout: 30_000 }).toBe(2);
    await expect(rep.getByTestId('console-status')).toHaveAttribute('data-state', 'connected');
    await dropLinks(rep);
    await expectConnected(rep, customer);
    await say(rep, 'both on node C now');

    await expect.poll(async () => (await allTexts(rep)).length, { timeout: 20_000 }).toBe(sent.length);
    await expect.poll(async () => (await allTexts(customer)).length, { timeout: 20_000 }).toBe(sent.length);
    const repLog = await allTexts(rep);
    expect(await allTexts(customer)).toEqual(repLog);
    expect(new Set(repLog)).toEqual(new Set(sent));
  });
});
