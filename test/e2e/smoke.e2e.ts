import { expect, expectConnected, fillJoinForm, sendMessage, startSession, test } from './fixtures.js';

test('smoke: join by code and chat', async ({ rep, openCustomer }) => {
  const { code } = await startSession(rep.page);
  const customer = await openCustomer();
  await fillJoinForm(customer.page, { code, name: 'Ana', query: 'Printer offline' });
  await expectConnected(rep.page, customer.page);
  await sendMessage(customer.page, 'hello rep');
  await expect(rep.page.getByTestId('chat-log')).toContainText('hello rep');
  await sendMessage(rep.page, 'hello customer');
  await expect(customer.page.getByTestId('chat-log')).toContainText('hello customer');
});
