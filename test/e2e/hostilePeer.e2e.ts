/**
 * Issue 6: a hostile peer on the data channels. The rep and the customer pair, chat and send a
 * small file; then one page turns hostile through the `sendRaw` test hook and writes a few
 * thousand generated frames on the live link's `control`, `files` and `frames` channels
 * (test/fuzz/dataChannelFuzzFrames.ts makes them). The other page shows one coalesced notice,
 * throws nothing, renders and runs nothing injected, keeps its chat and file exactly as they
 * were (after a reload too), and a message over a fresh, honest link still arrives.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROL_KIND, encodeControlFrames, type ControlKind } from '../../protocol/controlFrame.js';
import { seededRandom } from '../fuzz/framePool.js';
import { HostileFrames } from '../fuzz/dataChannelFuzzFrames.js';
import { expect, expectConnected, fillJoinForm, messageTexts, sendMessage, startSession, test as base, type Participant } from './fixtures.js';

/** Frames per channel: control gets the most, it carries the most decoders. */
const CONTROL_FRAMES = 2_000;
const FILE_FRAMES = 800;
const SCREEN_FRAMES = 800;
/** A 1×1 PNG. */
const PNG_BYTES = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/zJ5tXQAAAABJRU5ErkJggg==', 'base64');

interface Watched extends Participant {
  readonly errors: string[];
}

async function open(participant: Participant): Promise<Watched> {
  const errors: string[] = [];
  participant.page.on('pageerror', (error) => errors.push(error.message));
  return { ...participant, errors };
}

const test = base.extend<{ hooked: { rep: Watched; customer: Watched; link: string } }>({
  hooked: async ({ browser, server }, use) => {
    const repContext = await browser.newContext();
    const rep = await open({ context: repContext, page: await repContext.newPage() });
    await rep.page.goto(`${server.url}/rep?testHooks=1#token=${server.repToken}`);
    const { link } = await startSession(rep.page);
    const customerContext = await browser.newContext();
    const customer = await open({ context: customerContext, page: await customerContext.newPage() });
    const hookedLink = link.replace('/join', '/join?testHooks=1');
    await customer.page.goto(hookedLink);
    await fillJoinForm(customer.page, { name: 'Ana', query: 'The printer prints blank pages' });
    await expectConnected(rep.page, customer.page);
    await use({ rep, customer, link: hookedLink });
    await repContext.close();
    await customerContext.close();
  },
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const transfer = (page: Page, name: string) => page.locator('[data-testid="chat-log"] [data-testid="transfer"]', { hasText: name });

async function downloadedHash(page: Page, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), transfer(page, name).getByTestId('transfer-download').click()]);
  return sha256(readFileSync((await download.path())!));
}

/** What the victim shows of the conversation: every message text by role, in order. */
async function chat(page: Page): Promise<{ rep: string[]; customer: string[] }> {
  return { rep: await messageTexts(page, 'rep'), customer: await messageTexts(page, 'customer') };
}

/** Elements or effects an injected payload would have produced. */
async function injected(page: Page): Promise<{ elements: number; ran: unknown }> {
  return page.evaluate(() => ({
    elements: document.querySelectorAll('img[src="x"], [onerror], iframe, object, embed, script:not([src]):not([type="module"])').length,
    ran: (window as { __hostileRan?: unknown }).__hostileRan,
  }));
}

/** Frames for the three channels, made against the victim's real document. */
function hostileFrames(seed: number, peerState: Uint8Array, victimRole: 'rep' | 'customer', victimClientId: number): Record<'control' | 'files' | 'frames', string[]> {
  const gen = new HostileFrames(seededRandom(seed));
  const syncPayload = (): Uint8Array => {
    switch (gen.int(4)) {
      case 0:
        return gen.randomBytes();
      case 1:
        return gen.syncMessage(gen.pick([0, 3, 200]), gen.randomBytes());
      default:
        // Well-formed but forbidden: deleting or rewriting entries, the victim's name, HTML, wrong shapes.
        return gen.syncMessage(gen.pick([1, 2]), gen.forbiddenUpdate(peerState, victimRole, victimClientId).update);
    }
  };
  const payload = (): { kind: ControlKind; bytes: Uint8Array } => {
    const kind = gen.pick([CONTROL_KIND.MESSAGE, CONTROL_KIND.SYNC, CONTROL_KIND.SYNC, CONTROL_KIND.AWARENESS]);
    if (kind === CONTROL_KIND.MESSAGE) return { kind, bytes: gen.peerMessageBytes() };
    if (kind === CONTROL_KIND.SYNC) return { kind, bytes: syncPayload() };
    return { kind, bytes: gen.randomBytes() };
  };
  const control: string[] = [];
  while (control.length < CONTROL_FRAMES) {
    // A truncated first fragment is followed by a whole payload, so the reassembler must recover.
    for (const frame of gen.controlFrames(payload)) control.push(b64(frame.subarray(0, 60 * 1024)));
  }
  // The spoofed, HTML-carrying entries at least once each, whole.
  for (const what of ['spoof-author', 'wrong-shape', 'delete-all', 'details-overwrite']) {
    let forged = gen.forbiddenUpdate(peerState, victimRole, victimClientId);
    while (forged.what !== what) forged = gen.forbiddenUpdate(peerState, victimRole, victimClientId);
    for (const frame of encodeControlFrames(CONTROL_KIND.SYNC, gen.syncMessage(2, forged.update))) control.push(b64(frame));
  }
  const files = Array.from({ length: FILE_FRAMES }, () => {
    const frame = gen.fileChunk([]);
    return typeof frame === 'string' ? `text:${frame}` : b64(new Uint8Array(frame));
  });
  const frames = Array.from({ length: SCREEN_FRAMES }, (_, i) => b64(gen.screenMessage(i)));
  return { control, files, frames };
}

async function sendRaw(page: Page, channel: 'control' | 'files' | 'frames', frames: string[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < frames.length; i += 200) {
    const batch = frames.slice(i, i + 200);
    written += await page.evaluate(
      ([name, list]) => (window as unknown as { __supportTestHooks: { sendRaw(c: string, f: string[]): Promise<number> } }).__supportTestHooks.sendRaw(name, list),
      [channel, batch] as const,
    );
  }
  return written;
}

async function transcriptState(page: Page): Promise<{ update: string; clientId: number }> {
  return page.evaluate(() => (window as unknown as { __supportTestHooks: { transcriptState(): { update: string; clientId: number } } }).__supportTestHooks.transcriptState());
}

async function attack(attacker: Watched, victim: Watched, victimRole: 'rep' | 'customer', link: string, seed: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'p2p-hostile-e2e-'));
  try {
    // ---- a normal conversation with a small file from the (future) attacker
    await sendMessage(victim.page, 'hello before the attack');
    await sendMessage(attacker.page, 'hi, all fine here');
    await expect.poll(() => messageTexts(victim.page, victimRole === 'rep' ? 'customer' : 'rep')).toEqual(['hi, all fine here']);
    const path = join(dir, 'screenshot.png');
    writeFileSync(path, PNG_BYTES);
    await attacker.page.getByTestId('attach-input').setInputFiles(path);
    await expect(transfer(victim.page, 'screenshot.png')).toHaveAttribute('data-sha256', sha256(PNG_BYTES));
    const chatBefore = await chat(victim.page);
    // Honest traffic never raises the notice, on either side.
    for (const page of [victim.page, attacker.page]) await expect(page.getByTestId('peer-error')).toHaveCount(0);
    expect(await downloadedHash(victim.page, 'screenshot.png')).toBe(sha256(PNG_BYTES));

    // ---- the attacker turns hostile
    const peerState = Buffer.from((await transcriptState(attacker.page)).update, 'base64');
    const victimClientId = (await transcriptState(victim.page)).clientId;
    const frames = hostileFrames(seed, peerState, victimRole, victimClientId);
    let written = 0;
    for (const channel of ['control', 'files', 'frames'] as const) written += await sendRaw(attacker.page, channel, frames[channel]);
    expect(written).toBeGreaterThan(3_000);

    // ---- the victim: one notice with a count and a code, accessible and dismissible
    const notice = victim.page.getByTestId('peer-error');
    await expect(notice).toBeVisible();
    await expect(notice).toHaveAttribute('data-code', /^[A-Z_]+$/);
    await expect.poll(async () => Number(await notice.getAttribute('data-count'))).toBeGreaterThan(100);
    await expect(notice).toHaveCount(1);
    expect((await new AxeBuilder({ page: victim.page }).include('[data-testid="peer-error"]').analyze()).violations).toEqual([]);

    // ---- a fresh, honest link: a normal message still arrives (after everything sent before it)
    await attacker.page.evaluate(() => (window as unknown as { __supportTestHooks: { dropLinks(): void } }).__supportTestHooks.dropLinks());
    await expectConnected(victim.page, attacker.page);
    await sendMessage(attacker.page, 'an honest message after the attack');
    const attackerRole = victimRole === 'rep' ? 'customer' : 'rep';
    const expected = { ...chatBefore, [attackerRole]: [...chatBefore[attackerRole], 'an honest message after the attack'] };
    await expect.poll(() => chat(victim.page)).toEqual(expected);
    await victim.page.getByTestId('peer-error-dismiss').click();
    await expect(notice).toHaveCount(0);

    // Nothing crashed, nothing injected rendered or ran.
    expect(victim.errors).toEqual([]);
    expect(await injected(victim.page)).toEqual({ elements: 0, ran: undefined });

    // ---- after a reload the stored transcript and the file are exactly as they were
    if (victimRole === 'rep') await victim.page.reload();
    else await victim.page.goto(link);
    await expectConnected(victim.page);
    await expect.poll(() => chat(victim.page)).toEqual(expected);
    await expect(transfer(victim.page, 'screenshot.png')).toHaveAttribute('data-sha256', sha256(PNG_BYTES));
    expect(await downloadedHash(victim.page, 'screenshot.png')).toBe(sha256(PNG_BYTES));
    expect(await injected(victim.page)).toEqual({ elements: 0, ran: undefined });
    expect(victim.errors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe('a hostile peer on the data channels', () => {
  test.setTimeout(180_000);

  test('the customer attacks the rep: the console shows a notice and keeps its transcript and file', async ({ hooked }) => {
    await attack(hooked.customer, hooked.rep, 'rep', hooked.link, 6001);
  });

  test('the rep attacks the customer: the join page shows a notice and keeps its transcript and file', async ({ hooked }) => {
    await attack(hooked.rep, hooked.customer, 'customer', hooked.link, 6002);
  });
});
