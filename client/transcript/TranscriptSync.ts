/**
 * Keeps a Transcript and its awareness (typing, presence) in step with the other side over a
 * PeerLink's control channel, with y-protocols sync and awareness messages. Everything the
 * peer sends is decoded inside one guard: a bad frame is reported, never applied half-way,
 * and every document update passes the UpdateGuard (the transcript's rules) before Yjs sees it.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate, readSyncStep1, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import * as Y from 'yjs';
import { CONTROL_KIND, type ControlPayload } from '../../protocol/controlFrame.js';
import type { ProtocolError } from '../../protocol/errors.js';
import type { Role } from '../../protocol/ids.js';
import { Disposer } from '../core/Emitter.js';
import type { PeerLink } from '../rtc/PeerLink.js';
import type { Transcript } from './Transcript.js';
import { updateGuardOf, type UpdateGuard } from './UpdateGuard.js';

/** Largest awareness state we accept from a peer (typing flag, name, role). */
export const MAX_AWARENESS_UPDATE_BYTES = 4 * 1024;

/** Presence states a peer may have at once (its page, and its previous one after a reload). */
export const MAX_PEER_AWARENESS_STATES = 4;

/**
 * A sync step 1 asks for the whole document: a peer sends one per link, and one more after an
 * update raced the link's opening. Answers beyond this burst, refilled at one a second, are
 * refused, so a peer cannot keep this page encoding its transcript.
 */
export const STATE_REQUESTS_BURST = 10;
export const STATE_REQUESTS_PER_SECOND = 1;

/** Sync messages held while the stored transcript loads (the peer sends a handful at the start). */
export const MAX_EARLY_SYNC_MESSAGES = 256;

export interface TranscriptSyncOptions {
  /** This page's role: the guard refuses the peer's entries in it (UpdateGuard.ts). */
  readonly selfRole?: Role;
  /**
   * Resolves when the stored transcript is loaded. The peer's updates wait for it, so that
   * this side's own stored entries are known before the guard judges the peer's.
   */
  readonly whenLoaded?: Promise<unknown>;
}

export class TranscriptSync {
  private readonly disposer = new Disposer();
  private readonly guard: UpdateGuard;
  /** A sync step 1 is out and its step 2 not back yet (no need to ask again). */
  private awaitingState = false;

  /** Sync messages that came before the stored transcript was loaded; null once it is. */
  private early: Uint8Array[] | null = null;
  private disposed = false;
  /** State requests this link may still answer now, and when that was counted. */
  private stateAnswers = { tokens: STATE_REQUESTS_BURST, at: Date.now() };

  constructor(
    private readonly transcript: Transcript,
    private readonly awareness: Awareness,
    private readonly link: PeerLink,
    private readonly onPeerError: (error: ProtocolError) => void,
    options: TranscriptSyncOptions = {},
  ) {
    this.guard = updateGuardOf(transcript.doc, options.selfRole ?? null);
    if (options.whenLoaded) {
      const early: Uint8Array[] = [];
      this.early = early;
      void options.whenLoaded.finally(() => {
        this.early = null;
        if (!this.disposed) for (const payload of early) this.handle({ kind: CONTROL_KIND.SYNC, payload });
      }).catch(() => undefined); // a storage failure is the page's to report; sync goes on
    }
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      writeUpdate(encoder, update);
      this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(encoder));
    };
    transcript.doc.on('update', onUpdate);
    this.disposer.add(() => transcript.doc.off('update', onUpdate));

    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === this) return this.handlePeerStates(added);
      const changed = [...added, ...updated, ...removed].filter((id) => id === awareness.clientID);
      if (changed.length > 0) this.link.sendControl(CONTROL_KIND.AWARENESS, encodeAwarenessUpdate(awareness, changed));
    };
    awareness.on('update', onAwareness);
    this.disposer.add(() => awareness.off('update', onAwareness));
  }

  /** Call when the control channel opens: exchange state vectors and presence. */
  start(): void {
    this.requestState();
    this.link.sendControl(CONTROL_KIND.AWARENESS, encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
  }

  /** One control payload of kind SYNC or AWARENESS from the peer. Returns false if refused. */
  handle(message: ControlPayload): boolean {
    try {
      if (message.kind === CONTROL_KIND.SYNC) {
        if (!this.early) return this.handleSync(message.payload);
        if (this.early.length >= MAX_EARLY_SYNC_MESSAGES) throw new Error('too many sync messages before the transcript loaded');
        this.early.push(message.payload);
        return true;
      }
      if (message.kind === CONTROL_KIND.AWARENESS) {
        if (message.payload.byteLength > MAX_AWARENESS_UPDATE_BYTES) throw new Error('awareness update too large');
        applyAwarenessUpdate(this.awareness, message.payload, this);
        return true;
      }
      return false;
    } catch (error) {
      this.onPeerError({ code: 'PEER_PROTOCOL', detail: String(error).slice(0, 200) });
      return false;
    }
  }

  /**
   * Client ids the peer announced are its own (UpdateGuard binds them to its role). One page
   * has one state, a reload adds another for a while: more than a few are refused, since
   * awareness states otherwise stay for 30 s each.
   */
  private handlePeerStates(added: number[]): void {
    for (const clientId of added) this.guard.bindPeerClient(clientId);
    if (this.awareness.getStates().size - 1 <= MAX_PEER_AWARENESS_STATES) return;
    removeAwarenessStates(this.awareness, added, this);
    this.onPeerError({ code: 'PEER_PROTOCOL', detail: 'too many awareness states' });
  }

  /**
   * y-protocols' sync messages, read here rather than by `readSyncMessage` so that an update
   * passes the guard before it is applied: a refused one leaves the document (and so the
   * stored transcript) untouched. Throws on a malformed message; `handle` reports it.
   */
  private handleSync(payload: Uint8Array): boolean {
    const decoder = decoding.createDecoder(payload);
    const type = decoding.readVarUint(decoder);
    if (type === messageYjsSyncStep1) {
      if (!this.takeStateAnswer()) throw new Error('too many state requests');
      const reply = encoding.createEncoder();
      readSyncStep1(decoder, reply, this.transcript.doc);
      this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(reply));
      return true;
    }
    if (type !== messageYjsSyncStep2 && type !== messageYjsUpdate) throw new Error('unknown sync message');
    const update = decoding.readVarUint8Array(decoder);
    if (type === messageYjsSyncStep2) this.awaitingState = false;
    const verdict = this.guard.inspect(update);
    if (verdict.kind === 'refuse') {
      this.onPeerError({ code: 'PEER_PROTOCOL', detail: `transcript update refused: ${verdict.reason}` });
      return false;
    }
    if (verdict.kind === 'incomplete') {
      // Sent before the peer had our state (both sides type as the link opens): the peer's
      // answer to a step 1 carries it again, whole.
      if (!this.awaitingState) this.requestState();
      return true;
    }
    Y.applyUpdate(this.transcript.doc, update, this);
    return true;
  }

  private takeStateAnswer(): boolean {
    const now = Date.now();
    const refill = ((now - this.stateAnswers.at) / 1000) * STATE_REQUESTS_PER_SECOND;
    this.stateAnswers = { tokens: Math.min(STATE_REQUESTS_BURST, this.stateAnswers.tokens + refill), at: now };
    if (this.stateAnswers.tokens < 1) return false;
    this.stateAnswers.tokens -= 1;
    return true;
  }

  private requestState(): void {
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.transcript.doc);
    this.awaitingState = this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(encoder));
  }

  /** The link is gone: forget the peer's presence (its typing signal clears at once). */
  dispose(): void {
    this.disposed = true;
    this.disposer.dispose();
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
    if (remote.length > 0) removeAwarenessStates(this.awareness, remote, this);
  }
}
