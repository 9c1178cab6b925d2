/** The printed table: one row per figure, ours next to the PeerJS baseline, with the targets. */
import type { BenchFigures, ConnectFigures } from './BenchFigures.js';
import type { TargetCheck, TargetId } from './targets.js';

const HEADER = ['Figure', 'Ours', 'PeerJS baseline', 'Target', 'Result'];
const NONE = '—';

const ms = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? 'n/a' : `${value.toFixed(1)} ms`);
/** 1 KB = 1000 bytes, as Vite prints. */
const kb = (bytes: number | undefined): string => (bytes === undefined ? 'n/a' : `${(bytes / 1000).toFixed(2)} KB`);

function verdict(checks: readonly TargetCheck[], id: TargetId): [string, string] {
  const check = checks.find((c) => c.id === id);
  if (!check) return [NONE, NONE];
  return [check.target, check.pass === null ? 'n/a' : check.pass ? 'PASS' : 'FAIL'];
}

function connectCell(figures: ConnectFigures | null, pick: (f: ConnectFigures) => number): string {
  return figures ? ms(pick(figures)) : 'error';
}

/** Where our connect time goes (medians of each step, so they need not add up to the total). */
function phaseRows(ours: ConnectFigures | null): string[][] {
  const phases = ours?.phases;
  const cell = (pick: (p: NonNullable<ConnectFigures['phases']>['medianMs']) => number) => (phases ? `${ms(pick(phases.medianMs))}` : 'n/a');
  return [
    ['  click → join sent, median*', cell((p) => p.toJoinSentMs), NONE, NONE, NONE],
    ['  join sent → rep\'s answer here*', cell((p) => p.toRemoteMs), NONE, NONE, NONE],
    ['  answer here → answer applied*', cell((p) => p.toNegotiatedMs), NONE, NONE, NONE],
    ['  answer applied → chat channel open*', cell((p) => p.toChannelOpenMs), NONE, NONE, NONE],
    ['  chat channel open → connected shown*', cell((p) => p.toConnectedMs), NONE, NONE, NONE],
  ];
}

export function reportRows(figures: BenchFigures, checks: readonly TargetCheck[]): string[][] {
  const ours = figures.connectOurs;
  const peerjs = figures.connectPeerjs;
  const rtt = figures.roundTrip;
  const bundle = figures.bundle;
  const n = (f: ConnectFigures | null) => (f ? `${f.summary.count} ok, ${f.failures} failed` : 'error');
  const open = ours?.channelOpen;
  const vsPeerjs = (medianMs: number | undefined) => (medianMs !== undefined && peerjs ? `${(medianMs / peerjs.summary.medianMs).toFixed(2)}× PeerJS` : 'n/a');
  const rttCell = (pick: (r: NonNullable<BenchFigures['roundTrip']>) => string) => (rtt ? pick(rtt) : 'error');
  const base = figures.roundTripPeerjs;
  const baseCell = (pick: (r: NonNullable<BenchFigures['roundTripPeerjs']>) => string) => (base ? pick(base) : 'error');
  return [
    ['Connect: sessions measured', n(ours), n(peerjs), NONE, NONE],
    ['Connect: sessions over 1 s', ours ? String(ours.overOneSecond) : 'error', peerjs ? String(peerjs.overOneSecond) : 'error', NONE, NONE],
    ['Connect time (Join → chat channel open), median', open ? ms(open.medianMs) : 'n/a', connectCell(peerjs, (f) => f.summary.medianMs), ...verdict(checks, 'connect-median')],
    ['Connect time, median vs PeerJS', vsPeerjs(open?.medianMs), NONE, ...verdict(checks, 'connect-vs-peerjs')],
    ['Connect time, p95', open ? ms(open.p95Ms) : 'n/a', connectCell(peerjs, (f) => f.summary.p95Ms), NONE, NONE],
    ['Join → connected shown, median', connectCell(ours, (f) => f.summary.medianMs), NONE, NONE, NONE],
    ['Join → connected shown, median vs PeerJS', vsPeerjs(ours?.summary.medianMs), NONE, NONE, NONE],
    ['Join → connected shown, p95', connectCell(ours, (f) => f.summary.p95Ms), NONE, NONE, NONE],
    ...phaseRows(ours),
    ['Message round trip, messages', rttCell((r) => `${r.completed} of ${r.requested}`), baseCell((r) => `${r.completed} of ${r.requested}`), NONE, NONE],
    ['Message round trip, median', rttCell((r) => ms(r.roundTrip.medianMs)), baseCell((r) => ms(r.roundTrip.medianMs)), NONE, NONE],
    ['Message round trip, p99', rttCell((r) => ms(r.roundTrip.p99Ms)), baseCell((r) => ms(r.roundTrip.p99Ms)), ...verdict(checks, 'round-trip-p99')],
    [
      'Round trip median, first → last 100',
      rttCell((r) => `${ms(r.firstSliceMedianMs)} → ${ms(r.lastSliceMedianMs)}`),
      NONE,
      NONE,
      NONE,
    ],
    ['  one way customer → rep, median*', rttCell((r) => ms(r.customerToRep.medianMs)), NONE, NONE, NONE],
    ['  rep auto-reply turnaround, median', rttCell((r) => ms(r.repTurnaround.medianMs)), NONE, NONE, NONE],
    ['  one way rep → customer, median*', rttCell((r) => ms(r.repToCustomer.medianMs)), NONE, NONE, NONE],
    [
      'Customer page JS, gzip (/join)',
      bundle ? kb(bundle.customer.totalGzipBytes) : 'error',
      bundle ? `${kb(bundle.peerjsClientGzipBytes)} (peerjs.min.js alone)` : NONE,
      ...verdict(checks, 'customer-js'),
    ],
    ['Rep console JS, gzip (/rep)', bundle ? kb(bundle.rep.totalGzipBytes) : 'error', NONE, NONE, NONE],
  ];
}

export function formatTable(rows: readonly (readonly string[])[]): string {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, col) => Math.max(...all.map((row) => [...(row[col] ?? '')].length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, col) => cell.padEnd(widths[col]!)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(HEADER), rule, ...rows.map(line)].join('\n');
}
