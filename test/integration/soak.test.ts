/**
 * Issue 6: 50 concurrent sessions of real WebRTC peers (Node, @roamhq/wrtc) through one
 * signaling server, links cut at random while both sides type: nothing lost, nothing
 * duplicated, identical transcripts. `npm run soak` runs a longer version.
 *
 * The soak runs in its own process (the same command as `npm run soak`): the native WebRTC
 * addon then never shares a test worker, whose console capture it does not survive.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

interface SoakReport {
  sessions: number;
  messagesSent: number;
  messagesLost: number;
  messagesDuplicated: number;
  transcriptsDiffering: number;
  linkCuts: number;
  recoveryMedianMs: number;
  unsettled: string[];
}

const ROOT = resolve(import.meta.dirname, '../..');
const SEGFAULT_EXIT = 139;
const SEGFAULT_RERUNS = 2;

describe('soak: 50 sessions with random link cuts', () => {
  let report: SoakReport;

  beforeAll(() => {
    const soak = () =>
      spawnSync(
        process.execPath,
        [resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'test/soak/runSoak.ts', '--sessions', '50', '--minutes', '0.34', '--seed', '6', '--cut-interval-ms', '6000'],
        { cwd: ROOT, encoding: 'utf8', timeout: 140_000, maxBuffer: 64 * 1024 * 1024 },
      );
    let run = soak();
    // Exit 139 is a segfault inside Node's native WebRTC addon (the test's peers, not the
    // product; see PeerLink's pcClosed note). On 21 November it crashed in about a third of the
    // runs on this machine (one in ten before), cause not found; so a crash gets up to
    // SEGFAULT_RERUNS more runs, each said in the output. Any other failure fails the test.
    for (let rerun = 1; run.status === SEGFAULT_EXIT && rerun <= SEGFAULT_RERUNS; rerun++) {
      console.log(`soak: the native WebRTC addon crashed (exit 139); running the soak again (${rerun} of ${SEGFAULT_RERUNS})`);
      run = soak();
    }
    const lines = (run.stdout ?? '').trim().split('\n');
    const last = lines[lines.length - 1] ?? '';
    if (!last.startsWith('{')) throw new Error(`the soak printed no report (exit ${run.status}, signal ${run.signal}):\n${(run.stderr ?? '').slice(-2000)}`);
    report = JSON.parse(last) as SoakReport;
    console.log(
      `soak: ${report.sessions} sessions, ${report.messagesSent} messages sent, ${report.messagesLost} lost, ` +
        `${report.messagesDuplicated} duplicated, ${report.linkCuts} link cuts, recovery median ${report.recoveryMedianMs} ms`,
    );
    for (const line of report.unsettled) console.log(`soak: unsettled: ${line}`);
  }, 450_000);

  it('sent messages while cutting links in every session', () => {
    expect(report.sessions).toBe(50);
    expect(report.messagesSent).toBeGreaterThan(500);
    expect(report.linkCuts).toBeGreaterThan(50);
  });

  it('lost nothing, duplicated nothing, and both sides hold the same transcript', () => {
    expect(report.messagesLost).toBe(0);
    expect(report.messagesDuplicated).toBe(0);
    expect(report.transcriptsDiffering).toBe(0);
  });
});
