/**
 * Loaded into each server under test with `--import`: answers the bench's memory requests over
 * the IPC channel, after a full garbage collection when the process runs with --expose-gc, and
 * exits when the bench goes away, so a crashed bench leaves no server behind. It also writes
 * heap snapshots and CPU profiles when profileOurs.ts asks.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import type { MemoryReply, MemoryRequest, ProfileRequest } from './memoryMessages.js';

const PROFILE_REQUESTS: readonly string[] = ['heap-snapshot?', 'cpu-profile-start?', 'cpu-profile-stop?'];

function isRequest(message: unknown): message is MemoryRequest | ProfileRequest {
  if (typeof message !== 'object' || message === null || !Number.isInteger((message as { requestId?: unknown }).requestId)) return false;
  const { type, path } = message as { type?: unknown; path?: unknown };
  return type === 'memory?' || (typeof type === 'string' && PROFILE_REQUESTS.includes(type) && typeof path === 'string');
}

let profiler: Session | null = null;

async function profile(request: ProfileRequest): Promise<void> {
  if (request.type === 'heap-snapshot?') {
    writeHeapSnapshot(request.path);
  } else if (request.type === 'cpu-profile-start?') {
    profiler ??= new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else if (profiler) {
    const { profile: recorded } = await profiler.post('Profiler.stop');
    writeFileSync(request.path, JSON.stringify(recorded));
    profiler.disconnect();
  }
}

if (process.send) {
  process.on('message', async (message: unknown) => {
    if (!isRequest(message)) return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if ((message.type === 'heap-snapshot?' || (message.type === 'memory?' && message.collectGarbage)) && gc) {
      gc();
      gc();
    }
    if (message.type !== 'memory?') await profile(message);
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const reply: MemoryReply = { type: 'memory', requestId: message.requestId, rss, heapUsed, heapTotal, external, arrayBuffers, collected: Boolean(gc) };
    process.send?.(reply);
  });
  process.on('disconnect', () => process.exit(0));
  // The server's own handles keep it running; the channel alone must not.
  process.channel?.unref();
}
