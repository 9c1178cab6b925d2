/**
 * Loaded into each server under test with `--import`: answers the bench's memory requests over
 * the IPC channel, after a full garbage collection when the process runs with --expose-gc, and
 * exits when the bench goes away, so a crashed bench leaves no server behind.
 */
import type { MemoryReply, MemoryRequest } from './memoryMessages.js';

function isMemoryRequest(message: unknown): message is MemoryRequest {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'memory?' &&
    Number.isInteger((message as { requestId?: unknown }).requestId);
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if (!isMemoryRequest(message)) return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.collectGarbage && gc) {
      gc();
      gc();
    }
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const reply: MemoryReply = { type: 'memory', requestId: message.requestId, rss, heapUsed, heapTotal, external, arrayBuffers, collected: Boolean(gc) };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
  // The server's own handles keep it running; the channel alone must not.
  process.channel?.unref();
}
