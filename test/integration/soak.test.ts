/**
 * Issue 6: 50 concurrent sessions of real WebRTC peers (Node, @roamhq/wrtc) through one
 * signaling server, links cut at random while both sides type: nothing lost, nothing
 * duplicated, identical transcripts. `npm run soak` runs a longer version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { median, runSoak, type SoakReport } from '../soak/soakRun.js';
import { startServerProcess, type ServerProcess } from '../support/serverProcess.js';

describe('soak: 50 sessions with random link cuts', () => {
  let server: ServerProcess;
  let report: SoakReport;

  beforeAll(async () => {
    server = await startServerProcess({ CLIENT_DIR: '' });
    report = await runSoak({
      url: server.url,
      repToken: server.repToken,
      sessions: 50,
      durationMs: 20_000,
      messageIntervalMs: 1_000,
      cutIntervalMs: 6_000,
      seed: 6,
    });
    console.log(
      `soak: ${report.sessions} sessions, ${report.messagesSent} messages sent, ${report.messagesLost} lost, ` +
        `${report.messagesDuplicated} duplicated, ${report.linkCuts} link cuts, recovery median ${median(report.recoveryMs)} ms`,
    );
    for (const line of report.unsettled) console.log(`soak: unsettled: ${line}`);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('sent messages while cutting links in every session', () => {
    expect(report.sessions).toBe(50);
    expect(report.messagesSent).toBeGreaterThan(500);
    expect(report.linkCuts).toBeGreaterThan(50);
    expect(report.recoveryMs.length).toBeGreaterThan(0);
  });

  it('lost nothing, duplicated nothing, and both sides hold the same transcript', () => {
    expect(report.messagesLost).toBe(0);
    expect(report.messagesDuplicated).toBe(0);
    expect(report.transcriptsDiffering).toBe(0);
  });
});
