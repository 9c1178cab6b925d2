/**
 * Fault-injection hooks for browser tests, on `window.__supportTestHooks`, present only when
 * the page was opened with `?testHooks=1` (documented in the README). A user never has them.
 *
 * - `forceNextOffer = true`: the next attached file skips this side's type and size check, so
 *   a test can see the receiver refuse it.
 * - `dropLinks()`: closes every session's peer connection as a network fault would.
 * - `selectedCandidateTypes()`: read-only; for each session's peer connection, the candidate
 *   types (`host`, `srflx`, `prflx`, `relay`) of the pair ICE selected, or null before one is.
 * - `iceUsernames()`: read-only; for each session's peer connection, the usernames of the ICE
 *   servers it is configured with now (renewed TURN credentials show up here).
 * - `iceUfrags()`: read-only; for each session's peer connection, the ICE username fragment
 *   of its local description (an ICE restart changes it).
 * - `sendRaw(channel, frames)`: this page turns hostile: writes each frame as is on every open
 *   link's `control`, `files` or `frames` channel (base64 bytes, or `text:` and a text
 *   message); resolves to the number written. Paced by the channel's buffer.
 * - `announceVersion = N`: this page's next peer hellos say protocol version N instead of its
 *   own, as an older page would (the other side then sends it nothing that version lacks).
 * - `controlKinds()`: read-only; for each session's open link, how many control payloads of
 *   each kind arrived, indexed by CONTROL_KIND (SYNC, AWARENESS, MESSAGE, BATCH).
 * - `transcriptState()`: read-only; the first session's Yjs document as one update (base64)
 *   and its client id, so a test can forge updates against it.
 */
import * as Y from 'yjs';
import type { SupportSession } from './SupportSession.js';

export interface SelectedCandidateTypes {
  readonly local: string;
  readonly remote: string;
}

export interface SupportTestHooks {
  forceNextOffer: boolean;
  announceVersion: number | null;
  dropLinks(): void;
  selectedCandidateTypes(): Promise<(SelectedCandidateTypes | null)[]>;
  iceUsernames(): string[][];
  iceUfrags(): (string | null)[];
  sendRaw(channel: 'control' | 'files' | 'frames', frames: readonly string[]): Promise<number>;
  transcriptState(): { update: string; clientId: number } | null;
  controlKinds(): (readonly number[] | null)[];
}

const sessions = new Set<SupportSession>();

function readEnabled(): boolean {
  try {
    return new URLSearchParams(globalThis.location?.search ?? '').get('testHooks') === '1';
  } catch {
    return false;
  }
}

/** The hooks, or null on a normal page. Read once: the address may change later. */
export const testHooks: SupportTestHooks | null = readEnabled()
  ? {
      forceNextOffer: false,
      announceVersion: null,
      controlKinds: () => [...sessions].map((session) => (session.openLink ? [...session.openLink.controlKindsReceived] : null)),
      dropLinks: () => sessions.forEach((session) => session.dropLinkForTest()),
      selectedCandidateTypes: () => Promise.all([...sessions].map((session) => selectedPair(session.peerConnection))),
      iceUsernames: () =>
        [...sessions].map((session) => (session.peerConnection?.getConfiguration().iceServers ?? []).flatMap((server) => server.username ?? [])),
      iceUfrags: () => [...sessions].map((session) => session.peerConnection?.localDescription?.sdp.match(/a=ice-ufrag:(\S+)/)?.[1] ?? null),
      sendRaw: (channel, frames) => sendRaw(channel, frames),
      transcriptState: () => {
        const session = [...sessions][0];
        if (!session) return null;
        const update = Y.encodeStateAsUpdate(session.transcript.doc);
        let binary = '';
        for (const byte of update) binary += String.fromCharCode(byte);
        return { update: btoa(binary), clientId: session.transcript.doc.clientID };
      },
    }
  : null;

/** Above this much queued on a channel, the hook waits before writing more. */
const RAW_BUFFER_LIMIT_BYTES = 1024 * 1024;

async function sendRaw(channel: 'control' | 'files' | 'frames', frames: readonly string[]): Promise<number> {
  let written = 0;
  for (const frame of frames) {
    const data = frame.startsWith('text:') ? frame.slice(5) : Uint8Array.from(atob(frame), (c) => c.charCodeAt(0));
    for (const session of sessions) {
      const link = session.openLink;
      if (!link) continue;
      while (channel !== 'control' && link.channel(channel).bufferedAmount > RAW_BUFFER_LIMIT_BYTES) await new Promise((r) => setTimeout(r, 10));
      while (channel === 'control' && link.controlBufferedAmount > RAW_BUFFER_LIMIT_BYTES) await new Promise((r) => setTimeout(r, 10));
      if (link.sendRawForTest(channel, data)) written++;
    }
  }
  return written;
}

if (testHooks) (globalThis as { __supportTestHooks?: SupportTestHooks }).__supportTestHooks = testHooks;

/** The selected pair from the transport's stats (Chromium reports it there, not on the pair). */
async function selectedPair(pc: RTCPeerConnection | null): Promise<SelectedCandidateTypes | null> {
  if (!pc) return null;
  const stats = [...(await pc.getStats()).values()] as (Record<string, unknown> & { id: string; type: string })[];
  const byId = new Map(stats.map((entry) => [entry.id, entry]));
  const transport = stats.find((entry) => entry.type === 'transport' && entry.selectedCandidatePairId);
  const pair = byId.get(String(transport?.selectedCandidatePairId ?? ''));
  const local = byId.get(String(pair?.localCandidateId ?? ''));
  const remote = byId.get(String(pair?.remoteCandidateId ?? ''));
  if (!local || !remote) return null;
  return { local: String(local.candidateType), remote: String(remote.candidateType) };
}

/** Makes a session reachable by `dropLinks()`; returns the unregister function. */
export function registerForTestHooks(session: SupportSession): () => void {
  if (!testHooks) return () => undefined;
  sessions.add(session);
  return () => sessions.delete(session);
}

/** True once per `forceNextOffer = true`. */
export function takeForcedOffer(): boolean {
  if (!testHooks?.forceNextOffer) return false;
  testHooks.forceNextOffer = false;
  return true;
}
