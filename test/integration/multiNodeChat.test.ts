/**
 * Issue 7: a rep and a customer (real WebRTC peers in Node) on different signaling nodes chat,
 * and keep chatting while first the customer's node and then the rep's node is killed: every
 * message delivered exactly once, identical transcripts. The peers run in a child process
 * (multiNodeChat.run.ts): the native WebRTC addon must not share a vitest worker.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

interface ChatReport {
  phases: string[];
  messagesSent: number;
  messagesLost: number;
  messagesDuplicated: number;
  transcriptsIdentical: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');

describe('several signaling nodes: real WebRTC peers through node deaths', () => {
  let report: ChatReport;

  beforeAll(() => {
    const run = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/integration/multiNodeChat.run.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const last = (run.stdout ?? '').trim().split('\n').at(-1) ?? '';
    if (!last.startsWith('{')) throw new Error(`the chat printed no report (exit ${run.status}, signal ${run.signal}):\n${(run.stderr ?? '').slice(-3000)}`);
    report = JSON.parse(last) as ChatReport;
    console.log(`multi-node chat: ${report.messagesSent} messages, ${report.messagesLost} lost, ${report.messagesDuplicated} duplicated`);
  }, 180_000);

  it('went through both node deaths and both re-pairings', () => {
    expect(report.phases).toEqual([
      'chatting across nodes a and b',
      'customer moved to node c',
      're-paired across nodes a and c',
      'rep moved to node c',
      're-paired on node c',
    ]);
    expect(report.messagesSent).toBe(100);
  });

  it('delivered every message exactly once, and both transcripts are identical', () => {
    expect(report.messagesLost).toBe(0);
    expect(report.messagesDuplicated).toBe(0);
    expect(report.transcriptsIdentical).toBe(true);
  });
});
