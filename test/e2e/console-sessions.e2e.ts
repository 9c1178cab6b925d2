/** Issue 3: one rep, several customers at once: tabs, unread counts, the `*` title, tab colours, alerts. */
import { expect, fillJoinForm, messageTexts, sendMessage, startSession, test, TEST_REP_NAME } from './fixtures.js';
import { alertsOf, joinCustomer, openTab, recordAlerts, setPageFocus, tab } from './consoleHelpers.js';

test.describe('console with several sessions', () => {
  test('three customers: unread counts, the * title and the tab colours follow messages and the clock', async ({ rep, openCustomer }) => {
    // The tab colours come from the clock: install a controllable one, then reload the console.
    await rep.page.clock.install();
    await rep.page.reload();
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const bo = await joinCustomer(rep.page, openCustomer, 'Bo');
    const cy = await joinCustomer(rep.page, openCustomer, 'Cy');
    await expect(rep.page.getByTestId('session-tab')).toHaveCount(3);
    // The last session started is in front; nothing is unread.
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('aria-selected', 'true');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('0');
    await expect(rep.page).toHaveTitle('Support console');

    await sendMessage(ana.page, 'Ana one');
    await sendMessage(ana.page, 'Ana two');
    await sendMessage(bo.page, 'Bo one');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-unread', '2');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-unread', '1');
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-unread', '0');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('3');
    await expect(rep.page).toHaveTitle(/^\* \(3\) Support console$/);
    await expect(tab(rep.page, ana.sessionId)).toHaveClass(/attention/);
    // A message in the tab in front is read at once.
    await sendMessage(cy.page, 'Cy one');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Cy one']);
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-unread', '0');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('3');

    await openTab(rep.page, ana.sessionId);
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-unread', '0');
    await expect(tab(rep.page, ana.sessionId)).not.toHaveClass(/attention/);
    await expect(rep.page.getByTestId('unread-total')).toHaveText('1');
    await expect(rep.page).toHaveTitle(/^\* \(1\) /);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Ana one', 'Ana two']);
    await openTab(rep.page, bo.sessionId);
    await expect(rep.page.getByTestId('unread-total')).toHaveText('0');
    await expect(rep.page).toHaveTitle('Support console');

    // Colours: the rep answers Ana; nobody has waited long yet.
    await openTab(rep.page, ana.sessionId);
    await sendMessage(rep.page, 'Hello Ana');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual(['Hello Ana']);
    for (const c of [ana, bo, cy]) await expect(tab(rep.page, c.sessionId)).toHaveAttribute('data-age', 'green');
    // Three minutes on (default thresholds: yellow after 2, red after 5).
    await rep.page.clock.fastForward('03:00');
    for (const c of [ana, bo, cy]) await expect(tab(rep.page, c.sessionId)).toHaveAttribute('data-age', 'yellow');
    await openTab(rep.page, bo.sessionId);
    await sendMessage(rep.page, 'Hello Bo');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-age', 'green');
    // A customer writing does not reset the colour: only the rep's own messages do.
    await sendMessage(cy.page, 'Still waiting');
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-unread', '1');
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-age', 'yellow');
    await rep.page.clock.fastForward('03:00');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-age', 'red');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-age', 'yellow');
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-age', 'red');
    await openTab(rep.page, cy.sessionId);
    await sendMessage(rep.page, 'Sorry for the wait, Cy');
    await expect(tab(rep.page, cy.sessionId)).toHaveAttribute('data-age', 'green');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('0');
  });

  test('what the rep has read and not read survives a reload of the console', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const bo = await joinCustomer(rep.page, openCustomer, 'Bo');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('aria-selected', 'true');
    await sendMessage(ana.page, 'Ana one');
    await sendMessage(ana.page, 'Ana two');
    for (let i = 1; i <= 3; i++) await sendMessage(bo.page, `Bo ${i}`);
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Bo 1', 'Bo 2', 'Bo 3']);
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-unread', '2');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-unread', '0');
    // The read counts are written when the page is idle, or as it unloads: either way they stay.
    await rep.page.reload();
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-unread', '2');
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-unread', '0');
    await expect(rep.page.getByTestId('unread-total')).toHaveText('2');
  });

  test('the thresholds come from Chat preferences and survive a reload', async ({ rep, openCustomer }) => {
    await rep.page.clock.install();
    await rep.page.reload();
    await rep.page.getByTestId('open-preferences').click();
    const dialog = rep.page.getByTestId('chat-preferences');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('pref-yellow').fill('10');
    await dialog.getByTestId('pref-red').fill('8');
    await dialog.getByTestId('pref-save').click();
    await expect(dialog.getByTestId('pref-error')).toHaveAttribute('data-code', 'order');
    await dialog.getByTestId('pref-red').fill('20');
    await dialog.getByTestId('pref-save').click();
    await expect(dialog).toHaveCount(0);
    await rep.page.reload();

    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await sendMessage(rep.page, 'Hi');
    await rep.page.clock.fastForward('09:00');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-age', 'green');
    await rep.page.clock.fastForward('02:00');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-age', 'yellow');
    await rep.page.clock.fastForward('10:00');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('data-age', 'red');
  });

  test('a new message while the console is in the background: a chime and one notification with a preview, replaced by the next', async ({ rep, openCustomer }) => {
    await rep.context.addInitScript(recordAlerts);
    await rep.page.reload();
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const bo = await joinCustomer(rep.page, openCustomer, 'Bo');
    // Bo's tab is in front and the console has the focus: Ana's message alerts (her tab is not in front).
    await sendMessage(ana.page, 'My printer is on fire');
    await expect.poll(async () => (await alertsOf(rep.page)).notifications.length).toBe(1);
    const first = await alertsOf(rep.page);
    expect(first.notifications[0]).toEqual({ title: 'New message from Ana', body: 'My printer is on fire', tag: 'p2p-support-console' });
    expect(first.chimes).toBe(1);
    // Bo's own tab, with the console in front: no alert.
    await sendMessage(bo.page, 'Thanks');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['Thanks']);
    expect((await alertsOf(rep.page)).notifications).toHaveLength(1);
    // The rep switches to another window: even the tab in front alerts, and stays unread.
    await setPageFocus(rep.page, false);
    await sendMessage(bo.page, 'One more thing…');
    await expect.poll(async () => (await alertsOf(rep.page)).notifications.length).toBe(2);
    const second = await alertsOf(rep.page);
    expect(second.notifications[1]).toMatchObject({ title: 'New message from Bo', body: 'One more thing…', tag: 'p2p-support-console' });
    expect(second.chimes).toBe(2);
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-unread', '1');
    await setPageFocus(rep.page, true);
    await expect(tab(rep.page, bo.sessionId)).toHaveAttribute('data-unread', '0');

    // The sound can be turned off.
    await rep.page.getByTestId('open-preferences').click();
    await rep.page.getByTestId('pref-sound').uncheck();
    await rep.page.getByTestId('pref-save').click();
    await sendMessage(ana.page, 'Hello?');
    await expect.poll(async () => (await alertsOf(rep.page)).notifications.length).toBe(3);
    expect((await alertsOf(rep.page)).chimes).toBe(2);
  });

  test('the customer page alerts for the rep’s messages only while it is in the background', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await ana.context.addInitScript(recordAlerts);
    await ana.page.reload();
    await expect(ana.page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    await sendMessage(rep.page, 'In front');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual(['In front']);
    expect((await alertsOf(ana.page)).notifications).toEqual([]);
    await setPageFocus(ana.page, false);
    await sendMessage(rep.page, 'Please restart the printer');
    await expect.poll(async () => (await alertsOf(ana.page)).notifications).toEqual([
      { title: `New message from ${TEST_REP_NAME}`, body: 'Please restart the printer', tag: 'p2p-support-customer' },
    ]);
    expect((await alertsOf(ana.page)).chimes).toBe(1);
  });

  test('a customer joining never pulls the rep away from another conversation; drafts stay with their tab', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    // Start Bo's session, then go back to Ana and start typing.
    const { code } = await startSession(rep.page);
    const boSession = (await rep.page.locator('[data-testid="session-tab"][aria-selected="true"]').getAttribute('data-session-id'))!;
    await openTab(rep.page, ana.sessionId);
    await rep.page.getByTestId('message-input').fill('Half-written answer for Ana');
    const bo = await openCustomer();
    await fillJoinForm(bo.page, { code, name: 'Bo', query: 'Wi-Fi' });
    await expect(tab(rep.page, boSession)).toContainText('Bo');
    await expect(tab(rep.page, boSession)).toHaveClass(/attention/);
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('aria-selected', 'true');
    await expect(rep.page.getByTestId('message-input')).toHaveValue('Half-written answer for Ana');
    await expect(rep.page.getByTestId('message-input')).toBeFocused();

    // Keyboard: arrows move along the tabs; Alt+PageDown from anywhere.
    await tab(rep.page, ana.sessionId).focus();
    await rep.page.keyboard.press('ArrowRight');
    await expect(tab(rep.page, boSession)).toHaveAttribute('aria-selected', 'true');
    await expect(tab(rep.page, boSession)).not.toHaveClass(/attention/);
    await expect(rep.page.getByTestId('message-input')).toHaveValue('');
    await rep.page.keyboard.press('Alt+PageDown');
    await expect(tab(rep.page, ana.sessionId)).toHaveAttribute('aria-selected', 'true');
    await expect(rep.page.getByTestId('message-input')).toHaveValue('Half-written answer for Ana');
  });

  test('the attendees pane shows who is in the session and whether the customer is connected', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const attendees = rep.page.getByTestId('attendees');
    await expect(attendees.locator('[data-testid="attendee"][data-role="rep"]')).toContainText(TEST_REP_NAME);
    const customer = attendees.locator('[data-testid="attendee"][data-role="customer"]');
    await expect(customer).toContainText('Ana');
    await expect(customer).toHaveAttribute('data-state', 'connected');
    await ana.page.close();
    await expect(customer).toHaveAttribute('data-state', 'away');
    await expect(rep.page.getByTestId('rep-name')).toContainText(TEST_REP_NAME);
    await expect(rep.page.getByTestId('console-status')).toHaveAttribute('data-state', 'connected');
  });
});
