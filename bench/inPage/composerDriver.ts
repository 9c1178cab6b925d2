/**
 * Runs inside a chat page (handed to page.evaluate). Sends a message the way a keyboard
 * does, through the message box's own handlers: set the text, fire `input`, let Preact
 * re-render (it batches state in a microtask, and its Enter handler reads the text from
 * state), then fire Enter. Installed once per page as `window.__benchComposer`.
 */

export interface ComposerDriver {
  /** Resolves with performance.now() taken just before Enter was dispatched. */
  send(text: string): Promise<number>;
  /** Enter presses that had to be repeated because the message box still held the text. */
  retries: number;
}

export type ComposerWindow = Window & { __benchComposer?: ComposerDriver };

export function installComposerDriver(): void {
  const MAX_ENTER_ATTEMPTS = 5;
  const afterMicrotasks = async () => {
    await Promise.resolve();
    await Promise.resolve();
  };
  // A macrotask without setTimeout's clamping, to give a slow render one more chance.
  const nextTask = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    });
  const driver: ComposerDriver = {
    retries: 0,
    async send(text: string): Promise<number> {
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="message-input"]');
      if (!input) throw new Error('message-input not found');
      input.value = text;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await afterMicrotasks();
      for (let attempt = 0; attempt < MAX_ENTER_ATTEMPTS; attempt++) {
        if (attempt > 0) driver.retries++;
        const sentAt = performance.now();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
        await afterMicrotasks();
        if (input.value === '') return sentAt;
        await nextTask();
      }
      throw new Error(`the message box did not send "${text}"`);
    },
  };
  (window as ComposerWindow).__benchComposer = driver;
}
