/**
 * Fuzzes a running signaling server process: many sockets send hostile frames while one
 * well-behaved rep and customer keep relaying signals through it. Reports how many frames were
 * sent, whether the good session was ever disturbed, and the server's peak resident memory.
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { FramePool, seededRandom, type FrameContext } from './framePool.js';

export interface FuzzOptions {
  readonly url: string;
  readonly pid: number;
  /** The well-behaved rep's token. */
  readonly repToken: string;
  /** Another rep's token, for fuzzing sockets that sign in. */
  readonly fuzzRepToken: string;
  readonly frames: number;
  readonly sockets: number;
  readonly seed: number;
  /** Every this many frames, one frame over the size limit (the server must close that socket). */
  readonly oversizedEvery?: number;
}

export interface FuzzReport {
  framesSent: number;
  /** Frames over the size limit; each must have closed its socket. */
  oversizedSent: number;
  socketsOpened: number;
  closedByServer: number;
  /** Sockets that sent an oversized frame and were closed by the server within the wait. */
  oversizedClosed: number;
  goodRoundTrips: number;
  goodFailures: number;
  /** The slowest round trip of the well-behaved pair, in milliseconds. */
  goodSlowestMs: number;
  /** Signals the good pair received that were not its own: must be 0 (relay isolation). */
  strayDeliveries: number;
  peakRssBytes: number;
  seconds: number;
}

/**
 * How long one hop of the well-behaved pair may take while the fuzzers flood the server. On a
 * quiet machine a hop takes milliseconds; on two cores shared with browser tests (load average
 * 10) the flood stretches hops to seconds. `goodSlowestMs` in the report shows the real figure.
 */
const GOOD_HOP_TIMEOUT_MS = 15_000;

/** How long to wait for the server to close a socket that sent an oversized frame. */
const OVERSIZED_CLOSE_WAIT_MS = 30_000;

const wsUrl = (url: string) => url.replace(/^http/, 'ws') + '/ws';

function rssBytes(pid: number): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the next message of a type, or rejects after `timeoutMs`. */
function next(ws: WebSocket, type: string, timeoutMs = 5_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.type !== type) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(message);
    };
    ws.on('message', onMessage);
  });
}

/** A rep and a customer joined to one session, relaying marked signals back and forth. */
async function goodPair(url: string, repToken: string) {
  const rep = await open(url);
  rep.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, role: 'rep', token: repToken, instanceId: 'good-rep' }));
  await next(rep, 'welcome');
  rep.send(JSON.stringify({ type: 'create-session', requestId: 1 }));
  const created = await next(rep, 'session-created');
  const customer = await open(url);
  customer.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, role: 'customer', instanceId: 'good-customer' }));
  await next(customer, 'welcome');
  customer.send(JSON.stringify({ type: 'join', code: created.code, customer: { name: 'Good', query: '', os: 'x', browser: 'y' } }));
  await next(customer, 'joined');
  return { rep, customer, sessionId: created.sessionId as string };
}

export async function runSignalingFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const url = wsUrl(options.url);
  const report: FuzzReport = {
    framesSent: 0,
    oversizedSent: 0,
    socketsOpened: 0,
    closedByServer: 0,
    oversizedClosed: 0,
    goodRoundTrips: 0,
    goodFailures: 0,
    goodSlowestMs: 0,
    strayDeliveries: 0,
    peakRssBytes: rssBytes(options.pid),
    seconds: 0,
  };
  const sampler = setInterval(() => (report.peakRssBytes = Math.max(report.peakRssBytes, rssBytes(options.pid))), 200);
  const good = await goodPair(url, options.repToken);
  for (const ws of [good.rep, good.customer]) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type?: string; linkId?: string };
      if (message.type === 'signal' && message.linkId !== 'goodlink') report.strayDeliveries++;
    });
  }
  const context: FrameContext = { sessionIds: [good.sessionId], codes: [] };
  let done = false;

  const goodLoop = (async () => {
    let n = 0;
    while (!done) {
      n++;
      const sdp = `v=0 good ${n}`;
      try {
        const startedAt = performance.now();
        const arrived = next(good.customer, 'signal', GOOD_HOP_TIMEOUT_MS);
        good.rep.send(JSON.stringify({ type: 'signal', sessionId: good.sessionId, linkId: 'goodlink', description: { type: 'offer', sdp } }));
        const message = (await arrived) as { description?: { sdp?: string } };
        const back = next(good.rep, 'signal', GOOD_HOP_TIMEOUT_MS);
        good.customer.send(JSON.stringify({ type: 'signal', sessionId: good.sessionId, linkId: 'goodlink', description: { type: 'answer', sdp } }));
        const reply = (await back) as { description?: { sdp?: string } };
        report.goodSlowestMs = Math.max(report.goodSlowestMs, Math.round(performance.now() - startedAt));
        if (message.description?.sdp === sdp && reply.description?.sdp === sdp) report.goodRoundTrips++;
        else report.goodFailures++;
      } catch {
        report.goodFailures++;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const random = seededRandom(options.seed);
  const pool = new FramePool(random);
  const perSocket = Math.ceil(options.frames / options.sockets);
  const fuzzSocket = async (index: number) => {
    let sent = 0;
    while (sent < perSocket) {
      let ws: WebSocket;
      try {
        ws = await open(url);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      report.socketsOpened++;
      let closed = false;
      let closedByUs = false;
      ws.on('close', () => {
        closed = true;
        if (!closedByUs) report.closedByServer++;
      });
      ws.on('error', () => {});
      ws.on('message', () => {});
      // Most sockets say hello first so deeper states are reached; some never do.
      const roll = random();
      if (roll < 0.4) ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, role: 'customer', instanceId: `fz${index}` }));
      else if (roll < 0.6) ws.send(JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, role: 'rep', token: options.fuzzRepToken, instanceId: `fz${index}` }));
      while (!closed && ws.readyState === WebSocket.OPEN && sent < perSocket) {
        const oversized = options.oversizedEvery !== undefined && report.framesSent % options.oversizedEvery === options.oversizedEvery - 1;
        ws.send(oversized ? 'x'.repeat(70 * 1024) : pool.next(context));
        sent++;
        report.framesSent++;
        if (oversized) {
          report.oversizedSent++;
          // The server must close this socket; wait for it (bounded, generous for a loaded
          // machine) before the next one.
          const closedInTime = await new Promise<boolean>((resolve) => {
            if (closed) return resolve(true);
            const timer = setTimeout(() => resolve(false), OVERSIZED_CLOSE_WAIT_MS);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          if (closedInTime) report.oversizedClosed++;
        } else if (sent % 25 === 0 || ws.bufferedAmount > 256 * 1024) {
          // Yield to timers too, so the well-behaved pair in this process is not starved.
          await new Promise((r) => setTimeout(r, 1));
        }
      }
      if (!closed) {
        // Our own close, not the server's (its close event may come after the run ends).
        closedByUs = true;
        ws.close();
      }
    }
  };
  await Promise.all(Array.from({ length: options.sockets }, (_, i) => fuzzSocket(i)));
  done = true;
  await goodLoop;
  clearInterval(sampler);
  report.peakRssBytes = Math.max(report.peakRssBytes, rssBytes(options.pid));
  good.rep.close();
  good.customer.close();
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
