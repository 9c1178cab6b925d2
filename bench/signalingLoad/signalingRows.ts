/**
 * Targets and table rows of the signaling load test. Rows fit the bench's table: ours in the
 * "Ours" column with its ratios to the baselines, PeerJS's `peer` server in the baseline column,
 * and a sub-row per further server (y-webrtc's) under each figure.
 */
import type { PairingFigures, ServerLoadFigures, SignalingLoadFigures } from './SignalingLoadFigures.js';

/** Ours ≥ this × the `peer` server's pairings per second. */
export const PAIRING_VS_PEER_TARGET = 2;
/** Ours ≤ this × the `peer` server's memory per idle connection. */
export const MEMORY_VS_PEER_TARGET = 0.5;
/** Relay p99 on one node at the default steady rate. */
export const RELAY_P99_TARGET_MS = 5;

export type SignalingTargetId = 'signaling-pairing-vs-peer' | 'signaling-pairing-signed-in-vs-peer' | 'signaling-memory-vs-peer' | 'signaling-relay-p99';

export interface SignalingTargetCheck {
  readonly id: SignalingTargetId;
  readonly target: string;
  /** null when a figure could not be measured. */
  readonly pass: boolean | null;
}

const byId = (figures: SignalingLoadFigures, id: string) => figures.servers.find((s) => s.id === id) ?? null;
const known = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

export function checkSignalingTargets(figures: SignalingLoadFigures): SignalingTargetCheck[] {
  const ours = byId(figures, 'ours');
  const peer = byId(figures, 'peer');
  const oursRate = ours?.pairing?.medianPerSecond;
  const signedInRate = ours?.pairingSignedInRep?.medianPerSecond;
  const peerRate = peer?.pairing?.medianPerSecond;
  const oursMemory = ours?.idle?.rssPerConnectionBytes;
  const peerMemory = peer?.idle?.rssPerConnectionBytes;
  const p99 = ours?.relay?.latency.p99Ms;
  return [
    {
      id: 'signaling-pairing-vs-peer',
      target: `≥ ${PAIRING_VS_PEER_TARGET}× peer`,
      pass: known(oursRate) && known(peerRate) ? oursRate >= PAIRING_VS_PEER_TARGET * peerRate : null,
    },
    {
      id: 'signaling-pairing-signed-in-vs-peer',
      target: `≥ ${PAIRING_VS_PEER_TARGET}× peer`,
      pass: known(signedInRate) && known(peerRate) ? signedInRate >= PAIRING_VS_PEER_TARGET * peerRate : null,
    },
    {
      id: 'signaling-memory-vs-peer',
      target: `≤ ${MEMORY_VS_PEER_TARGET}× peer`,
      pass: known(oursMemory) && known(peerMemory) && peerMemory > 0 ? oursMemory <= MEMORY_VS_PEER_TARGET * peerMemory : null,
    },
    {
      id: 'signaling-relay-p99',
      target: `p99 < ${RELAY_P99_TARGET_MS} ms`,
      pass: known(p99) ? p99 < RELAY_P99_TARGET_MS : null,
    },
  ];
}

const NONE = '—';
const ms = (value: number | undefined) => (known(value) ? `${value.toFixed(1)} ms` : 'n/a');
const kib = (bytes: number | undefined) => (known(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a');
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const count = (value: number) => value.toLocaleString('en-US');

type Cell = (server: ServerLoadFigures) => string;
/** A figure as a number, for ratios (lower is better or higher: the ratio is the same). */
type Value = (server: ServerLoadFigures) => number | undefined;

export function signalingRows(figures: SignalingLoadFigures, checks: readonly SignalingTargetCheck[] = checkSignalingTargets(figures)): string[][] {
  const ours = byId(figures, 'ours');
  const peer = byId(figures, 'peer');
  const others = figures.servers.filter((s) => s.id !== 'ours' && s.id !== 'peer');
  const verdict = (id: SignalingTargetId): [string, string] => {
    const check = checks.find((c) => c.id === id)!;
    return [check.target, check.pass === null ? 'n/a' : check.pass ? 'PASS' : 'FAIL'];
  };
  const ratios = (value: Value | undefined): string => {
    if (!value || !ours) return '';
    const mine = value(ours);
    const parts = [peer, ...others]
      .filter((s): s is ServerLoadFigures => s !== null && !s.id.startsWith('ours'))
      .map((s) => ({ label: s.id, theirs: value(s) }))
      .filter(({ theirs }) => known(mine) && known(theirs) && theirs !== 0)
      .map(({ label, theirs }) => `${(mine! / theirs!).toFixed(2)}× ${label}`);
    return parts.length > 0 ? ` (${parts.join(', ')})` : '';
  };
  /** Ours on several nodes goes in the Ours column, against ours on one node; other servers in the baseline column. */
  const subRow = (s: ServerLoadFigures, cell: Cell, value: Value | undefined): string[] => {
    if (!s.id.startsWith('ours')) return [`  ${s.label} server`, NONE, cell(s), NONE, NONE];
    const mine = value?.(s);
    const one = ours && value ? value(ours) : undefined;
    const ratio = known(mine) && known(one) && one !== 0 ? ` (${(mine / one).toFixed(2)}× one node)` : '';
    return [`  ${s.label}`, `${cell(s)}${ratio}`, NONE, NONE, NONE];
  };
  const figure = (name: string, cell: Cell, value?: Value, target: [string, string] = [NONE, NONE], idleFigure = false): string[][] => [
    [name, ours ? `${cell(ours)}${ratios(value)}` : 'not run', peer ? cell(peer) : 'not run', ...target],
    ...others.filter((s) => !idleFigure || s.measuresIdle).map((s) => subRow(s, cell, value)),
  ];
  const idle = (pick: (i: NonNullable<ServerLoadFigures['idle']>) => string): Cell => (s) => (s.idle ? pick(s.idle) : 'error');
  const pairing = (pick: (p: NonNullable<ServerLoadFigures['pairing']>) => string): Cell => (s) => (s.pairing ? pick(s.pairing) : 'error');
  const relay = (pick: (r: NonNullable<ServerLoadFigures['relay']>) => string): Cell => (s) => (s.relay ? pick(s.relay) : 'error');
  /** A row for ours with the rep's console signed in, when it was measured. */
  const signedIn = (
    name: string,
    cell: (p: PairingFigures) => string,
    ratio: (p: PairingFigures, peerFigures: PairingFigures) => string,
    target: [string, string] = [NONE, NONE],
  ): string[][] => {
    const p = ours?.pairingSignedInRep;
    if (!p) return [];
    return [[name, `${cell(p)}${peer?.pairing ? ` (${ratio(p, peer.pairing)})` : ''}`, NONE, ...target]];
  };
  const o = figures.options;
  return [
    ...figure('Signaling: idle connections held', idle((i) => `${count(i.held)} of ${count(i.requested)} (opened in ${i.openSeconds.toFixed(1)} s)`), undefined, undefined, true),
    ...figure(
      'Signaling: memory per idle connection (RSS)',
      idle((i) => kib(i.rssPerConnectionBytes)),
      (s) => s.idle?.rssPerConnectionBytes,
      verdict('signaling-memory-vs-peer'),
      true,
    ),
    ...figure('  JS heap per idle connection', idle((i) => kib(i.heapPerConnectionBytes)), (s) => s.idle?.heapPerConnectionBytes, undefined, true),
    ...figure('  server RSS at 0 → N connections', idle((i) => `${mb(i.rssBeforeBytes)} → ${mb(i.rssAfterBytes)} MB`), undefined, undefined, true),
    ...figure(
      `Signaling: pairings per second, median of ${o.pairingRounds}`,
      pairing((p) => `${count(p.medianPerSecond)}/s [${p.rounds.map((r) => r.perSecond).join(' / ')}]`),
      (s) => s.pairing?.medianPerSecond,
      verdict('signaling-pairing-vs-peer'),
    ),
    ...signedIn(
      '  ours, rep console already signed in',
      (p) => `${count(p.medianPerSecond)}/s [${p.rounds.map((r) => r.perSecond).join(' / ')}]`,
      (p, q) => `${(p.medianPerSecond / q.medianPerSecond).toFixed(2)}× peer`,
      verdict('signaling-pairing-signed-in-vs-peer'),
    ),
    ...figure('  server CPU per pairing, median', pairing((p) => ms(p.medianServerCpuMsPerPairing)), (s) => s.pairing?.medianServerCpuMsPerPairing),
    ...signedIn(
      '  ours, rep console already signed in',
      (p) => ms(p.medianServerCpuMsPerPairing),
      (p, q) => `${(p.medianServerCpuMsPerPairing / q.medianServerCpuMsPerPairing).toFixed(2)}× peer`,
    ),
    ...figure(`  one pairing, median / p99 (${o.concurrency} in flight)`, pairing((p) => `${ms(p.latency.medianMs)} / ${ms(p.latency.p99Ms)}`)),
    ...figure(
      `Signaling: relay p99 at ${count(o.relayRate)} msg/s`,
      relay((r) => `${ms(r.latency.p99Ms)} (p50 ${ms(r.latency.medianMs)}, max ${ms(r.latency.maxMs)})`),
      (s) => s.relay?.latency.p99Ms,
      verdict('signaling-relay-p99'),
    ),
    ...figure(
      '  relay p99 of each window: median [each]',
      relay((r) => `${ms(r.medianWindowP99Ms)} [${r.windowP99sMs.map((v) => v.toFixed(1)).join(' / ')}]`),
      (s) => s.relay?.medianWindowP99Ms,
    ),
    ...figure('  relayed: arrived of sent, server CPU', relay((r) => `${count(r.received)} of ${count(r.sent)}, ${r.serverCpuPercent.toFixed(0)} % of a core`)),
  ];
}

/** Notes printed under the table. */
export function signalingNotes(figures: SignalingLoadFigures): string[] {
  const o = figures.options;
  const notes = [
    `Signaling load: generator in the bench process, each server in its own process, all on loopback; ${o.concurrency} pairings in flight, ` +
      `${o.pairings} per round; relay over ${o.relaySessions} pairs for ${o.relaySeconds} s. Load average ${figures.loadAverageBefore.join(' ')} → ` +
      `${figures.loadAverageAfter.join(' ')} (shared 2-core machine: figures are noisy, compare ratios from the same run).`,
    'KiB = 1024 bytes per connection: (RSS at N − RSS at 0) ÷ N, each after a full collection (--expose-gc); RSS from /proc/<pid>/status.',
    'Server CPU = user + system time of the server process(es) from /proc/<pid>/stat (two nodes: both; redis-server not counted).',
  ];
  if (figures.listenOverflows) {
    notes.push(`  ${figures.listenOverflows} listen-queue overflows on the machine during the run (each delays one connection by a 1 s SYN retry; see the p99s).`);
  }
  for (const s of figures.servers) notes.push(`  ${s.label}: settings changed for the bench: ${s.settings}.`);
  for (const s of figures.servers) for (const e of s.errors) notes.push(`  Error (${s.label}): ${e}`);
  for (const s of figures.servers) {
    if (s.idle && s.idle.failed > 0) notes.push(`  ${s.label}: ${s.idle.failed} idle connections failed: ${s.idle.failures[0]}`);
    if (s.pairing && s.pairing.failures.length > 0) notes.push(`  ${s.label}: pairing failures: ${s.pairing.failures[0]}`);
    if (s.relay && s.relay.errors.length > 0) notes.push(`  ${s.label}: relay socket errors: ${s.relay.errors.join('; ')}`);
  }
  for (const e of figures.skipped) notes.push(`  Not run: ${e}`);
  for (const e of figures.errors) notes.push(`  Error: ${e}`);
  return notes;
}

/** Measurements that could not be made (a server did not start, a phase failed): empty when all were. */
export function signalingErrors(figures: SignalingLoadFigures): string[] {
  const missing = figures.servers.flatMap((s) => [
    ...s.errors.map((e) => `${s.label}: ${e}`),
    ...(!s.pairing && s.errors.length === 0 ? [`${s.label}: no pairing figure`] : []),
    ...(!s.relay && s.errors.length === 0 ? [`${s.label}: no relay figure`] : []),
  ]);
  return [...figures.errors, ...missing];
}
