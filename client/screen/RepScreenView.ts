/**
 * Screen thumbnail on the rep's side of one session: asks to see the screen, follows the
 * customer's answer, puts frames back together from the `frames` channel, decodes only what
 * was negotiated, and keeps the newest picture for the pane and the viewer. It also writes
 * the screen status notes, as the rep's page writes all status notes.
 */
import type { PeerMessage } from '../../protocol/peerMessage.js';
import { parseFrameMessage, type ScreenFrame } from '../../protocol/screenFrame.js';
import { ScreenFrameReassembler } from '../../protocol/ScreenFrameReassembler.js';
import { THUMBNAIL_EDGE_PX, VIEWER_EDGE_PX, type ScreenImageType } from '../../protocol/screenShare.js';
import { Disposer, Emitter } from '../core/Emitter.js';
import type { PeerLink } from '../rtc/PeerLink.js';
import type { SupportSession } from '../session/SupportSession.js';
import { decodeScreenFrame } from './decodeScreenFrame.js';

export type RepScreenState =
  | { readonly kind: 'idle' }
  /** Asked; `choosing` once the customer allowed it and has the picker open. */
  | { readonly kind: 'requested'; readonly choosing: boolean }
  | {
      readonly kind: 'sharing';
      readonly shareId: string;
      /** The captured screen's own size. */
      readonly width: number;
      readonly height: number;
      readonly mime: ScreenImageType;
      readonly maxEdge: number;
    };

/** The picture on show. `bitmap` stays valid until the next one replaces it. */
export interface ShownFrame {
  readonly bitmap: ImageBitmap;
  readonly frameNumber: number;
  /** Epoch milliseconds, on the customer's clock, when the picture was taken. */
  readonly capturedAtMs: number;
}

export interface RepScreenViewEvents extends Record<string, unknown> {
  state: RepScreenState;
  /** A newer picture is on show (null: none any more). */
  frame: ShownFrame | null;
  viewer: boolean;
}

export interface RepScreenStats {
  /** Frame messages refused before reassembly (malformed, or while not sharing). */
  refusedMessages: number;
  /** Whole frames refused by the decoder check (type, size, not an image). */
  refusedFrames: number;
}

const IDLE: RepScreenState = { kind: 'idle' };

export class RepScreenView extends Emitter<RepScreenViewEvents> {
  readonly stats: RepScreenStats = { refusedMessages: 0, refusedFrames: 0 };
  private current: RepScreenState = IDLE;
  private shown: ShownFrame | null = null;
  /** performance.now() of the last frame or "still" that confirmed the picture on show. */
  private confirmedAt = 0;
  private viewerOpen = false;
  private readonly reassembler = new ScreenFrameReassembler();
  private decoding = false;
  private nextToDecode: ScreenFrame | null = null;
  private readonly linkDisposer = new Disposer();
  private readonly disposer = new Disposer();

  constructor(private readonly session: SupportSession) {
    super();
    this.disposer.add(session.on('peerMessage', (message) => this.handlePeerMessage(message)));
    this.disposer.add(session.on('link', (link) => this.handleLink(link)));
    this.disposer.add(session.on('ended', () => this.endSharing(null)));
    if (session.openLink) this.handleLink(session.openLink);
  }

  get state(): RepScreenState {
    return this.current;
  }

  get frame(): ShownFrame | null {
    return this.shown;
  }

  get isViewerOpen(): boolean {
    return this.viewerOpen;
  }

  get reassemblyStats() {
    return this.reassembler.stats;
  }

  /** Milliseconds since the picture on show was last confirmed current; null with none. */
  ageMs(now = performance.now()): number | null {
    return this.shown ? Math.max(0, now - this.confirmedAt) : null;
  }

  /** Frames fit this box: thumbnail size, larger while the viewer is open. */
  get wantedEdge(): number {
    return this.viewerOpen ? VIEWER_EDGE_PX : THUMBNAIL_EDGE_PX;
  }

  handlePeerMessage(message: PeerMessage): void {
    switch (message.type) {
      case 'screen-answer':
        if (this.current.kind !== 'requested') break;
        if (message.accepted) {
          this.setState({ kind: 'requested', choosing: true });
        } else {
          this.session.transcript.appendStatus('screen-declined', { by: 'customer' });
          this.setState(IDLE);
        }
        break;
      case 'screen-started':
        this.handleStarted(message);
        break;
      case 'screen-stopped':
        // Only the customer's page sends this to us: it stopped, or is not sharing after a reload.
        if (this.current.kind === 'sharing') this.endSharing('customer');
        else if (this.current.kind === 'requested') this.setState(IDLE);
        break;
      default:
        break;
    }
  }

  handleLink(link: PeerLink | null): void {
    this.linkDisposer.dispose();
    if (!link) return; // frames pause; the picture stays with its age showing
    const channel = link.channel('frames');
    const onMessage = (event: MessageEvent) => {
      try {
        this.handleFrameMessage(event.data);
      } catch (error) {
        this.session.emit('peerError', { code: 'PEER_PROTOCOL', detail: `screen frame not handled (${error instanceof Error ? error.name : 'error'})` });
      }
    };
    channel.addEventListener('message', onMessage);
    this.linkDisposer.add(() => channel.removeEventListener('message', onMessage));
    // Also asks the customer's page where it is, so a thumbnail never outlives a reload there.
    this.session.sendPeerMessage({ type: 'screen-size', maxEdge: this.wantedEdge });
  }

  /** Request screen view. False when there is no link to ask over or it is already asked. */
  handleRequest(): boolean {
    if (this.current.kind !== 'idle') return false;
    if (!this.session.sendPeerMessage({ type: 'screen-request' })) return false;
    this.session.transcript.appendStatus('screen-requested', { by: 'rep' });
    this.setState({ kind: 'requested', choosing: false });
    return true;
  }

  /** The rep stops viewing: sharing ends on both sides. */
  handleStopViewing(): void {
    if (this.current.kind !== 'sharing') return;
    this.session.sendPeerMessage({ type: 'screen-stopped', by: 'rep' });
    this.endSharing('rep');
  }

  /** The viewer opened or closed: ask for frames of its size. */
  handleViewer(open: boolean): void {
    if (open && this.current.kind !== 'sharing') return;
    if (open === this.viewerOpen) return;
    this.viewerOpen = open;
    this.emit('viewer', open);
    if (this.current.kind === 'sharing') this.session.sendPeerMessage({ type: 'screen-size', maxEdge: this.wantedEdge });
  }

  dispose(): void {
    this.endSharing(null);
    this.linkDisposer.dispose();
    this.disposer.dispose();
    this.clear();
  }

  private handleStarted(message: Extract<PeerMessage, { type: 'screen-started' }>): void {
    const { shareId, width, height, mime, maxEdge } = message;
    const sameShare = this.current.kind === 'sharing' && this.current.shareId === shareId;
    if (!sameShare) {
      if (this.current.kind === 'sharing') this.endSharing('customer');
      this.reassembler.reset();
      // One note per sharing, even when a reload here hears the same sharing announced again.
      this.session.transcript.appendStatus('screen-started', { by: 'customer', id: `screen-started-${shareId}` });
    }
    this.setState({ kind: 'sharing', shareId, width, height, mime, maxEdge });
  }

  private handleFrameMessage(data: unknown): void {
    const sharing = this.current;
    const parsed = parseFrameMessage(data);
    if (sharing.kind !== 'sharing' || !parsed.ok) {
      this.stats.refusedMessages++;
      // A frame still in flight when sharing stopped is no one's fault; a malformed one is.
      if (!parsed.ok) this.session.emit('peerError', parsed.error);
      return;
    }
    const message = parsed.value;
    if (message.kind === 'still') {
      if (this.shown?.frameNumber === message.frameNumber) this.confirmedAt = performance.now();
      return;
    }
    const invalidBefore = this.reassembler.stats.invalid;
    const frame = this.reassembler.push(message, performance.now());
    if (this.reassembler.stats.invalid !== invalidBefore) this.session.emit('peerError', { code: 'PEER_PROTOCOL', detail: 'screen frame parts contradict each other' });
    if (!frame) return;
    // Decoding is asynchronous: keep only the newest frame waiting, never a queue.
    this.nextToDecode = frame;
    if (!this.decoding) void this.decodeWaiting();
  }

  private async decodeWaiting(): Promise<void> {
    this.decoding = true;
    try {
      for (let frame = this.nextToDecode; frame; frame = this.nextToDecode) {
        this.nextToDecode = null;
        const sharing = this.current;
        if (sharing.kind !== 'sharing') return;
        // The rep never asks for more than the viewer's size, whatever the customer announces.
        const result = await decodeScreenFrame(frame.bytes, { mime: sharing.mime, maxEdge: Math.min(sharing.maxEdge, VIEWER_EDGE_PX) });
        if (!result.ok) {
          this.stats.refusedFrames++;
          this.session.emit('peerError', { code: 'PEER_PROTOCOL', detail: `screen frame refused: ${result.error}` });
          continue;
        }
        const stillCurrent = this.current.kind === 'sharing' && this.current.shareId === sharing.shareId;
        if (!stillCurrent || (this.shown && frame.frameNumber <= this.shown.frameNumber)) {
          result.value.close();
          continue;
        }
        this.show({ bitmap: result.value, frameNumber: frame.frameNumber, capturedAtMs: frame.capturedAtMs });
      }
    } finally {
      this.decoding = false;
    }
  }

  private show(frame: ShownFrame): void {
    const previous = this.shown;
    this.shown = frame;
    this.confirmedAt = performance.now();
    this.emit('frame', frame);
    previous?.bitmap.close();
  }

  /** `by`: who ended it, for the status note; null ends it without a note (the session ended). */
  private endSharing(by: 'rep' | 'customer' | null): void {
    const sharing = this.current;
    if (sharing.kind === 'sharing' && by) {
      this.session.transcript.appendStatus('screen-stopped', { by, id: `screen-stopped-${sharing.shareId}` });
    }
    this.reassembler.reset();
    this.nextToDecode = null;
    if (this.viewerOpen) {
      this.viewerOpen = false;
      this.emit('viewer', false);
    }
    const previous = this.shown;
    this.shown = null;
    if (previous) this.emit('frame', null);
    previous?.bitmap.close();
    this.setState(IDLE);
  }

  private setState(state: RepScreenState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }
}

const views = new WeakMap<SupportSession, RepScreenView>();

/** The one screen view of a session, made on first use and kept as long as the session. */
export function repScreenViewOf(session: SupportSession): RepScreenView {
  let view = views.get(session);
  if (!view) {
    view = new RepScreenView(session);
    views.set(session, view);
  }
  return view;
}
