/**
 * What our session registry alone costs, with sockets that do nothing and no network: CPU a
 * pairing (two sockets say hello, the rep creates a session, the customer joins by its code,
 * the rep ends it, both close) and a relayed candidate. Not part of the bench: it says how much
 * of a pairing's server CPU is ours and how much is `ws` and Node.
 * `npx tsx bench/signalingLoad/registryCost.ts [--pairings 20000] [--messages 200000]`
 */
import { parseArgs } from 'node:util';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { repAccountFromToken } from '../../signaling/config.js';
import { SessionRegistry } from '../../signaling/SessionRegistry.js';
import type { SocketLike } from '../../signaling/SocketLike.js';
import { timedCandidate } from './iceCandidate.js';

const TOKEN = 'registry-cost-token-0123456789';
const CUSTOMER = { name: 'Load Test', query: 'My invoice will not download', os: 'Linux', browser: 'Node ws' };
const ROUNDS = 5;

const { values } = parseArgs({ options: { pairings: { type: 'string', default: '20000' }, messages: { type: 'string', default: '200000' } } });
const pairings = Number(values.pairings);
const messages = Number(values.messages);
if (!Number.isInteger(pairings) || pairings < 1 || !Number.isInteger(messages) || messages < 1) throw new Error('--pairings and --messages take whole numbers');

let clock = Date.now();
const registry = new SessionRegistry({
  reps: [repAccountFromToken('Bench', TOKEN)],
  codeTtlMs: 600_000,
  maxFailedJoins: 10,
  failedJoinWindowMs: 600_000,
  sessionOrphanTtlMs: 3_600_000,
  iceServers: [],
  maxConnectionsPerAddress: 1_000_000,
  maxSessionsPerRep: 1_000_000,
  // The relay sends far faster than any client may: the frame allowance is raised, still checked.
  maxFramesPerSecond: 1_000_000,
  now: () => (clock += 1),
});

/** A socket that keeps only the frame the caller asks for. */
function socket(keep?: (frame: { type: string }) => boolean): SocketLike & { kept: Record<string, unknown> | null } {
  const s = {
    kept: null as Record<string, unknown> | null,
    send: (text: string) => {
      if (!keep) return;
      const frame = JSON.parse(text) as { type: string };
      if (keep(frame)) s.kept = frame;
    },
    close: () => {},
  };
  return s;
}

const hello = (role: 'rep' | 'customer', i: number) =>
  JSON.stringify({ type: 'hello', version: PROTOCOL_VERSION, role, instanceId: `${role}-${i}`, ...(role === 'rep' ? { token: TOKEN } : {}) });

async function pairing(i: number): Promise<void> {
  const rep = socket((frame) => frame.type === 'session-created');
  const customer = socket();
  registry.handleConnect(rep, '192.0.2.1');
  registry.handleConnect(customer, '192.0.2.2');
  await registry.handleFrame(rep, hello('rep', i));
  await registry.handleFrame(customer, hello('customer', i));
  await registry.handleFrame(rep, JSON.stringify({ type: 'create-session', requestId: i }));
  const created = rep.kept as { code: string; sessionId: string };
  await registry.handleFrame(customer, JSON.stringify({ type: 'join', code: created.code, customer: CUSTOMER }));
  await registry.handleFrame(rep, JSON.stringify({ type: 'end-session', sessionId: created.sessionId }));
  await registry.handleClose(rep, 'left');
  await registry.handleClose(customer, 'left');
}

const cpuMicros = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return used.user + used.system;
};

for (let round = 0; round < ROUNDS; round++) {
  const started = process.cpuUsage();
  for (let i = 0; i < pairings; i++) await pairing(round * pairings + i);
  console.log(`pairings, round ${round + 1}/${ROUNDS}: ${(cpuMicros(started) / pairings).toFixed(1)} µs CPU a pairing`);
}

// One session, then candidates from the rep to the customer, each checked, relayed and serialised.
const rep = socket((frame) => frame.type === 'session-created');
let delivered = 0;
const customer: SocketLike = { send: () => void delivered++, close: () => {} };
registry.handleConnect(rep, '192.0.2.1');
registry.handleConnect(customer, '192.0.2.2');
await registry.handleFrame(rep, hello('rep', -1));
await registry.handleFrame(customer, hello('customer', -1));
await registry.handleFrame(rep, JSON.stringify({ type: 'create-session', requestId: 0 }));
const { code, sessionId } = rep.kept as { code: string; sessionId: string };
await registry.handleFrame(customer, JSON.stringify({ type: 'join', code, customer: CUSTOMER }));
const frames = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ type: 'signal', sessionId, linkId: 'bench-link', candidate: timedCandidate(i * 1.5, i) }));
for (let round = 0; round < ROUNDS; round++) {
  delivered = 0;
  const started = process.cpuUsage();
  for (let i = 0; i < messages; i++) void registry.handleFrame(rep, frames[i % frames.length]);
  const micros = cpuMicros(started);
  if (delivered < messages) throw new Error(`only ${delivered} of ${messages} candidates were relayed`);
  console.log(`relay, round ${round + 1}/${ROUNDS}: ${(micros / messages).toFixed(2)} µs CPU a message`);
}
