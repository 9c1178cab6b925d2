/**
 * Fuzzes the data-channel decoders from a hostile peer, in Node, with the real code on each
 * path from `RTCDataChannel.onmessage`: the control-frame reassembler and the peer-message
 * parser, the file-chunk decoder and the receive ledger, the screen-frame parser, reassembler
 * and image-header check, and TranscriptSync (sync envelope, update guard, Yjs) on a real
 * Transcript whose legitimate history must come out unchanged. Honest updates from the peer
 * are interleaved and must all be applied. Only the link is a stand-in: its `sendControl`
 * collects what the victim would answer.
 *
 * `npm run fuzz:data-channel -- --frames 1000000 --seed 7` runs the long version.
 */
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CONTROL_KIND, ControlReassembler, packControlPayloads, unpackControlPayload, type ControlKind } from '../../protocol/controlFrame.js';
import type { ProtocolError } from '../../protocol/errors.js';
import { parseFileChunk } from '../../protocol/fileTransfer.js';
import { parsePeerMessage } from '../../protocol/peerMessage.js';
import { parseFrameMessage } from '../../protocol/screenFrame.js';
import { ScreenFrameReassembler } from '../../protocol/ScreenFrameReassembler.js';
import { readScreenImageHeader } from '../../protocol/screenImage.js';
import type { LogEntry, SessionDetails } from '../../protocol/transcript.js';
import { ReceiveLedger } from '../../client/files/transferLedger.js';
import type { PeerLink } from '../../client/rtc/PeerLink.js';
import { Transcript } from '../../client/transcript/Transcript.js';
import { TranscriptSync } from '../../client/transcript/TranscriptSync.js';
import { updateGuardOf } from '../../client/transcript/UpdateGuard.js';
import { seededRandom } from './framePool.js';
import { HostileFrames } from './dataChannelFuzzFrames.js';

export interface DataChannelFuzzOptions {
  readonly frames: number;
  readonly seed: number;
  /** One honest update from the peer every this many transcript frames. */
  readonly honestEvery?: number;
}

export interface DataChannelFuzzReport {
  /** Channel messages and sync payloads fed to the decoders, all targets together. */
  frames: number;
  byTarget: { control: number; files: number; screen: number; transcript: number };
  /** Exceptions that escaped a decoder (must be 0). */
  escaped: number;
  /** Peer errors the victim's session would show (coalesced there into one notice). */
  peerErrors: number;
  peerMessagesParsed: number;
  /** Control payloads sent as a batch of fuzzed parts (whole or mutated). */
  batches: number;
  fileChunksParsed: number;
  screenFramesCompleted: number;
  /** Forbidden but well-formed Yjs updates generated, and how many the guard let through (must be 0). */
  forbiddenUpdates: number;
  forbiddenApplied: number;
  /** Honest updates from the peer, and how many were applied (must be all). */
  honestUpdates: number;
  honestApplied: number;
  /**
   * The victim's own entries and the session details are untouched, every honest entry is
   * there in order, and anything else is in the peer's own name (a peer may say anything as
   * itself, even replay its messages under a new client id, but never as the victim).
   */
  transcriptIntact: boolean;
  /** Entries beyond the honest ones, all in the peer's name (mutated replays of its messages). */
  extraPeerEntries: number;
  /** The parts of `transcriptIntact`, to see which one failed. */
  checks: { ownEntries: boolean; honestInOrder: boolean; extrasInPeerName: boolean; details: boolean; noInvalidEntries: boolean };
  /** Object.prototype gained no property from `__proto__` keys. */
  prototypeClean: boolean;
  startHeapBytes: number;
  peakHeapBytes: number;
}

const KIND_FOR_PAYLOAD: ControlKind[] = [CONTROL_KIND.MESSAGE, CONTROL_KIND.SYNC, CONTROL_KIND.AWARENESS];

/** A conversation both sides have: the victim is the rep, the hostile peer the customer. */
function honestHistory(): { rep: Transcript; customer: Transcript } {
  const rep = new Transcript();
  const customer = new Transcript();
  const details: SessionDetails = {
    sessionId: 'fuzzsession1',
    startedAt: 1_700_000_000_000,
    customerName: 'Ana',
    repName: 'Sam',
    query: 'Printer',
    joinedBy: 'code',
    os: 'Linux',
    browser: 'Chromium',
  };
  rep.setDetails(details);
  rep.appendMessage('rep', 'Sam', 'Hello, how can I help?');
  customer.appendMessage('customer', 'Ana', 'My printer is on fire');
  customer.appendFile({ transferId: 'fuzzFile0001', role: 'customer', author: 'Ana', name: 'fire.png', size: 48213, mimeType: 'image/png' });
  rep.appendFile({ transferId: 'fuzzFile0002', role: 'rep', author: 'Sam', name: 'manual.pdf', size: 1200, mimeType: 'application/pdf' });
  rep.appendStatus('file-offered', { by: 'rep', detail: 'manual.pdf (1.2 KB)' });
  // Both ways, as a sync would.
  Y.applyUpdate(customer.doc, Y.encodeStateAsUpdate(rep.doc));
  Y.applyUpdate(rep.doc, Y.encodeStateAsUpdate(customer.doc));
  // The customer records the hash of its file (delete and insert in place): allowed.
  const before = Y.encodeStateVector(customer.doc);
  customer.setFileSha256('fuzzFile0001', 'a'.repeat(64));
  Y.applyUpdate(rep.doc, Y.encodeStateAsUpdate(customer.doc, before));
  return { rep, customer };
}

export async function runDataChannelFuzz(options: DataChannelFuzzOptions): Promise<DataChannelFuzzReport> {
  const random = seededRandom(options.seed);
  const gen = new HostileFrames(random);
  const honestEvery = options.honestEvery ?? 50;
  const report: DataChannelFuzzReport = {
    frames: 0,
    byTarget: { control: 0, files: 0, screen: 0, transcript: 0 },
    escaped: 0,
    peerErrors: 0,
    peerMessagesParsed: 0,
    batches: 0,
    fileChunksParsed: 0,
    screenFramesCompleted: 0,
    forbiddenUpdates: 0,
    forbiddenApplied: 0,
    honestUpdates: 0,
    honestApplied: 0,
    transcriptIntact: false,
    extraPeerEntries: 0,
    checks: { ownEntries: false, honestInOrder: false, extrasInPeerName: false, details: false, noInvalidEntries: false },
    prototypeClean: false,
    startHeapBytes: process.memoryUsage().heapUsed,
    peakHeapBytes: 0,
  };

  // ---- the victim: a rep's transcript with its sync, on a link that only collects answers
  const { rep: victim, customer: history } = honestHistory();
  // What the hostile frames are made from: the shared history as it stands now. The honest
  // peer carries on in a new page load (a new Yjs client id), so a forged update can never
  // take the clock its next honest update will use.
  const historyState = Y.encodeStateAsUpdate(history.doc);
  const historyVector = Y.encodeStateVector(history.doc);
  const peer = new Transcript(new Y.Doc());
  Y.applyUpdate(peer.doc, historyState);
  history.destroy();
  const repOwnEntries = victim.entries().filter((e) => e.kind !== 'status' && e.role === 'rep');
  const answers: number[] = [];
  const link = { sendControl: (_kind: ControlKind, payload: Uint8Array) => (answers.push(payload.byteLength), true) } as unknown as PeerLink;
  const peerError = (_error: ProtocolError) => void report.peerErrors++;
  const victimAwareness = new Awareness(victim.doc);
  const sync = new TranscriptSync(victim, victimAwareness, link, peerError, { selfRole: 'rep' });
  const guard = updateGuardOf(victim.doc, 'rep');
  const peerAwareness = new Awareness(peer.doc);
  peerAwareness.setLocalState({ role: 'customer', name: 'Ana', typing: false });
  sync.handle({ kind: CONTROL_KIND.AWARENESS, payload: encodeAwarenessUpdate(peerAwareness, [peer.doc.clientID]) });

  const reassembler = new ControlReassembler();
  const ledger = { value: new ReceiveLedger(10 * 1024 * 1024, 65536) };
  const knownTags = [7, 8];
  const screen = new ScreenFrameReassembler();
  let frameNumber = 1;
  let clockMs = 0;
  let honestCount = 0;

  const guarded = (run: () => void) => {
    try {
      run();
    } catch (error) {
      if (report.escaped++ < 5) console.error('fuzz: a decoder threw', error);
    }
  };

  // The victim's side of the control channel, as PeerLink and SupportSession wire it.
  const deliverControl = (frame: Uint8Array) => {
    const result = reassembler.push(frame);
    if (!result.ok) return void report.peerErrors++;
    if (!result.value) return;
    const parts = unpackControlPayload(result.value);
    if (!parts.ok) return void report.peerErrors++;
    for (const part of parts.value) {
      guarded(() => {
        if (part.kind === CONTROL_KIND.MESSAGE) {
          const parsed = parsePeerMessage(part.payload);
          if (parsed.ok) report.peerMessagesParsed++;
          else report.peerErrors++;
        } else sync.handle(part);
      });
    }
  };

  const sendHonest = () => {
    const before = Y.encodeStateVector(peer.doc);
    const text = gen.chance(0.3) ? '<img src=x onerror="window.__hostileRan=1"> is what I see' : `message ${honestCount++}`;
    peer.appendMessage('customer', 'Ana', text);
    const update = Y.encodeStateAsUpdate(peer.doc, before);
    report.honestUpdates++;
    const countBefore = victim.entries().length;
    sync.handle({ kind: CONTROL_KIND.SYNC, payload: gen.syncMessage(2, update) });
    if (victim.entries().length === countBefore + 1) report.honestApplied++;
  };

  const syncPayload = (): Uint8Array => {
    const state = historyState;
    switch (gen.int(6)) {
      case 0:
        return gen.randomBytes();
      case 1:
        return gen.syncMessage(gen.pick([0, 1, 2, 3, 200]), gen.randomBytes());
      case 2:
        return gen.syncMessage(gen.pick([1, 2]), gen.mutate(state));
      case 3:
        return gen.syncMessage(0, gen.mutate(historyVector));
      default: {
        const { update } = gen.forbiddenUpdate(state, 'rep', victim.doc.clientID);
        report.forbiddenUpdates++;
        if (guard.inspect(update).kind === 'accept') report.forbiddenApplied++;
        return gen.syncMessage(gen.pick([1, 2]), update);
      }
    }
  };

  for (let i = 0; i < options.frames; i++) {
    report.frames++;
    switch (i % 4) {
      case 0: {
        report.byTarget.control++;
        const one = (): { kind: ControlKind; bytes: Uint8Array } => {
          const kind = gen.pick(KIND_FOR_PAYLOAD);
          if (kind === CONTROL_KIND.MESSAGE) return { kind, bytes: gen.peerMessageBytes(['fuzzFile0001']) };
          if (kind === CONTROL_KIND.SYNC) return { kind, bytes: syncPayload() };
          return { kind, bytes: gen.chance(0.5) ? gen.randomBytes() : gen.mutate(encodeAwarenessUpdate(peerAwareness, [peer.doc.clientID])) };
        };
        // One in four payloads is a batch of fuzzed parts, whole or with its bytes mutated.
        const frames = gen.controlFrames(() => {
          if (!gen.chance(0.25)) return one();
          const parts = Array.from({ length: 2 + gen.int(4) }, () => {
            const { kind, bytes } = one();
            return { kind: kind as Exclude<ControlKind, typeof CONTROL_KIND.BATCH>, payload: bytes };
          });
          const packed = packControlPayloads(parts, Number.MAX_SAFE_INTEGER).find((p) => p.kind === CONTROL_KIND.BATCH);
          if (!packed) return one();
          report.batches++;
          return { kind: CONTROL_KIND.BATCH, bytes: gen.chance(0.5) ? packed.payload : gen.mutate(packed.payload) };
        });
        for (const frame of frames) guarded(() => deliverControl(frame));
        break;
      }
      case 1: {
        report.byTarget.files++;
        guarded(() => {
          const chunk = parseFileChunk(gen.fileChunk(knownTags));
          if (!chunk.ok) return void report.peerErrors++;
          report.fileChunksParsed++;
          if (!knownTags.includes(chunk.value.tag)) return void report.peerErrors++;
          if (ledger.value.acceptChunk(chunk.value.offset, chunk.value.bytes.byteLength)) {
            report.peerErrors++;
            ledger.value = new ReceiveLedger(10 * 1024 * 1024, 65536);
          }
        });
        break;
      }
      case 2: {
        report.byTarget.screen++;
        clockMs += gen.int(50);
        if (gen.chance(0.05)) frameNumber += gen.pick([1, 1, 2, -1, 1000]);
        guarded(() => {
          const message = parseFrameMessage(gen.screenMessage(Math.max(0, frameNumber)).slice().buffer);
          if (!message.ok) return void report.peerErrors++;
          if (message.value.kind !== 'part') return;
          const frame = screen.push(message.value, clockMs);
          if (!frame) return;
          report.screenFramesCompleted++;
          readScreenImageHeader(frame.bytes);
        });
        break;
      }
      default: {
        report.byTarget.transcript++;
        guarded(() => {
          if (report.byTarget.transcript % honestEvery === 0) sendHonest();
          else sync.handle({ kind: gen.pick([CONTROL_KIND.SYNC, CONTROL_KIND.SYNC, CONTROL_KIND.AWARENESS]), payload: syncPayload() });
        });
      }
    }
    if (i % 2_000 === 0) {
      report.peakHeapBytes = Math.max(report.peakHeapBytes, process.memoryUsage().heapUsed);
      answers.length = 0;
      // Let timers and microtasks run, as a page's event loop would between messages.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  report.peakHeapBytes = Math.max(report.peakHeapBytes, process.memoryUsage().heapUsed);

  const json = (entry: LogEntry) => JSON.stringify(entry);
  const ownAfter = victim.entries().filter((e) => e.kind !== 'status' && e.role === 'rep');
  const honest = peer.entries().map(json);
  let next = 0;
  let extrasInPeerName = true;
  for (const entry of victim.entries()) {
    if (next < honest.length && json(entry) === honest[next]) next++;
    else {
      report.extraPeerEntries++;
      if (entry.kind !== 'status' && entry.role !== 'customer') extrasInPeerName = false;
    }
  }
  report.checks = {
    ownEntries: ownAfter.map(json).join() === repOwnEntries.map(json).join(),
    honestInOrder: next === honest.length,
    extrasInPeerName,
    details: JSON.stringify(victim.details()) === JSON.stringify(peer.details()),
    noInvalidEntries: victim.rejectedCount === 0,
  };
  report.transcriptIntact = Object.values(report.checks).every(Boolean);
  report.prototypeClean = !('polluted' in ({} as Record<string, unknown>));
  sync.dispose();
  guard.dispose();
  victimAwareness.destroy();
  peerAwareness.destroy();
  return report;
}
