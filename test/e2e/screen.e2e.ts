/**
 * Issue 5: the customer's screen as a live thumbnail on the rep's side, only while the
 * customer allows it. Chromium runs with the fake media flags, so the browser's screen picker
 * answers at once with a synthetic screen (1280 × 720) whose picture changes every frame.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectConnected, fillJoinForm, messageTexts, startSession, test, TEST_REP_NAME, type Participant } from './fixtures.js';

type CaptureWindow = Window & { __displayMediaCalls?: number; __screenStreams?: MediaStream[] };

async function joined(rep: Participant, openCustomer: () => Promise<Participant>): Promise<Participant> {
  const { code } = await startSession(rep.page);
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name: 'Ana', query: 'My printer prints blank pages' });
  await expectConnected(rep.page, customer.page);
  await watchScreenPicker(customer.page);
  return customer;
}

/**
 * Counts the page's calls to getDisplayMedia and keeps the streams it returned (observation
 * only: the app calls navigator.mediaDevices.getDisplayMedia as usual).
 */
async function watchScreenPicker(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as CaptureWindow;
    const devices = navigator.mediaDevices;
    const original = devices.getDisplayMedia.bind(devices);
    w.__displayMediaCalls = 0;
    w.__screenStreams = [];
    devices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      w.__displayMediaCalls!++;
      const stream = await original(options);
      w.__screenStreams!.push(stream);
      return stream;
    };
  });
}

const pickerCalls = (page: Page) => page.evaluate(() => (window as CaptureWindow).__displayMediaCalls ?? -1);

async function frameShown(page: Page, testId = 'screen-thumbnail'): Promise<number> {
  const value = await page.getByTestId(testId).getAttribute('data-frame');
  return value === null ? -1 : Number(value);
}

/** Rep asks, customer allows; returns once the rep shows a first frame. */
async function startSharing(rep: Participant, customer: Participant): Promise<void> {
  await rep.page.getByTestId('request-screen').click();
  await expect(customer.page.getByTestId('screen-prompt')).toBeVisible();
  await customer.page.getByTestId('screen-accept').click();
  await expect(customer.page.getByTestId('screen-sharing-indicator')).toBeVisible();
  await expect.poll(() => frameShown(rep.page)).toBeGreaterThanOrEqual(0);
}

async function expectFramesAdvance(page: Page, testId = 'screen-thumbnail'): Promise<void> {
  const first = await frameShown(page, testId);
  await expect.poll(() => frameShown(page, testId), { timeout: 15_000 }).toBeGreaterThan(first + 2);
}

async function expectNothingShared(rep: Participant, customer: Participant): Promise<void> {
  await expect(rep.page.getByTestId('screen-thumbnail')).toHaveCount(0);
  await expect(rep.page.getByTestId('screen-viewer')).toHaveCount(0);
  await expect(customer.page.getByTestId('screen-sharing-indicator')).toHaveCount(0);
  await expect(rep.page.getByTestId('request-screen')).toBeEnabled();
}

test.describe('screen thumbnail', () => {
  test('request, allow: frames arrive on the rep side and the frame number advances', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await expect(rep.page.getByTestId('screen-thumbnail')).toHaveCount(0);
    await rep.page.getByTestId('request-screen').click();
    await expect(rep.page.getByTestId('request-screen')).toBeDisabled();
    await expect(customer.page.getByTestId('screen-prompt')).toContainText(`${TEST_REP_NAME} asks to see your screen`);
    await expect.poll(() => messageTexts(customer.page, 'system')).toContain('The representative asked to see the screen');
    expect(await pickerCalls(customer.page)).toBe(0);

    await customer.page.getByTestId('screen-accept').click();
    await expect(customer.page.getByTestId('screen-sharing-indicator')).toContainText(`Your screen is being shared with ${TEST_REP_NAME}`);
    await expect(customer.page.getByTestId('screen-prompt')).toHaveCount(0);
    await expect.poll(() => frameShown(rep.page)).toBeGreaterThanOrEqual(0);
    await expectFramesAdvance(rep.page);
    // Thumbnail size: the synthetic 1280 × 720 screen scaled to 320 px wide.
    await expect(rep.page.getByTestId('screen-thumbnail')).toHaveAttribute('data-width', '320');
    await expect(rep.page.getByTestId('screen-thumbnail')).toHaveAttribute('data-height', '180');
    await expect(rep.page.getByTestId('screen-freshness')).toContainText('Updated');
    expect(await pickerCalls(customer.page)).toBe(1);
    await expect.poll(() => messageTexts(rep.page, 'system')).toEqual(
      expect.arrayContaining(['You asked to see the screen', 'The customer started sharing the screen']),
    );
    await expect.poll(() => messageTexts(customer.page, 'system')).toContain('You started sharing the screen');
  });

  test('Stop on the customer side ends the thumbnail on both sides', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await startSharing(rep, customer);
    await customer.page.getByTestId('screen-stop').click();
    await expectNothingShared(rep, customer);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer stopped screen sharing');
    await expect.poll(() => messageTexts(customer.page, 'system')).toContain('You stopped screen sharing');
    // The capture itself ended: the browser no longer shares anything.
    const live = await customer.page.evaluate(() =>
      ((window as CaptureWindow).__screenStreams ?? []).flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length,
    );
    expect(live).toBe(0);
  });

  test("the browser's own stop control ends sharing on both sides", async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await startSharing(rep, customer);
    // What the browser does when its "Stop sharing" bar is pressed: the track ends by itself.
    await customer.page.evaluate(() => {
      for (const track of (window as CaptureWindow).__screenStreams!.flatMap((s) => s.getVideoTracks())) {
        track.stop();
        track.dispatchEvent(new Event('ended'));
      }
    });
    await expectNothingShared(rep, customer);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer stopped screen sharing');
  });

  test('Decline leaves nothing shared and never opens the screen picker', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await rep.page.getByTestId('request-screen').click();
    await customer.page.getByTestId('screen-decline').click();
    await expect(customer.page.getByTestId('screen-prompt')).toHaveCount(0);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer declined screen sharing');
    await expect.poll(() => messageTexts(customer.page, 'system')).toContain('You declined screen sharing');
    await expectNothingShared(rep, customer);
    expect(await pickerCalls(customer.page)).toBe(0);
  });

  test('double-click opens the viewer, which gets larger frames and closes when sharing stops', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await startSharing(rep, customer);
    await rep.page.getByTestId('screen-thumbnail').dblclick();
    const viewer = rep.page.getByTestId('screen-viewer');
    await expect(viewer).toBeVisible();
    // While the viewer is open the customer sends the larger size: the whole 1280 px screen.
    await expect(rep.page.getByTestId('screen-viewer-picture')).toHaveAttribute('data-width', '1280');
    await expectFramesAdvance(rep.page, 'screen-viewer-picture');

    // Closing it goes back to thumbnail-sized frames.
    await rep.page.getByTestId('screen-viewer-close').click();
    await expect(viewer).toHaveCount(0);
    await expect(rep.page.getByTestId('screen-thumbnail')).toHaveAttribute('data-width', '320');

    // Open again by keyboard, then the customer stops: the viewer closes by itself.
    await rep.page.getByTestId('screen-thumbnail').focus();
    await rep.page.keyboard.press('Enter');
    await expect(viewer).toBeVisible();
    await customer.page.getByTestId('screen-stop').click();
    await expect(viewer).toHaveCount(0);
    await expectNothingShared(rep, customer);
  });

  test('the customer can share on their own, and the rep can stop viewing', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await customer.page.getByTestId('share-screen').click();
    await expect(customer.page.getByTestId('screen-sharing-indicator')).toBeVisible();
    await expect(customer.page.getByTestId('share-screen')).toHaveCount(0);
    await expect.poll(() => frameShown(rep.page)).toBeGreaterThanOrEqual(0);
    await expectFramesAdvance(rep.page);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer started sharing the screen');
    expect(await messageTexts(rep.page, 'system')).not.toContain('You asked to see the screen');

    await rep.page.getByTestId('screen-stop-viewing').click();
    await expectNothingShared(rep, customer);
    await expect(customer.page.getByTestId('share-screen')).toBeVisible();
    await expect.poll(() => messageTexts(customer.page, 'system')).toContain('The representative stopped screen sharing');
  });

  test('sharing survives the rep reloading: frames resume on the new link, with one start note', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await startSharing(rep, customer);
    await rep.page.reload();
    await expectConnected(rep.page, customer.page);
    await expect(customer.page.getByTestId('screen-sharing-indicator')).toBeVisible();
    await expect.poll(() => frameShown(rep.page), { timeout: 20_000 }).toBeGreaterThanOrEqual(0);
    await expectFramesAdvance(rep.page);
    const started = (await messageTexts(rep.page, 'system')).filter((text) => text === 'The customer started sharing the screen');
    expect(started).toHaveLength(1);
  });

  test('a customer page reload while sharing ends the thumbnail instead of freezing it', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await startSharing(rep, customer);
    await customer.page.reload();
    await expectConnected(rep.page, customer.page);
    await expect(rep.page.getByTestId('screen-thumbnail')).toHaveCount(0);
    await expect(customer.page.getByTestId('screen-sharing-indicator')).toHaveCount(0);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer stopped screen sharing');
  });

  test('the prompt, the sharing indicator and the thumbnail pass axe-core checks', async ({ rep, openCustomer }) => {
    const customer = await joined(rep, openCustomer);
    await rep.page.getByTestId('request-screen').click();
    await expect(customer.page.getByTestId('screen-prompt')).toBeVisible();
    const violations = async (page: Page) =>
      (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await violations(customer.page)).toEqual([]);
    await customer.page.getByTestId('screen-accept').click();
    await expect.poll(() => frameShown(rep.page)).toBeGreaterThanOrEqual(0);
    expect(await violations(customer.page)).toEqual([]);
    expect(await violations(rep.page)).toEqual([]);
  });
});
