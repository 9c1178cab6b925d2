/** Issue 3: the rep's notes never leave the console; accessibility of the console with its dialogs open. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, messageTexts, sendMessage, test } from './fixtures.js';
import { joinCustomer } from './consoleHelpers.js';

/** Records every payload the page sends on any RTCDataChannel, as base64 (init script). */
function recordDataChannelTraffic(): void {
  const w = window as unknown as { __sent: string[] };
  w.__sent = [];
  const original = RTCDataChannel.prototype.send;
  const toBase64 = (bytes: Uint8Array) => {
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  };
  RTCDataChannel.prototype.send = function (this: RTCDataChannel, data: string | Blob | ArrayBuffer | ArrayBufferView) {
    if (typeof data === 'string') w.__sent.push(toBase64(new TextEncoder().encode(data)));
    else if (data instanceof ArrayBuffer) w.__sent.push(toBase64(new Uint8Array(data)));
    else if (ArrayBuffer.isView(data)) w.__sent.push(toBase64(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    return original.call(this, data as never);
  } as typeof RTCDataChannel.prototype.send;
}

/** Everything the rep's page sent on its data channels, decoded as UTF-8 (bytes that are not text become U+FFFD). */
async function sentTraffic(page: Page): Promise<{ count: number; text: string }> {
  const sent = await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);
  return { count: sent.length, text: sent.map((b64) => Buffer.from(b64, 'base64').toString('utf8')).join('\n') };
}

/** Every value in every object store of every IndexedDB database of the page, as text. */
async function allIndexedDbText(page: Page): Promise<{ stores: string[]; text: string }> {
  return page.evaluate(async () => {
    const decoder = new TextDecoder();
    const flatten = (value: unknown): string => {
      if (value instanceof ArrayBuffer) return decoder.decode(value);
      if (ArrayBuffer.isView(value)) return decoder.decode(value as ArrayBufferView);
      if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).map(flatten).join(' ');
      return String(value);
    };
    const stores: string[] = [];
    const texts: string[] = [];
    for (const info of await indexedDB.databases()) {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const name of Array.from(database.objectStoreNames)) {
        stores.push(`${info.name}/${name}`);
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const request = database.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        texts.push(...values.map(flatten));
      }
      database.close();
    }
    return { stores, text: texts.join('\n') };
  });
}

test.describe('privacy and accessibility of the console', () => {
  test('notes never reach the customer’s page, storage or the data channels', async ({ rep, openCustomer }) => {
    const NOTE = 'PRIVATE-NOTE-7731 customer sounds upset, offer a refund';
    const CHAT = 'CHAT-MARKER-5512 hello';
    await rep.context.addInitScript(recordDataChannelTraffic);
    await rep.page.reload();
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const notes = rep.page.getByTestId('notes');
    await expect(notes).toBeEnabled();
    await notes.fill(NOTE);
    await expect(rep.page.getByTestId('notes-state')).toHaveAttribute('data-saved', 'true');
    await sendMessage(rep.page, CHAT);
    await sendMessage(ana.page, 'reply from Ana');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual([CHAT]);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['reply from Ana']);

    // Notes survive a reload of the console (kept locally) and the customer keeps chatting.
    await rep.page.reload();
    await expect(rep.page.getByTestId('notes')).toHaveValue(NOTE);
    await expect(ana.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await sendMessage(rep.page, 'after reload');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual([CHAT, 'after reload']);

    // The recorder works (it saw the chat text go out) and never saw the note.
    const traffic = await sentTraffic(rep.page);
    expect(traffic.count).toBeGreaterThan(0);
    expect(traffic.text).toContain('after reload');
    expect(traffic.text).not.toContain('PRIVATE-NOTE-7731');
    // The customer's page: not in the DOM, not in any IndexedDB database (which does hold the chat).
    expect(await ana.page.locator('body').innerText()).not.toContain('PRIVATE-NOTE-7731');
    const stored = await allIndexedDbText(ana.page);
    expect(stored.stores.some((s) => s.startsWith('p2p-support-transcript-customer-'))).toBe(true);
    expect(stored.text).toContain('CHAT-MARKER-5512');
    expect(stored.text).not.toContain('PRIVATE-NOTE-7731');
    // The rep's own storage does hold it (so the check above could have found it).
    expect((await allIndexedDbText(rep.page)).text).toContain('PRIVATE-NOTE-7731');
  });

  test('the console passes axe-core with several sessions, Chat preferences and the scripted-messages editor open', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await joinCustomer(rep.page, openCustomer, 'Bo');
    await sendMessage(ana.page, 'unread for the tab badge');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('1');
    const scan = async () => {
      const result = await new AxeBuilder({ page: rep.page }).analyze();
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    expect(await scan()).toEqual([]);
    await rep.page.getByTestId('message-input').pressSequentially('/');
    await rep.page.getByTestId('canned-picker').click();
    expect(await scan()).toEqual([]);
    await rep.page.keyboard.press('Escape');
    await rep.page.getByTestId('open-preferences').click();
    await expect(rep.page.getByTestId('chat-preferences')).toBeVisible();
    expect(await scan()).toEqual([]);
    await rep.page.getByTestId('chat-preferences').getByRole('button', { name: 'Cancel' }).click();
    await rep.page.getByTestId('open-canned-editor').click();
    await rep.page.getByTestId('canned-new').click();
    expect(await scan()).toEqual([]);
    await rep.page.getByTestId('canned-shortcut').fill('a');
    await rep.page.getByTestId('canned-text').fill('A scripted answer');
    await rep.page.getByTestId('canned-save').click();
    expect(await scan()).toEqual([]);
    await rep.page.keyboard.press('Escape');
    // The suggestion list, the push form and a recent chat's menu.
    await rep.page.getByTestId('message-input').fill('');
    await rep.page.getByTestId('message-input').pressSequentially('/a');
    await expect(rep.page.getByTestId('canned-suggestions')).toBeVisible();
    expect(await scan()).toEqual([]);
    // The suggestions sit over the tool buttons while they show: Escape closes them.
    await rep.page.keyboard.press('Escape');
    await expect(rep.page.getByTestId('canned-suggestions')).toHaveCount(0);
    await rep.page.getByTestId('push-url').click();
    await rep.page.getByTestId('recent-chat-menu').first().click();
    expect(await scan()).toEqual([]);
    const customerScan = await new AxeBuilder({ page: ana.page }).analyze();
    expect(customerScan.violations.map((v) => v.id)).toEqual([]);
  });
});
