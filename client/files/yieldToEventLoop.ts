/**
 * Lets queued tasks (a chat message arriving, a key press) run before long work goes on.
 * A MessageChannel task rather than setTimeout(0), which is clamped to 4 ms when nested.
 */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function yieldToEventLoop(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel!.port2.postMessage(null);
  });
}
