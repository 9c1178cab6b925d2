/** Helpers for the rep console's browser tests (issue 3): several customers, tabs, recorders. */
import type { Page } from '@playwright/test';
import { expect, fillJoinForm, startSession, type Participant } from './fixtures.js';

export interface JoinedCustomer extends Participant {
  readonly name: string;
  readonly sessionId: string;
}

/** The rep starts a session (its tab comes to the front) and a customer joins it in a fresh context. */
export async function joinCustomer(rep: Page, openCustomer: () => Promise<Participant>, name: string, query = 'Help please'): Promise<JoinedCustomer> {
  const { code } = await startSession(rep);
  const sessionId = (await rep.locator('[data-testid="session-tab"][aria-selected="true"]').getAttribute('data-session-id'))!;
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name, query });
  await expect(customer.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(tab(rep, sessionId)).toContainText(name);
  return { ...customer, name, sessionId };
}

export function tab(rep: Page, sessionId: string) {
  return rep.locator(`[data-testid="session-tab"][data-session-id="${sessionId}"]`);
}

export async function openTab(rep: Page, sessionId: string): Promise<void> {
  await tab(rep, sessionId).click();
  await expect(tab(rep, sessionId)).toHaveAttribute('aria-selected', 'true');
}

/**
 * Replaces the page's Notification with a recorder that the browser "allows", and counts the
 * chimes (oscillators started). Call before the page loads (context.addInitScript).
 */
export function recordAlerts(): void {
  const w = window as unknown as { __notifications: { title: string; body?: string; tag?: string }[]; __chimes: number; Notification: unknown };
  w.__notifications = [];
  w.__chimes = 0;
  class RecordingNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options: { body?: string; tag?: string } = {}) {
      w.__notifications.push({ title, body: options.body, tag: options.tag });
    }
    close(): void {}
  }
  w.Notification = RecordingNotification;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__chimes++;
    return original.call(this);
  };
}

export async function alertsOf(page: Page): Promise<{ notifications: { title: string; body?: string; tag?: string }[]; chimes: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __notifications: { title: string; body?: string; tag?: string }[]; __chimes: number };
    return { notifications: w.__notifications, chimes: w.__chimes };
  });
}

/** The page loses / gets back the focus, as when the rep switches to another window. */
export async function setPageFocus(page: Page, focused: boolean): Promise<void> {
  await page.evaluate((f) => window.dispatchEvent(new Event(f ? 'focus' : 'blur')), focused);
}
