/**
 * The soak: many concurrent sessions of real WebRTC peers in Node through one signaling
 * server, both sides sending messages while links are cut at random. At the end every
 * transcript pair must hold exactly the messages sent, once each, in the same order.
 */
import type { SupportSession } from '../../client/session/SupportSession.js';
import { seededRandom } from '../fuzz/framePool.js';
import { NodeCustomer, NodeRep, whenConnected } from './nodeParticipants.js';

export interface SoakOptions {
  readonly url: string;
  readonly repToken: string;
  readonly sessions: number;
  readonly durationMs: number;
  /** Mean time between two messages from one side of one session. */
  readonly messageIntervalMs: number;
  /** Mean time between two link cuts in one session. */
  readonly cutIntervalMs: number;
  readonly seed: number;
  /** Sessions per rep console (a rep handles several customers at once). */
  readonly sessionsPerRep?: number;
}

export interface SoakReport {
  sessions: number;
  messagesSent: number;
  messagesLost: number;
  messagesDuplicated: number;
  transcriptsDiffering: number;
  linkCuts: number;
  /** Time from a cut to both sides connected again, per cut (ms). */
  recoveryMs: number[];
  /** For sessions that did not converge: where each side stood (to diagnose a failure). */
  unsettled: string[];
  seconds: number;
}

interface Pair {
  readonly rep: SupportSession;
  readonly customer: SupportSession;
  readonly sent: Set<string>;
}

function messageIds(session: SupportSession): string[] {
  return session.transcript.entries().flatMap((e) => (e.kind === 'message' ? [e.text] : []));
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const random = seededRandom(options.seed);
  const perRep = options.sessionsPerRep ?? 5;
  const reps: NodeRep[] = [];
  const customers: NodeCustomer[] = [];
  const pairs: Pair[] = [];
  for (let i = 0; i < options.sessions; i++) {
    if (i % perRep === 0) {
      const rep = new NodeRep(options.url, options.repToken);
      await rep.connect();
      reps.push(rep);
    }
    const rep = reps[reps.length - 1]!;
    const created = await rep.createSession();
    const customer = new NodeCustomer(options.url, `Customer ${i}`);
    customers.push(customer);
    const customerSession = await customer.join(created.code);
    pairs.push({ rep: rep.sessions.get(created.sessionId)!, customer: customerSession, sent: new Set() });
  }
  await whenConnected(pairs.flatMap((p) => [p.rep, p.customer]), 60_000);

  const report: SoakReport = {
    sessions: pairs.length,
    messagesSent: 0,
    messagesLost: 0,
    messagesDuplicated: 0,
    transcriptsDiffering: 0,
    linkCuts: 0,
    recoveryMs: [],
    unsettled: [],
    seconds: 0,
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const deadline = Date.now() + options.durationMs;
  let counter = 0;
  const talk = (pair: Pair, side: SupportSession) => {
    if (Date.now() >= deadline) return;
    const text = `${side.role}-${++counter}`;
    // Sent whatever the link state: typed while disconnected must arrive later, once.
    if (side.sendMessage(text)) {
      pair.sent.add(text);
      report.messagesSent++;
    }
    later(random() * 2 * options.messageIntervalMs, () => talk(pair, side));
  };
  const cut = (pair: Pair) => {
    if (Date.now() >= deadline) return;
    if (pair.rep.state === 'connected' && pair.customer.state === 'connected') {
      const cutAt = Date.now();
      report.linkCuts++;
      (random() < 0.5 ? pair.rep : pair.customer).dropLinkForTest();
      void whenConnected([pair.rep, pair.customer], 60_000).then(
        () => report.recoveryMs.push(Date.now() - cutAt),
        () => {},
      );
    }
    later(random() * 2 * options.cutIntervalMs, () => cut(pair));
  };
  for (const pair of pairs) {
    later(random() * options.messageIntervalMs, () => talk(pair, pair.rep));
    later(random() * options.messageIntervalMs, () => talk(pair, pair.customer));
    later(random() * options.cutIntervalMs, () => cut(pair));
  }
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  for (const timer of timers) clearTimeout(timer);

  // Let every pair reconnect and finish syncing (bounded).
  await whenConnected(pairs.flatMap((p) => [p.rep, p.customer]), 60_000);
  const settleDeadline = Date.now() + 30_000;
  const settled = (pair: Pair) => {
    const a = messageIds(pair.rep);
    const b = messageIds(pair.customer);
    return a.length >= pair.sent.size && b.length >= pair.sent.size && a.join('\n') === b.join('\n');
  };
  while (Date.now() < settleDeadline && !pairs.every(settled)) await new Promise((r) => setTimeout(r, 100));

  for (const pair of pairs) {
    const repLog = messageIds(pair.rep);
    const customerLog = messageIds(pair.customer);
    if (repLog.join('\n') !== customerLog.join('\n')) report.transcriptsDiffering++;
    if (!settled(pair)) {
      const docFacts = (session: SupportSession) => {
        const doc = session.transcript.doc;
        const raw = doc.getArray('log').toArray();
        const shown = new Set(session.transcript.entries().map((e) => e.id));
        const missing = raw.filter((e) => !shown.has((e as { id?: string }).id ?? ''));
        return `doc ${raw.length} entries, pending ${doc.store.pendingStructs ? 'yes' : 'no'}, ice ${session.peerConnection?.iceConnectionState}, not shown: ${JSON.stringify(missing.slice(0, 2))}`;
      };
      report.unsettled.push(
        `rep ${pair.rep.state}/${pair.rep.openLink ? 'open' : 'no link'} has ${repLog.length} (${docFacts(pair.rep)}), ` +
          `customer ${pair.customer.state}/${pair.customer.openLink ? 'open' : 'no link'} has ${customerLog.length} (${docFacts(pair.customer)}), sent ${pair.sent.size}`,
      );
    }
    for (const log of [repLog, customerLog]) {
      const unique = new Set(log);
      report.messagesDuplicated += log.length - unique.size;
      for (const text of pair.sent) if (!unique.has(text)) report.messagesLost++;
    }
  }
  reps.forEach((r) => r.close());
  customers.forEach((c) => c.close());
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
