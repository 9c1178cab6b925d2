/**
 * Screen sharing on the customer's side of one session: the rep's request becomes a prompt,
 * the customer's choice starts the capture (or declines), and the frames follow whichever
 * peer link is open, pausing while there is none. The sharing outlives link replacements;
 * it ends when the customer stops, the browser's own control stops it, the rep stops
 * viewing, or the session ends. The rep's page writes the status notes.
 */
import type { PeerMessage } from '../../protocol/peerMessage.js';
import { THUMBNAIL_EDGE_PX, type ScreenImageType } from '../../protocol/screenShare.js';
import { Disposer, Emitter } from '../core/Emitter.js';
import { randomId } from '../core/randomId.js';
import type { PeerLink } from '../rtc/PeerLink.js';
import type { SupportSession } from '../session/SupportSession.js';
import { requestScreen, type DisplayMediaSource } from './requestScreen.js';
import type { ScreenCapture } from './ScreenCapture.js';
import type { ScreenSharer } from './ScreenSharer.js';

/** `asked`: the rep's request is waiting for an answer; `choosing`: the browser's picker is open. */
export type CustomerScreenState = 'idle' | 'asked' | 'choosing' | 'sharing';

export interface CustomerScreenShareEvents extends Record<string, unknown> {
  state: CustomerScreenState;
}

/** JPEG encodes a 1280 px screen in about 30 ms where WebP takes 350 ms (bench/README.md). */
const FRAME_MIME: ScreenImageType = 'image/jpeg';

export class CustomerScreenShare extends Emitter<CustomerScreenShareEvents> {
  private current: CustomerScreenState = 'idle';
  private capture: ScreenCapture | null = null;
  private sharer: ScreenSharer | null = null;
  private shareId = '';
  private maxEdge = THUMBNAIL_EDGE_PX;
  private disposed = false;
  private readonly disposer = new Disposer();

  constructor(
    private readonly session: SupportSession,
    private readonly source?: DisplayMediaSource,
  ) {
    super();
    this.disposer.add(session.on('peerMessage', (message) => this.handlePeerMessage(message)));
    this.disposer.add(session.on('link', (link) => this.handleLink(link)));
    this.disposer.add(session.on('ended', () => this.end()));
  }

  get state(): CustomerScreenState {
    return this.current;
  }

  handlePeerMessage(message: PeerMessage): void {
    switch (message.type) {
      case 'screen-request':
        if (this.current === 'sharing') this.announce();
        else if (this.current === 'idle') this.setState('asked');
        break;
      case 'screen-size':
        this.maxEdge = message.maxEdge;
        this.sharer?.setMaxEdge(message.maxEdge);
        // The rep also asks where we are: sharing, not sharing, or still deciding (no answer).
        if (this.current === 'sharing') this.announce();
        else if (this.current === 'idle') this.session.sendPeerMessage({ type: 'screen-stopped', by: 'customer' });
        break;
      case 'screen-stopped':
        // The rep stopped viewing, or withdrew the request.
        this.end();
        break;
      default:
        break;
    }
  }

  handleLink(link: PeerLink | null): void {
    this.sharer?.setChannel(link?.channel('frames') ?? null);
    if (link && this.current === 'sharing') this.announce();
  }

  /** The customer allowed the rep's request (call from the click: the picker needs it). */
  handleAccept(): Promise<void> {
    return this.current === 'asked' ? this.start(true) : Promise.resolve();
  }

  handleDecline(): void {
    if (this.current !== 'asked') return;
    this.session.sendPeerMessage({ type: 'screen-answer', accepted: false });
    this.setState('idle');
  }

  /** "Share my screen" without being asked. */
  handleShareOwn(): Promise<void> {
    return this.current === 'idle' || this.current === 'asked' ? this.start(this.current === 'asked') : Promise.resolve();
  }

  /** The customer pressed Stop. */
  handleStop(): void {
    if (this.current !== 'sharing') return;
    this.session.sendPeerMessage({ type: 'screen-stopped', by: 'customer' });
    this.end();
  }

  dispose(): void {
    this.disposed = true;
    this.end();
    this.disposer.dispose();
    this.clear();
  }

  private async start(answering: boolean): Promise<void> {
    this.setState('choosing');
    // The picker opens now, inside the click; the capture code loads while it is open.
    const picked = requestScreen(this.source);
    const pipeline = import('./sharingPipeline.js');
    let capture: ScreenCapture;
    let Sharer: typeof ScreenSharer;
    try {
      const [stream, loaded] = await Promise.all([picked, pipeline.catch((error: unknown) => picked.then((s) => stopStream(s, error)))]);
      capture = await loaded.ScreenCapture.fromStream(stream);
      Sharer = loaded.ScreenSharer;
    } catch {
      // Cancelled in the picker, or not allowed: that is a no.
      if (answering) this.session.sendPeerMessage({ type: 'screen-answer', accepted: false });
      if (this.current === 'choosing') this.setState('idle');
      return;
    }
    if (this.disposed || this.current !== 'choosing') {
      capture.stop(); // the session ended or the rep withdrew while the picker was open
      return;
    }
    if (answering) this.session.sendPeerMessage({ type: 'screen-answer', accepted: true });
    this.capture = capture;
    this.shareId = randomId(9);
    capture.on('ended', () => this.handleStop());
    const sharer = new Sharer(capture, FRAME_MIME);
    this.sharer = sharer;
    sharer.setMaxEdge(this.maxEdge);
    sharer.on('resized', () => this.announce());
    this.setState('sharing');
    this.announce();
    sharer.setChannel(this.session.openLink?.channel('frames') ?? null);
    sharer.start();
  }

  private announce(): void {
    const capture = this.capture;
    if (!capture || capture.sourceWidth === 0) return;
    this.session.sendPeerMessage({
      type: 'screen-started',
      shareId: this.shareId,
      width: capture.sourceWidth,
      height: capture.sourceHeight,
      mime: FRAME_MIME,
      maxEdge: this.maxEdge,
    });
  }

  /** Ends sharing (or the prompt) here, without telling the rep. */
  private end(): void {
    this.sharer?.stop();
    this.sharer = null;
    this.capture?.stop();
    this.capture = null;
    this.maxEdge = THUMBNAIL_EDGE_PX;
    this.setState('idle');
  }

  private setState(state: CustomerScreenState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }
}

/** The capture code did not load: give the screen back and fail like a cancelled picker. */
function stopStream(stream: MediaStream, error: unknown): never {
  for (const track of stream.getTracks()) track.stop();
  throw error;
}

const managers = new WeakMap<SupportSession, CustomerScreenShare>();

/** The one screen-sharing manager of a session, made on first use and kept as long as the session. */
export function customerScreenShareOf(session: SupportSession): CustomerScreenShare {
  let manager = managers.get(session);
  if (!manager) {
    manager = new CustomerScreenShare(session);
    managers.set(session, manager);
  }
  return manager;
}
