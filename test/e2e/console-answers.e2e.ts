/** Issue 3: answers at hand: scripted messages (/shortcut, picker, import/export), push URL, emoji, font size. */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, messageTexts, sendMessage, test } from './fixtures.js';
import { joinCustomer } from './consoleHelpers.js';

async function createCanned(rep: Page, fields: { shortcut: string; title: string; category: string; text: string; kind?: 'message' | 'url' }): Promise<void> {
  const editor = rep.getByTestId('canned-editor');
  await editor.getByTestId('canned-new').click();
  await editor.getByTestId('canned-shortcut').fill(fields.shortcut);
  await editor.getByTestId('canned-title').fill(fields.title);
  await editor.getByTestId('canned-category').fill(fields.category);
  if (fields.kind) await editor.getByTestId('canned-kind').selectOption(fields.kind);
  await editor.getByTestId('canned-text').fill(fields.text);
  await editor.getByTestId('canned-save').click();
  await expect(editor.locator(`[data-testid="canned-row"][data-shortcut="${fields.shortcut}"]`)).toBeVisible();
}

test.describe('answers at hand', () => {
  test('a scripted message is created, found by /shortcut, inserted with Tab and sent; the picker finds it too', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await rep.page.getByTestId('open-canned-editor').click();
    await createCanned(rep.page, { shortcut: 'greet', title: 'Greeting', category: 'Openers', text: 'Hello! Thanks for waiting, how can I help?' });
    await createCanned(rep.page, { shortcut: 'greet-fr', title: 'Bonjour', category: 'Openers', text: 'Bonjour ! Comment puis-je vous aider ?' });
    await createCanned(rep.page, { shortcut: 'reset', title: 'Printer reset', category: 'Hardware', text: 'Hold the power button for ten seconds.' });
    // A second /greet is refused.
    const editor = rep.page.getByTestId('canned-editor');
    await editor.getByTestId('canned-new').click();
    await editor.getByTestId('canned-shortcut').fill('GREET');
    await editor.getByTestId('canned-text').fill('dup');
    await editor.getByTestId('canned-save').click();
    await expect(editor.getByTestId('canned-error')).toContainText('/greet is already used');
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await editor.getByTestId('canned-editor-search').fill('power');
    await expect(editor.getByTestId('canned-row')).toHaveCount(1);
    // In a search field the first Escape clears it; the next closes the dialog.
    await rep.page.keyboard.press('Escape');
    await expect(editor.getByTestId('canned-editor-search')).toHaveValue('');
    await rep.page.keyboard.press('Escape');
    await expect(editor).toHaveCount(0);

    const input = rep.page.getByTestId('message-input');
    await input.pressSequentially('/gr');
    const suggestions = rep.page.getByTestId('canned-suggestions');
    await expect(suggestions.getByTestId('canned-suggestion')).toHaveCount(2);
    await expect(suggestions.getByTestId('canned-suggestion').first()).toContainText('/greet');
    await input.press('Tab');
    await expect(input).toHaveValue('Hello! Thanks for waiting, how can I help?');
    await expect(suggestions).toHaveCount(0);
    await input.press('Enter');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual(['Hello! Thanks for waiting, how can I help?']);

    // ArrowDown picks the second match; a /word inside a sentence works too.
    await input.pressSequentially('Also: /gre');
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect(input).toHaveValue('Also: Bonjour ! Comment puis-je vous aider ?');
    await input.fill('');
    // Escape closes the suggestions and leaves the text alone.
    await input.pressSequentially('/res');
    await expect(suggestions).toBeVisible();
    await input.press('Escape');
    await expect(suggestions).toHaveCount(0);
    await expect(input).toHaveValue('/res');
    await input.fill('');

    // The picker: search, grouped by category, click inserts at the caret.
    await rep.page.getByTestId('canned-picker').click();
    await rep.page.getByTestId('canned-search').fill('printer');
    await expect(rep.page.getByTestId('canned-item')).toHaveCount(1);
    await rep.page.locator('[data-testid="canned-item"][data-shortcut="reset"]').click();
    await expect(input).toHaveValue('Hold the power button for ten seconds.');
    await input.press('Enter');
    await expect.poll(() => messageTexts(ana.page, 'rep')).toContain('Hold the power button for ten seconds.');

    // Stored locally: still there after a reload.
    await rep.page.reload();
    await rep.page.getByTestId('message-input').pressSequentially('/re');
    await expect(rep.page.getByTestId('canned-suggestion')).toContainText('/reset');
  });

  test('scripted messages export to a JSON file and import from one; a bad file changes nothing', async ({ rep }) => {
    await rep.page.getByTestId('open-canned-editor').click();
    const editor = rep.page.getByTestId('canned-editor');
    await createCanned(rep.page, { shortcut: 'kb', title: 'Knowledge base', category: 'Links', text: 'https://help.example.org/kb', kind: 'url' });
    const [download] = await Promise.all([rep.page.waitForEvent('download'), editor.getByTestId('canned-export').click()]);
    const shared = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(shared).toEqual({
      format: 'p2p-support-canned',
      version: 1,
      items: [{ shortcut: 'kb', title: 'Knowledge base', category: 'Links', kind: 'url', text: 'https://help.example.org/kb' }],
    });

    const upload = (name: string, body: unknown) =>
      editor.getByTestId('canned-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)) });
    await upload('bad.json', { format: 'p2p-support-canned', version: 1, items: [{ shortcut: 'ok', text: 'fine' }, { shortcut: 'evil', kind: 'url', text: 'javascript:alert(1)' }] });
    const result = editor.getByTestId('canned-import-result');
    await expect(result).toHaveAttribute('data-code', 'BAD_ITEM');
    await expect(result).toContainText('item 2');
    await upload('not.json', '{oops');
    await expect(result).toHaveAttribute('data-code', 'NOT_JSON');
    await expect(editor.getByTestId('canned-row')).toHaveCount(1);

    await upload('team.json', {
      format: 'p2p-support-canned',
      version: 1,
      items: [
        { shortcut: 'kb', title: 'KB (team)', category: 'Links', kind: 'url', text: 'https://help.example.org/kb2' },
        { shortcut: 'bye', title: 'Goodbye', category: 'Closers', text: 'Thanks for contacting us!' },
      ],
    });
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText('1 added, 1 updated');
    await expect(editor.getByTestId('canned-row')).toHaveCount(2);
    await expect(editor.locator('[data-testid="canned-row"][data-shortcut="kb"]')).toContainText('https://help.example.org/kb2');
    await editor.locator('[data-testid="canned-row"][data-shortcut="bye"]').getByTestId('canned-delete').click();
    await expect(editor.getByTestId('canned-row')).toHaveCount(1);
  });

  test('a pushed URL is shown exactly, opened in a new tab or declined, with status notes; javascript: cannot be pushed', async ({ rep, openCustomer, server }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    const target = `${server.url}/healthz?from=push`;
    await rep.page.getByTestId('push-url').click();
    await rep.page.getByTestId('push-url-input').fill(target);
    await rep.page.getByTestId('push-url-send').click();
    const prompt = ana.page.getByTestId('push-url-prompt');
    await expect(prompt).toHaveAttribute('data-url', target);
    await expect(prompt).toContainText(target);
    const accept = prompt.getByTestId('push-url-accept');
    await expect(accept).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(accept).toHaveAttribute('target', '_blank');
    const [opened] = await Promise.all([ana.context.waitForEvent('page'), accept.click()]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(target);
    await expect(prompt).toHaveCount(0);
    await expect.poll(() => messageTexts(rep.page, 'system')).toEqual([
      'Ana joined the session',
      `Web page sent to open: ${target}`,
      `The customer opened ${target}`,
    ]);
    await expect.poll(() => messageTexts(ana.page, 'system')).toContain(`The customer opened ${target}`);

    await rep.page.getByTestId('push-url').click();
    await rep.page.getByTestId('push-url-input').fill('https://example.org/other');
    await rep.page.getByTestId('push-url-send').click();
    await ana.page.getByTestId('push-url-decline').click();
    await expect(ana.page.getByTestId('push-url-prompt')).toHaveCount(0);
    await expect.poll(() => messageTexts(rep.page, 'system')).toContain('The customer declined to open https://example.org/other');

    for (const hostile of ['javascript:alert(document.cookie)', ' JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd']) {
      await rep.page.getByTestId('push-url').click();
      await rep.page.getByTestId('push-url-input').fill(hostile);
      await rep.page.getByTestId('push-url-send').click();
      await expect(rep.page.getByTestId('push-url-error')).toHaveAttribute('data-code', 'NOT_PUSHABLE');
      await rep.page.keyboard.press('Escape');
    }
    // A scripted URL can be pushed from the picker.
    await rep.page.getByTestId('open-canned-editor').click();
    await createCanned(rep.page, { shortcut: 'kb', title: 'KB', category: 'Links', text: 'https://example.org/kb', kind: 'url' });
    await rep.page.keyboard.press('Escape');
    await rep.page.getByTestId('canned-picker').click();
    await rep.page.getByTestId('canned-push').click();
    await expect(ana.page.getByTestId('push-url-prompt')).toHaveAttribute('data-url', 'https://example.org/kb');
    await ana.page.getByTestId('push-url-decline').click();
    const notes = await messageTexts(rep.page, 'system');
    expect(notes.filter((n) => n.startsWith('Web page sent to open'))).toEqual([
      `Web page sent to open: ${target}`,
      'Web page sent to open: https://example.org/other',
      'Web page sent to open: https://example.org/kb',
    ]);
    expect(notes.join('\n')).not.toMatch(/javascript|data:|file:/i);
  });

  test('emoji go into the message box on both sides, and the font size applies to the chat', async ({ rep, openCustomer }) => {
    const ana = await joinCustomer(rep.page, openCustomer, 'Ana');
    await rep.page.getByTestId('message-input').fill('Done ');
    await rep.page.getByTestId('emoji-picker').click();
    await rep.page.getByTestId('emoji').filter({ hasText: '👍' }).click();
    await expect(rep.page.getByTestId('message-input')).toHaveValue('Done 👍');
    await expect(rep.page.getByTestId('message-input')).toHaveAttribute('spellcheck', 'true');
    await rep.page.getByTestId('message-input').press('Enter');
    await ana.page.getByTestId('emoji-picker').click();
    await ana.page.getByTestId('emoji').filter({ hasText: '🎉' }).click();
    await ana.page.getByTestId('message-input').press('Enter');
    await expect.poll(() => messageTexts(rep.page, 'customer')).toEqual(['🎉']);
    await expect.poll(() => messageTexts(ana.page, 'rep')).toEqual(['Done 👍']);

    const fontSize = () => rep.page.getByTestId('chat-log').evaluate((el) => getComputedStyle(el).fontSize);
    expect(await fontSize()).toBe('15px');
    await rep.page.getByTestId('open-preferences').click();
    await rep.page.getByTestId('pref-font-size').selectOption('20');
    await rep.page.getByTestId('pref-save').click();
    expect(await fontSize()).toBe('20px');
    await rep.page.reload();
    await expect.poll(fontSize).toBe('20px');
    expect(await rep.page.getByTestId('message-input').evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');
    await sendMessage(rep.page, 'Bigger text');
  });
});
