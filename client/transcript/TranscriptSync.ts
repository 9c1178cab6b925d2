/**
 * Keeps a Transcript and its awareness (typing, presence) in step with the other side over a
 * PeerLink's control channel, with y-protocols sync and awareness messages. Everything the
 * peer sends is decoded inside one guard: a bad frame is reported, never applied half-way.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { readSyncMessage, writeSyncStep1, writeUpdate } from 'y-protocols/sync';
import { CONTROL_KIND, type ControlPayload } from '../../protocol/controlFrame.js';
import type { ProtocolError } from '../../protocol/errors.js';
import { Disposer } from '../core/Emitter.js';
import type { PeerLink } from '../rtc/PeerLink.js';
import type { Transcript } from './Transcript.js';

/** Largest awareness state we accept from a peer (typing flag, name, role). */
export const MAX_AWARENESS_UPDATE_BYTES = 4 * 1024;

export class TranscriptSync {
  private readonly disposer = new Disposer();

  constructor(
    private readonly transcript: Transcript,
    private readonly awareness: Awareness,
    private readonly link: PeerLink,
    private readonly onPeerError: (error: ProtocolError) => void,
  ) {
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      writeUpdate(encoder, update);
      this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(encoder));
    };
    transcript.doc.on('update', onUpdate);
    this.disposer.add(() => transcript.doc.off('update', onUpdate));

    const onAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === this) return;
      const changed = [...added, ...updated, ...removed].filter((id) => id === awareness.clientID);
      if (changed.length > 0) this.link.sendControl(CONTROL_KIND.AWARENESS, encodeAwarenessUpdate(awareness, changed));
    };
    awareness.on('update', onAwareness);
    this.disposer.add(() => awareness.off('update', onAwareness));
  }

  /** Call when the control channel opens: exchange state vectors and presence. */
  start(): void {
    const encoder = encoding.createEncoder();
    writeSyncStep1(encoder, this.transcript.doc);
    this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(encoder));
    this.link.sendControl(CONTROL_KIND.AWARENESS, encodeAwarenessUpdate(this.awareness, [this.awareness.clientID]));
  }

  /** One control payload of kind SYNC or AWARENESS from the peer. Returns false if refused. */
  handle(message: ControlPayload): boolean {
    try {
      if (message.kind === CONTROL_KIND.SYNC) {
        const decoder = decoding.createDecoder(message.payload);
        const reply = encoding.createEncoder();
        readSyncMessage(decoder, reply, this.transcript.doc, this);
        if (encoding.length(reply) > 0) this.link.sendControl(CONTROL_KIND.SYNC, encoding.toUint8Array(reply));
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

  /** The link is gone: forget the peer's presence (its typing signal clears at once). */
  dispose(): void {
    this.disposer.dispose();
    const remote = [...this.awareness.getStates().keys()].filter((id) => id !== this.awareness.clientID);
    if (remote.length > 0) removeAwarenessStates(this.awareness, remote, this);
  }
}
