/**
 * Issue 4: file attachments peer to peer. Its own server (smaller size limit, SVG and .bin
 * allowed so the preview and size rules can be exercised) and pages opened with ?testHooks=1.
 */
import type { Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_CHUNK_HEADER_BYTES as FRAME_HEADER } from '../../protocol/fileTransfer.js';
import { CHAT_BUFFER_HIGH_BYTES, CHAT_CHUNK_BYTES, CHAT_HOLD_MS, FILE_BUFFER_HIGH_BYTES, FILE_CHUNK_BYTES } from '../../client/files/chunker.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test as base, type Participant } from './fixtures.js';

const MiB = 1024 * 1024;
const BIG_BYTES = 50 * MiB;
const MAX_BYTES = 60 * MiB;
const ALLOWED = 'png,svg,bin,txt';
/** A 1×1 PNG. */
const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/zJ5tXQAAAABJRU5ErkJggg==', 'base64');

const test = base.extend<{ files: (name: string, bytes: Buffer) => string }, { server: ServerProcess }>({
  server: [
    async ({}, use) => {
      const server = await startServerProcess({ FILE_MAX_BYTES: String(MAX_BYTES), FILE_ALLOWED_EXTENSIONS: ALLOWED });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  rep: async ({ browser, server }, use) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[rep page error] ${error.message}`));
    await page.goto(`${server.url}/rep?testHooks=1#token=${server.repToken}`);
    await use({ context, page });
    await context.close();
  },
  openCustomer: async ({ browser, server }, use) => {
    const opened: Participant[] = [];
    await use(async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error(`[customer page error] ${error.message}`));
      await page.goto(`${server.url}/join?testHooks=1`);
      opened.push({ context, page });
      return { context, page };
    });
    for (const customer of opened) await customer.context.close();
  },
  files: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'p2p-files-e2e-'));
    await use((name, bytes) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    });
    rmSync(dir, { recursive: true, force: true });
  },
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function joined(rep: Participant, openCustomer: () => Promise<Participant>): Promise<Participant> {
  const { code } = await startSession(rep.page);
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name: 'Ana', query: 'The printer prints blank pages' });
  await expectConnected(rep.page, customer.page);
  return customer;
}

const transfer = (page: Page, name: string) => page.locator('[data-testid="chat-log"] [data-testid="transfer"]', { hasText: name });

async function attach(page: Page, path: string): Promise<void> {
  await page.getByTestId('attach-input').setInputFiles(path);
}

type SendPeak = { bytes: number; frame: number };

/**
 * Records, on the rep's page (reloaded for it), the most its `files` channel held right after a
 * send and the largest frame sent. The returned function sends a file to the customer and says
 * both for that transfer.
 */
async function trackFileSends(rep: Participant): Promise<(customer: Participant, path: string) => Promise<SendPeak>> {
  await rep.context.addInitScript(() => {
    const peak = { bytes: 0, frame: 0 };
    (window as unknown as { __filesPeak: typeof peak }).__filesPeak = peak;
    const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: ArrayBuffer) => void;
    RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: ArrayBuffer) {
      send.call(this, data);
      if (this.label !== 'files') return;
      peak.bytes = Math.max(peak.bytes, this.bufferedAmount);
      peak.frame = Math.max(peak.frame, data.byteLength);
    } as RTCDataChannel['send'];
  });
  await rep.page.reload();
  return async (customer, path) => {
    await rep.page.evaluate(() => Object.assign((window as unknown as { __filesPeak: SendPeak }).__filesPeak, { bytes: 0, frame: 0 }));
    await attach(rep.page, path);
    const name = path.split('/').pop()!;
    await expect(transfer(customer.page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
    return rep.page.evaluate(() => ({ ...(window as unknown as { __filesPeak: SendPeak }).__filesPeak }));
  };
}

/** Waits until the receiver has stored part of the file (so an action lands mid-transfer). */
async function waitForProgress(page: Page, name: string, atLeast: number): Promise<void> {
  await expect.poll(() => transfer(page, name).locator('progress').evaluate((el) => (el as HTMLProgressElement).value).catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(atLeast);
}

async function downloadedHash(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), transfer(page, name).getByTestId('transfer-download').click()]);
  expect(download.suggestedFilename()).toBe(name);
  return sha256(readFileSync((await download.path())!));
}

test.describe('file attachments', () => {
  test('a 50 MB file each way arrives with the same SHA-256, offered for download', async ({ rep, openCustomer, files }) => {
    test.setTimeout(240_000);
    const customer = await joined(rep, openCustomer);
    for (const [from, to, name] of [[rep, customer, 'rep-to-customer.bin'], [customer, rep, 'customer-to-rep.bin']] as const) {
      const bytes = randomBytes(BIG_BYTES);
      const expected = sha256(bytes);
      await attach(from.page, files(name, bytes));
      for (const page of [from.page, to.page]) {
        await expect(transfer(page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
        await expect(transfer(page, name)).toHaveAttribute('data-sha256', expected);
      }
      expect(await downloadedHash(to.page, name)).toBe(expected);
      await expect(transfer(from.page, name).getByTestId('transfer-download')).toHaveCount(0);
      await expect.poll(() => messageTexts(to.page, 'system')).toContainEqual(expect.stringContaining(`File received: ${name} (50.0 MiB)`));
    }
    // The entries and their hashes stay with the transcript after a reload.
    await rep.page.reload();
    await expect(transfer(rep.page, 'customer-to-rep.bin')).toHaveAttribute('data-state', 'complete');
    await expect(transfer(rep.page, 'rep-to-customer.bin')).toHaveAttribute('data-sha256', /^[0-9a-f]{64}$/);
  });

  test('a disallowed type and an oversized file are refused before sending, and by the receiver when forced', async ({ rep, openCustomer, files }) => {
    test.setTimeout(120_000);
    const customer = await joined(rep, openCustomer);
    const exe = files('setup.exe', Buffer.from('MZ not really a program'));
    const big = files('huge.bin', Buffer.alloc(MAX_BYTES + 1));

    await attach(rep.page, exe);
    await attach(rep.page, big);
    const refusals = rep.page.locator('.chat-tools [data-testid="transfer-error"]');
    await expect(refusals).toHaveCount(2);
    expect(await refusals.evaluateAll((els) => els.map((el) => el.getAttribute('data-code')))).toEqual(['FILE_TYPE_NOT_ALLOWED', 'FILE_TOO_LARGE']);
    await expect(refusals.first()).toContainText('Allowed extensions: png, svg, bin, txt');
    await expect(refusals.last()).toContainText('60.0 MiB');
    // Nothing was offered: no entry in either log.
    await expect(customer.page.locator('[data-testid="chat-log"] [data-testid="transfer"]')).toHaveCount(0);
    await expect(rep.page.locator('[data-testid="chat-log"] [data-testid="transfer"]')).toHaveCount(0);

    // Forced past the sender's check, the receiver refuses with the same codes.
    for (const [path, name, code] of [[exe, 'setup.exe', 'FILE_TYPE_NOT_ALLOWED'], [big, 'huge.bin', 'FILE_TOO_LARGE']] as const) {
      await customer.page.evaluate(() => ((window as unknown as { __supportTestHooks: { forceNextOffer: boolean } }).__supportTestHooks.forceNextOffer = true));
      await attach(customer.page, path);
      for (const page of [customer.page, rep.page]) {
        await expect(transfer(page, name)).toHaveAttribute('data-state', 'failed');
        await expect(transfer(page, name).getByTestId('transfer-error')).toHaveAttribute('data-code', code);
      }
    }
    await expect.poll(() => messageTexts(customer.page, 'system')).toContainEqual(expect.stringContaining('File transfer failed: setup.exe'));
  });

  test('the sender can cancel, and so can the receiver', async ({ rep, openCustomer, files }) => {
    test.setTimeout(120_000);
    const customer = await joined(rep, openCustomer);
    const cases = [
      { name: 'cancelled-by-sender.bin', canceller: rep.page, who: 'The representative' },
      { name: 'cancelled-by-receiver.bin', canceller: customer.page, who: 'The customer' },
    ];
    for (const { name, canceller, who } of cases) {
      await attach(rep.page, files(name, Buffer.alloc(BIG_BYTES)));
      await waitForProgress(customer.page, name, 1 * MiB);
      await transfer(canceller, name).getByTestId('transfer-cancel').click();
      for (const page of [rep.page, customer.page]) {
        await expect(transfer(page, name)).toHaveAttribute('data-state', 'cancelled');
        await expect(transfer(page, name).getByTestId('transfer-cancel')).toHaveCount(0);
        await expect(transfer(page, name).getByTestId('transfer-download')).toHaveCount(0);
      }
      const other = canceller === rep.page ? customer.page : rep.page;
      await expect.poll(() => messageTexts(other, 'system')).toContainEqual(expect.stringContaining(`${who} cancelled ${name}`));
    }
  });

  test('a transfer cut short by the end of the session fails on both sides; the past chat keeps its files', async ({ rep, openCustomer, files }) => {
    test.setTimeout(120_000);
    const customer = await joined(rep, openCustomer);
    await attach(customer.page, files('screenshot.png', PNG_BYTES));
    await expect(transfer(rep.page, 'screenshot.png')).toHaveAttribute('data-state', 'complete');
    await attach(customer.page, files('unfinished.bin', Buffer.alloc(BIG_BYTES)));
    await waitForProgress(rep.page, 'unfinished.bin', 1 * MiB);
    await rep.page.getByRole('button', { name: 'End session' }).click();
    await expect(customer.page.getByText('This session has ended')).toBeVisible();
    const unfinished = transfer(customer.page, 'unfinished.bin');
    await expect(unfinished).toHaveAttribute('data-state', 'failed');
    await expect(unfinished.getByTestId('transfer-error')).toHaveAttribute('data-code', 'FILE_SESSION_ENDED');
    await expect(unfinished.getByTestId('transfer-cancel')).toHaveCount(0);

    await expect(transfer(rep.page, 'unfinished.bin').getByTestId('transfer-error')).toHaveAttribute('data-code', 'FILE_SESSION_ENDED');
    // The rep closes the ended tab and opens the conversation again from Recent chats: both
    // files are there, read from this browser's storage.
    await rep.page.getByRole('button', { name: 'Close tab' }).click();
    await expect(rep.page.getByTestId('recent-chat').first()).toContainText('File: unfinished.bin');
    await rep.page.getByTestId('recent-chat').first().getByRole('button').first().click();
    await expect(rep.page.getByTestId('past-chat')).toBeVisible();
    await expect(transfer(rep.page, 'screenshot.png')).toHaveAttribute('data-state', 'complete');
    await expect(transfer(rep.page, 'screenshot.png').getByTestId('transfer-preview')).toBeVisible();
    expect(await downloadedHash(rep.page, 'screenshot.png')).toBe(sha256(PNG_BYTES));
    await expect(transfer(rep.page, 'unfinished.bin')).toHaveAttribute('data-state', 'failed');
    await expect(transfer(rep.page, 'unfinished.bin').getByTestId('transfer-error')).toHaveAttribute('data-code', 'FILE_SESSION_ENDED');
    await expect(transfer(rep.page, 'unfinished.bin').getByTestId('transfer-download')).toHaveCount(0);
    await expect(rep.page.getByTestId('past-chat').getByTestId('transfer-cancel')).toHaveCount(0);
  });

  test('an image previews inline and an SVG does not', async ({ rep, openCustomer, files }) => {
    const customer = await joined(rep, openCustomer);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>window.__pwned=1</script><rect width="10" height="10"/></svg>';
    await attach(customer.page, files('screenshot.png', PNG_BYTES));
    await attach(customer.page, files('diagram.svg', Buffer.from(svg)));
    for (const name of ['screenshot.png', 'diagram.svg']) await expect(transfer(rep.page, name)).toHaveAttribute('data-state', 'complete');
    const preview = transfer(rep.page, 'screenshot.png').locator('img[data-testid="transfer-preview"]');
    await expect(preview).toHaveCount(1);
    expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await expect(transfer(rep.page, 'diagram.svg').locator('img, svg, object, iframe, embed')).toHaveCount(0);
    await expect(rep.page.locator('[data-testid="chat-log"] svg')).toHaveCount(0);
    expect(await rep.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // The SVG can still be downloaded, as bytes.
    expect(await downloadedHash(rep.page, 'diagram.svg')).toBe(sha256(Buffer.from(svg)));
  });

  test('chat messages keep flowing during a transfer', async ({ rep, openCustomer, files }) => {
    test.setTimeout(180_000);
    const customer = await joined(rep, openCustomer);
    const name = 'large-log.bin';
    // Each page notes the file's state at the moment each message from the other side appears.
    for (const { page, from } of [{ page: rep.page, from: 'customer' }, { page: customer.page, from: 'rep' }]) {
      await page.evaluate(
        ({ from, name }) => {
          const seen: { text: string; fileState: string | null }[] = [];
          (window as unknown as { __arrivals: typeof seen }).__arrivals = seen;
          const log = document.querySelector('[data-testid="chat-log"]')!;
          new MutationObserver(() => {
            const texts = [...log.querySelectorAll(`[data-testid="chat-message"][data-role="${from}"] .text`)].map((el) => el.textContent ?? '');
            const file = [...log.querySelectorAll('[data-testid="transfer"]')].find((el) => el.textContent?.includes(name));
            for (const text of texts.slice(seen.length)) seen.push({ text, fileState: file?.getAttribute('data-state') ?? null });
          }).observe(log, { childList: true, subtree: true });
        },
        { from, name },
      );
    }
    await attach(rep.page, files(name, Buffer.alloc(BIG_BYTES)));
    await waitForProgress(customer.page, name, 1 * MiB);
    // Messages go out only while at least 40 % of the file is still to come (how fast the file
    // moves depends on the machine), so each has that long to arrive ahead of the last chunk.
    const received = () => transfer(customer.page, name).locator('progress').evaluate((el) => (el as HTMLProgressElement).value).catch(() => BIG_BYTES);
    let sent = 0;
    while (sent < 3 && (await received()) < 0.6 * BIG_BYTES) {
      sent++;
      await sendMessage(rep.page, `rep during transfer ${sent}`);
      await sendMessage(customer.page, `customer during transfer ${sent}`);
    }
    expect(sent).toBeGreaterThan(0);
    await expect(transfer(customer.page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
    const arrivals = (page: Page) => page.evaluate(() => (window as unknown as { __arrivals: { text: string; fileState: string | null }[] }).__arrivals);
    const during = (who: string, fileState: string) => Array.from({ length: sent }, (_, i) => ({ text: `${who} during transfer ${i + 1}`, fileState }));
    expect(await arrivals(customer.page)).toEqual(during('rep', 'receiving'));
    expect(await arrivals(rep.page)).toEqual(during('customer', 'sending'));
  });

  test('while people chat, the sender keeps less of the file queued ahead of their messages', async ({ rep, openCustomer, files }) => {
    test.setTimeout(180_000);
    const peakOf = await trackFileSends(rep);
    const customer = await joined(rep, openCustomer);
    // Nobody has chatted yet: the file may fill the channel's buffer (256 KiB) in 64 KiB chunks.
    const quiet = await peakOf(customer, files('quiet.bin', randomBytes(20 * MiB)));
    // Now they chat: the next file keeps to 64 KiB plus the chunk just sent, in 16 KiB chunks,
    // and the receiver takes them.
    await sendMessage(customer.page, 'Is it through yet?');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Is it through yet?']);
    const chatting = await peakOf(customer, files('chatting.bin', randomBytes(20 * MiB)));
    expect(quiet.bytes).toBeGreaterThan(FILE_BUFFER_HIGH_BYTES / 2);
    expect(quiet.bytes).toBeLessThan(FILE_BUFFER_HIGH_BYTES + FILE_CHUNK_BYTES + FRAME_HEADER);
    expect(quiet.frame).toBe(FILE_CHUNK_BYTES + FRAME_HEADER);
    expect(chatting.bytes).toBeLessThan(CHAT_BUFFER_HIGH_BYTES + CHAT_CHUNK_BYTES + FRAME_HEADER);
    expect(chatting.frame).toBe(CHAT_CHUNK_BYTES + FRAME_HEADER);
  });

  test('the sender typing a reply paces the file for the chat before anything is sent', async ({ rep, openCustomer, files }) => {
    const peakOf = await trackFileSends(rep);
    const customer = await joined(rep, openCustomer);
    await rep.page.getByTestId('message-input').pressSequentially('One moment, the log is on its way');
    const typing = await peakOf(customer, files('typing.bin', randomBytes(8 * MiB)));
    expect(typing.frame).toBe(CHAT_CHUNK_BYTES + FRAME_HEADER);
    expect(await messageTexts(customer.page, 'rep')).toEqual([]);
  });

  test('a chat message from either side holds the file back for a moment, and the file goes on after it', async ({ rep, openCustomer, files }) => {
    test.setTimeout(180_000);
    // The rep's page notes when it hands each file frame to the channel (epoch milliseconds,
    // comparable between the two pages of one browser).
    await rep.context.addInitScript(() => {
      const sent: number[] = [];
      (window as unknown as { __fileSends: number[] }).__fileSends = sent;
      const send = RTCDataChannel.prototype.send as (this: RTCDataChannel, data: ArrayBuffer) => void;
      RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: ArrayBuffer) {
        send.call(this, data);
        if (this.label === 'files') sent.push(performance.timeOrigin + performance.now());
      } as RTCDataChannel['send'];
    });
    await rep.page.reload();
    const customer = await joined(rep, openCustomer);
    const name = 'held.bin';
    await attach(rep.page, files(name, randomBytes(BIG_BYTES)));
    await waitForProgress(customer.page, name, 1 * MiB);
    const now = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());
    const windows: { from: number; to: number }[] = [];
    // The customer (the receiver) writes, then the rep (the sender) does.
    for (const [page, seenBy, role, text] of [
      [customer.page, rep.page, 'customer', 'Still there?'],
      [rep.page, rep.page, 'rep', 'Yes, the log is on its way'],
    ] as const) {
      const from = await now(page);
      await sendMessage(page, text);
      await expect.poll(() => messageTexts(seenBy, role)).toContain(text);
      windows.push({ from, to: await now(seenBy) });
    }
    await expect(transfer(customer.page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
    const sends = await rep.page.evaluate(() => (window as unknown as { __fileSends: number[] }).__fileSends);
    // Between the Enter and the message showing on the sender's page, the sender paused for
    // CHAT_HOLD_MS (less a millisecond of timer rounding) and then sent more of the file.
    for (const { from, to } of windows) {
      const longestPause = sends.reduce((longest, at, i) => (i > 0 && at >= from && sends[i - 1]! <= to ? Math.max(longest, at - sends[i - 1]!) : longest), 0);
      expect(longestPause).toBeGreaterThanOrEqual(CHAT_HOLD_MS - 2);
      expect(sends.some((at) => at > to)).toBe(true);
    }
  });

  test('a transfer interrupted by closing the peer connection resumes and completes with the right hash', async ({ rep, openCustomer, files }) => {
    test.setTimeout(240_000);
    const customer = await joined(rep, openCustomer);
    const name = 'interrupted.bin';
    const bytes = randomBytes(BIG_BYTES);
    await attach(rep.page, files(name, bytes));
    await waitForProgress(customer.page, name, 8 * MiB);
    // Note every connection state the rep's badge shows from here on: the drop may be brief.
    await rep.page.evaluate(() => {
      const badge = document.querySelector('[data-testid="connection-status"]')!;
      const seen: string[] = [];
      (window as unknown as { __states: string[] }).__states = seen;
      new MutationObserver(() => seen.push(badge.getAttribute('data-state') ?? '')).observe(badge, { attributes: true, attributeFilter: ['data-state'] });
    });
    await rep.page.evaluate(() => (window as unknown as { __supportTestHooks: { dropLinks(): void } }).__supportTestHooks.dropLinks());
    await expect.poll(() => rep.page.evaluate(() => (window as unknown as { __states: string[] }).__states)).toContainEqual('reconnecting');
    await expectConnected(rep.page, customer.page);
    for (const page of [rep.page, customer.page]) {
      await expect(transfer(page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
      await expect(transfer(page, name)).toHaveAttribute('data-sha256', sha256(bytes));
    }
    expect(await downloadedHash(customer.page, name)).toBe(sha256(bytes));
  });
});

/** The file worker of a page (client/files/fileWorker.ts), or undefined while none runs. */
const fileWorker = (page: Page) => page.workers().find((worker) => /\/fileWorker-[^/]*\.js$/.test(worker.url()));
const workerTotals = (page: Page) => fileWorker(page)!.evaluate(() => (self as unknown as { fileWorkerTotals: { storedBytes: number; readBytes: number } }).fileWorkerTotals);

test.describe('the file worker', () => {
  test('starts with the first transfer and does the reading, hashing and storing; a reloaded receiver rehashes there and resumes', async ({ rep, openCustomer, files }) => {
    test.setTimeout(240_000);
    const customer = await joined(rep, openCustomer);
    // Nothing at page load: the worker comes with the first transfer.
    expect(fileWorker(rep.page)).toBeUndefined();
    expect(fileWorker(customer.page)).toBeUndefined();
    const name = 'through-the-worker.bin';
    const bytes = randomBytes(BIG_BYTES);
    await attach(rep.page, files(name, bytes));
    await waitForProgress(customer.page, name, 8 * MiB);
    for (const page of [rep.page, customer.page]) expect(fileWorker(page)).toBeDefined();
    // The receiver's page is reloaded mid-transfer: its new worker rehashes what was stored and
    // stores only the rest; the sender's worker read (and hashed) the whole file.
    await customer.page.reload();
    await expectConnected(rep.page, customer.page);
    for (const page of [rep.page, customer.page]) {
      await expect(transfer(page, name)).toHaveAttribute('data-state', 'complete', { timeout: 120_000 });
      await expect(transfer(page, name)).toHaveAttribute('data-sha256', sha256(bytes));
    }
    const stored = (await workerTotals(customer.page)).storedBytes;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(BIG_BYTES);
    expect((await workerTotals(rep.page)).readBytes).toBeGreaterThanOrEqual(BIG_BYTES);
    expect(await downloadedHash(customer.page, name)).toBe(sha256(bytes));
  });

  for (const side of ['receiver', 'sender'] as const) {
    test(`that cannot load fails the transfer on both sides with FILE_WORKER_FAILED (${side})`, async ({ rep, openCustomer, files }) => {
      test.setTimeout(120_000);
      const customer = await joined(rep, openCustomer);
      const broken = side === 'receiver' ? customer : rep;
      await broken.context.route(/\/fileWorker-[^/]*\.js$/, (route) => route.abort('failed'));
      const name = `no-worker-${side}.bin`;
      await attach(rep.page, files(name, randomBytes(4 * MiB)));
      for (const page of [rep.page, customer.page]) {
        await expect(transfer(page, name)).toHaveAttribute('data-state', 'failed');
        await expect(transfer(page, name).getByTestId('transfer-error')).toHaveAttribute('data-code', 'FILE_WORKER_FAILED');
      }
      await expect(transfer(customer.page, name).getByTestId('transfer-download')).toHaveCount(0);
      // The page itself is fine: the next transfer, with the worker reachable again, completes.
      await broken.context.unroute(/\/fileWorker-[^/]*\.js$/);
      const bytes = randomBytes(2 * MiB);
      await attach(rep.page, files('after.bin', bytes));
      await expect(transfer(customer.page, 'after.bin')).toHaveAttribute('data-sha256', sha256(bytes), { timeout: 60_000 });
    });
  }

  test('where there is no Worker the pages move the file themselves', async ({ rep, openCustomer, files }) => {
    test.setTimeout(120_000);
    const noWorker = () => delete (globalThis as { Worker?: unknown }).Worker;
    await rep.context.addInitScript(noWorker);
    await rep.page.reload();
    const { code } = await startSession(rep.page);
    const customer = await openCustomer();
    await customer.context.addInitScript(noWorker);
    await customer.page.reload();
    await fillJoinForm(customer.page, { code, name: 'Ana', query: 'The printer prints blank pages' });
    await expectConnected(rep.page, customer.page);
    const bytes = randomBytes(8 * MiB);
    await attach(customer.page, files('inline.bin', bytes));
    for (const page of [rep.page, customer.page]) await expect(transfer(page, 'inline.bin')).toHaveAttribute('data-sha256', sha256(bytes), { timeout: 60_000 });
    expect(await downloadedHash(rep.page, 'inline.bin')).toBe(sha256(bytes));
    for (const page of [rep.page, customer.page]) expect(page.workers()).toHaveLength(0);
  });
});
