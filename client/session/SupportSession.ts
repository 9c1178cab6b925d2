/**
 * One support session on one side: turns the signaling messages of this session into a
 * PeerLink, keeps the Transcript in sync over it, carries typing as awareness state, and
 * (on the rep's side) writes the status notes. No UI and no storage here: the page passes
 * in its SignalingClient, Transcript and RTCPeerConnection factory.
 */
import { Awareness } from 'y-protocols/awareness';
import { CONTROL_KIND, type ControlPayload } from '../../protocol/controlFrame.js';
import type { ProtocolError } from '../../protocol/errors.js';
import type { InstanceId, Role, SessionId } from '../../protocol/ids.js';
import { TYPING_IDLE_MS } from '../../protocol/limits.js';
import { encodePeerMessage, parsePeerMessage, type PeerMessage } from '../../protocol/peerMessage.js';
import type { ClientToServer, ServerToClient, SignalPayload } from '../../protocol/signaling.js';
import type { ChatMessage, SessionDetails } from '../../protocol/transcript.js';
import { BATCH_PROTOCOL_VERSION, isSupportedVersion, PROTOCOL_VERSION } from '../../protocol/version.js';
import { Disposer, Emitter } from '../core/Emitter.js';
import { randomId } from '../core/randomId.js';
import { nextRetryDelayMs } from '../core/retryDelay.js';
import type { SignalingState } from '../core/SignalingClient.js';
import { PeerLink, type PeerConnectionFactory } from '../rtc/PeerLink.js';
import { Receipts } from '../transcript/Receipts.js';
import type { Transcript } from '../transcript/Transcript.js';
import { TranscriptSync } from '../transcript/TranscriptSync.js';
import { ConnectionNotes } from './ConnectionNotes.js';
import { PeerErrorTally } from './PeerErrorTally.js';
import { connectionState, type ConnectionState } from './connectionState.js';
import { testHooks } from './testHooks.js';

/** A link that has not opened after this long is replaced by a fresh one (rep side). */
export const LINK_OPEN_TIMEOUT_MS = 10_000;
/** ICE candidate sets a rep's standby link gathers ahead (see prepareLink). */
export const STANDBY_CANDIDATE_POOL_SIZE = 1;

export interface SignalingPort {
  readonly state: SignalingState;
  send(message: ClientToServer): boolean;
}

export interface SupportSessionOptions {
  readonly sessionId: SessionId;
  readonly role: Role;
  /** Read when needed: the rep's name is known only once the server welcomed us. */
  readonly selfName: () => string;
  readonly instanceId: InstanceId;
  readonly signaling: SignalingPort;
  readonly transcript: Transcript;
  readonly iceServers: () => RTCIceServer[];
  readonly createPeerConnection?: PeerConnectionFactory;
  /** Read for each new link: the server's ICE_TRANSPORT_POLICY arrives with `welcome`. */
  readonly iceTransportPolicy?: () => RTCIceTransportPolicy;
  /**
   * Resolves when the stored transcript is loaded. Messages that write status notes wait for
   * it, so a note is not written twice; negotiation does not wait.
   */
  readonly whenLoaded?: Promise<unknown>;
  /**
   * Customer: the link it offered with its join (client/join/PreparedLink.ts). The session takes
   * it as its current link and sends the candidates gathered since the offer was read.
   */
  readonly firstLink?: { readonly linkId: InstanceId; readonly link: PeerLink; readonly held: readonly SignalPayload[] };
}

export interface SupportSessionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** The peer link opened (a PeerLink) or closed (null): features attach to its channels here. */
  link: PeerLink | null;
  /** A validated control message from the peer for a feature (push URL, files, screen). */
  peerMessage: Exclude<PeerMessage, { type: 'hello' | 'error' }>;
  remoteTyping: boolean;
  /** This side typed (every keystroke): a message is coming, so file pacing makes room for it. */
  localTyping: void;
  ended: 'rep' | 'customer' | 'expired' | 'shutdown';
  peerError: ProtocolError;
}

interface AwarenessState {
  role?: unknown;
  name?: unknown;
  typing?: unknown;
}

export class SupportSession extends Emitter<SupportSessionEvents> {
  readonly sessionId: SessionId;
  readonly role: Role;
  readonly awareness: Awareness;
  /** Where each own message stands (pending, delivered, seen). */
  readonly receipts: Receipts;
  /** The peer's refused input, coalesced for the notice in the chat. */
  readonly peerErrors = new PeerErrorTally();
  private link: PeerLink | null = null;
  private linkId: InstanceId | null = null;
  private sync: TranscriptSync | null = null;
  private readonly linkDisposer = new Disposer();
  private peerInstanceId: InstanceId | null = null;
  private everConnected = false;
  private peerGone = false;
  private ended = false;
  private browserOnline = true;
  private currentState: ConnectionState = 'connecting';
  private remoteTyping = false;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private linkTimer: ReturnType<typeof setTimeout> | null = null;
  /** Links started since the last one that opened (drives the back-off). */
  private linkAttempt = 0;
  /**
   * Rep: the customer may still bring the first link's offer with its join. The server relays it
   * before `peer-present`; after that, only the rep starts links (a customer's offer for a new
   * link is then ignored, so a customer cannot make the rep's page churn connections).
   */
  private peerMayOffer = true;
  private disposed = false;
  /** The current link was offered by the peer with its join and is still opening. */
  private linkFromPeer = false;
  /** Rep: a link made ahead of the customer (prepareLink), taken by the next one started. */
  private standby: PeerLink | null = null;
  /** The rep's side writes the status notes; the customer's side writes none. */
  private readonly notes: ConnectionNotes | null;
  /** Server messages that arrived before the stored transcript was loaded. */
  private queued: ServerToClient[] | null = null;

  constructor(private readonly options: SupportSessionOptions) {
    super();
    this.sessionId = options.sessionId;
    this.role = options.role;
    this.awareness = new Awareness(options.transcript.doc);
    this.receipts = new Receipts(options.transcript.doc, options.role);
    this.on('peerError', (error) => this.peerErrors.add(error));
    this.awareness.setLocalState({ role: options.role, name: options.selfName(), typing: false });
    this.awareness.on('change', () => this.updateRemoteTyping());
    this.notes = options.role === 'rep' ? new ConnectionNotes(options.transcript, () => this.link?.state === 'open') : null;
    if (options.firstLink) {
      const { linkId, link, held } = options.firstLink;
      this.startLink(linkId, link);
      for (const signal of held) this.sendSignal(linkId, signal);
    }
    if (options.whenLoaded) {
      const queue: ServerToClient[] = [];
      this.queued = queue;
      void options.whenLoaded.finally(() => {
        this.queued = null;
        for (const message of queue) this.handleServerMessage(message);
      });
    }
  }

  get transcript(): Transcript {
    return this.options.transcript;
  }

  /** The session was ended (by the rep, or expired); nothing will connect again. */
  get hasEnded(): boolean {
    return this.ended;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get isRemoteTyping(): boolean {
    return this.remoteTyping;
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.link?.pc ?? null;
  }

  /** A peer link is being set up and has not opened yet. */
  get linkOpening(): boolean {
    return this.link !== null && this.link.state !== 'open';
  }

  /** The open peer link, or null while not connected. */
  get openLink(): PeerLink | null {
    return this.link?.state === 'open' ? this.link : null;
  }

  get selfName(): string {
    return this.options.selfName();
  }

  /** Sends a control message to the peer; false when there is no open link. */
  sendPeerMessage(message: PeerMessage): boolean {
    return this.link?.sendControl(CONTROL_KIND.MESSAGE, encodePeerMessage(message)) ?? false;
  }

  /**
   * Writes session details (what the server said about the session) once the stored transcript
   * is loaded. Written into a document still loading, each detail would be a second, concurrent
   * entry beside the stored one with the same value; merging the two deletes one, and that
   * delete, sent to the peer, is refused there (details are written once), holding up every later
   * change from this page (a customer back in a new tab lost its messages so, one time in five).
   */
  writeDetails(details: Partial<SessionDetails>): void {
    const write = () => {
      if (!this.disposed) this.transcript.setDetails(details);
    };
    if (this.options.whenLoaded) void this.options.whenLoaded.then(write, write);
    else write();
  }

  /** Sends a chat message: it is in the local log at once and reaches the peer when linked. */
  sendMessage(text: string): ChatMessage | null {
    const trimmed = text.replace(/^\s*\n|\s+$/g, '');
    if (trimmed.trim() === '' || this.ended) return null;
    const message = this.transcript.appendMessage(this.role, this.options.selfName(), trimmed);
    // The typing signal clears right after the message leaves, not before it: the peer shows the
    // message one step sooner (each control frame is a task of its own on its side).
    this.setTyping(false);
    return message;
  }

  /** Call on every keystroke; the signal clears by itself after TYPING_IDLE_MS. */
  setTyping(typing: boolean): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = null;
    if (typing) {
      this.typingTimer = setTimeout(() => this.setTyping(false), TYPING_IDLE_MS);
      this.emit('localTyping', undefined);
    }
    const state = this.awareness.getLocalState() as AwarenessState | null;
    if (state?.typing !== typing) this.awareness.setLocalStateField('typing', typing);
  }

  /** A server message addressed to this session. */
  handleServerMessage(message: ServerToClient): void {
    // Only what writes to the log waits for the stored log; negotiation goes ahead at once.
    if (this.queued && message.type === 'customer-joined') {
      this.queued.push(message);
      return;
    }
    switch (message.type) {
      case 'peer-present':
        this.peerGone = false;
        this.handlePeerPresent(message.peerInstanceId);
        break;
      case 'peer-absent':
        this.handlePeerAbsent(message.reason);
        break;
      case 'signal':
        void this.handleSignal(message.linkId, message);
        break;
      case 'customer-joined':
        this.notes?.customerJoined(message.customer.name, message.joinedAt);
        break;
      case 'session-ended':
        this.end(message.reason);
        break;
      default:
        break;
    }
    this.updateState();
  }

  handleSignalingState(_state: SignalingState): void {
    this.updateState();
  }

  handleBrowserOnline(online: boolean): void {
    this.browserOnline = online;
    this.updateState();
  }

  /**
   * Renewed ICE servers (fresh TURN credentials) for the live link; new links read
   * `iceServers()`. A relay allocation keeps the credentials it was made with and the TURN
   * server refuses to refresh it once they expire, so the rep follows up with an ICE restart:
   * new candidates (and allocations) with the new credentials, the chat staying on the old
   * pair until a new one is chosen.
   */
  updateIceServers(iceServers: RTCIceServer[]): void {
    this.link?.setIceServers(iceServers);
    // Its pooled candidates were gathered with the old credentials: a fresh one takes the new.
    if (this.dropStandby()) this.prepareLink();
    const usesTurn = iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
    if (this.role === 'rep' && usesTurn && this.link?.state === 'open') this.link.restartIce();
  }

  /** Closes the current peer connection as a network fault would (fault injection hook). */
  dropLinkForTest(): void {
    this.link?.failForTest();
  }

  /** Rep: writes the closing note; the page then tells the server. */
  noteEnded(): void {
    this.transcript.appendStatus('session-ended');
  }

  end(reason: SupportSessionEvents['ended']): void {
    if (this.ended) return;
    this.ended = true;
    this.peerGone = true;
    this.closeLink();
    this.dropStandby();
    this.updateState();
    this.emit('ended', reason);
  }

  dispose(): void {
    this.disposed = true;
    this.closeLink();
    this.dropStandby();
    for (const timer of [this.typingTimer, this.linkTimer]) if (timer) clearTimeout(timer);
    this.notes?.dispose();
    this.receipts.dispose();
    this.awareness.destroy();
    this.clear();
  }

  // ------------------------------------------------------------------ link lifecycle

  /**
   * Both sides are on the signaling server (again). Recovery, gentlest first: a link that
   * works is kept (a server restart does not disturb the chat); a link whose ICE stalled gets
   * an ICE restart; a missing or dead link, or a peer that reloaded, gets a fresh link.
   */
  private handlePeerPresent(peerInstanceId: InstanceId): void {
    const samePeer = this.peerInstanceId === peerInstanceId;
    this.peerInstanceId = peerInstanceId;
    const link = this.link;
    if (samePeer && link?.state === 'open') {
      if (!link.iceHealthy) link.restartIce();
      return;
    }
    // Only the rep starts links; the customer follows the rep's link id. A link still
    // connecting may have sent its offer while the other side was away: start afresh; but the
    // link the customer offered with its join, relayed just before this, is the one to open.
    if (this.role !== 'rep') return;
    const offeredWithJoin = this.peerMayOffer && this.linkFromPeer && link !== null && link.state === 'connecting';
    this.peerMayOffer = false;
    if (offeredWithJoin) return;
    this.startLink(randomId(9) as InstanceId);
  }

  private handlePeerAbsent(reason: 'left' | 'disconnected'): void {
    // A dropped socket may come back while the peer link carries on (a server restart).
    if (reason !== 'left') return;
    // The other page closed: its end of the link is gone even if ours has not noticed yet.
    this.peerGone = true;
    this.closeLink();
    this.notes?.customerLeft();
  }

  private async handleSignal(linkId: InstanceId, signal: SignalPayload): Promise<void> {
    const isOffer = 'description' in signal && signal.description.type === 'offer';
    if (linkId !== this.linkId) {
      if (!isOffer) return; // a stale signal from an old link
      if (this.role === 'rep') {
        // The customer's offer from its join (see peerMayOffer); anything else is stale.
        if (!this.peerMayOffer || this.link !== null) return;
        this.startLink(linkId);
        this.linkFromPeer = true;
      } else {
        this.startLink(linkId);
      }
    }
    await this.link?.handleSignal(signal);
  }

  /** A new link, or (customer) the one offered with the join; only the rep offers on a new one. */
  private startLink(linkId: InstanceId, offered?: PeerLink): void {
    this.closeLink();
    this.linkId = linkId;
    this.linkFromPeer = false;
    const standby = this.standby;
    this.standby = null;
    const link = offered ?? (standby?.state === 'connecting' ? standby : (standby?.close(), this.createLink()));
    this.link = link;
    this.linkDisposer.add(link.on('signal', (payload) => this.sendSignal(linkId, payload)));
    this.linkDisposer.add(link.on('state', () => this.handleLinkState(link)));
    this.linkDisposer.add(link.on('control', (payload) => this.handleControl(payload)));
    this.linkDisposer.add(link.on('protocolError', (error) => this.emit('peerError', error)));
    if (this.role === 'rep') {
      this.linkTimer = setTimeout(() => {
        this.linkTimer = null;
        if (this.link === link && link.state !== 'open' && !this.peerGone) this.retryLinkLater();
      }, LINK_OPEN_TIMEOUT_MS);
      // A link the customer offered is answered in handleSignal; this side offers on its own.
      if (!this.peerMayOffer) void link.start();
    }
    this.updateState();
  }

  private createLink(standby = false): PeerLink {
    return new PeerLink({
      polite: this.role === 'customer',
      iceServers: this.options.iceServers(),
      ...(this.options.createPeerConnection ? { createPeerConnection: this.options.createPeerConnection } : {}),
      ...(this.options.iceTransportPolicy ? { iceTransportPolicy: this.options.iceTransportPolicy() } : {}),
      ...(standby ? { standby, candidatePoolSize: STANDBY_CANDIDATE_POOL_SIZE } : {}),
    });
  }

  /**
   * Rep, for a session whose customer has not joined yet: makes the first link now, with its
   * channels and its ICE candidates, so that when the customer's offer comes (with the join) the
   * page only answers it, or (without one) only makes its own. Nothing is sent until then.
   * Browsers only: Node's WebRTC peers make their links when needed.
   */
  prepareLink(): void {
    if (this.role !== 'rep' || this.ended || this.disposed || this.link || this.standby || this.options.createPeerConnection) return;
    // Not before the server's welcome: the ICE servers come with it (the console asks again then).
    if (this.options.signaling.state !== 'open') return;
    this.standby = this.createLink(true);
  }

  /** Closes the link made ahead, if any; true if there was one. */
  private dropStandby(): boolean {
    const standby = this.standby;
    this.standby = null;
    standby?.close();
    return standby !== null;
  }

  private sendSignal(linkId: InstanceId, payload: SignalPayload): void {
    this.options.signaling.send({ type: 'signal', sessionId: this.sessionId, linkId, ...payload } as ClientToServer);
  }

  /** A link that did not open is dropped; the next one waits as the back-off policy says. */
  private retryLinkLater(): void {
    const delay = nextRetryDelayMs(this.linkAttempt++);
    this.closeLink();
    this.updateState();
    if (delay === null) return;
    this.linkTimer = setTimeout(() => {
      this.linkTimer = null;
      if (!this.peerGone && !this.ended && this.options.signaling.state === 'open') this.startLink(randomId(9) as InstanceId);
    }, delay);
  }

  private closeLink(): void {
    if (this.linkTimer) clearTimeout(this.linkTimer);
    this.linkTimer = null;
    const hadOpenLink = this.link?.state === 'open';
    this.sync?.dispose();
    this.sync = null;
    this.linkDisposer.dispose();
    this.link?.close();
    if (hadOpenLink) this.emit('link', null);
    this.link = null;
    this.linkId = null;
  }

  private handleLinkState(link: PeerLink): void {
    if (link !== this.link) return;
    if (link.state === 'open') {
      if (this.linkTimer) clearTimeout(this.linkTimer);
      this.linkTimer = null;
      this.linkAttempt = 0;
      this.everConnected = true;
      this.peerGone = false;
      link.sendControl(
        CONTROL_KIND.MESSAGE,
        encodePeerMessage({ type: 'hello', version: testHooks?.announceVersion ?? PROTOCOL_VERSION, role: this.role, instanceId: this.options.instanceId }),
      );
      this.awareness.setLocalStateField('name', this.options.selfName());
      this.sync = new TranscriptSync(this.transcript, this.awareness, link, (error) => this.emit('peerError', error), {
        selfRole: this.role,
        ...(this.options.whenLoaded ? { whenLoaded: this.options.whenLoaded } : {}),
      });
      this.sync.start();
      this.notes?.linkRestored();
      this.emit('link', link);
    } else if (link.state === 'disconnected') {
      this.sync?.dispose();
      this.sync = null;
      this.emit('link', null);
      this.notes?.linkLost();
      // The customer can only wait for the rep's next offer; the rep starts over if the peer is there.
      if (this.role === 'rep' && !this.peerGone && this.options.signaling.state === 'open') {
        this.startLink(randomId(9) as InstanceId);
      }
    }
    this.updateState();
  }

  private handleControl(payload: ControlPayload): void {
    if (payload.kind === CONTROL_KIND.MESSAGE) {
      const parsed = parsePeerMessage(payload.payload);
      if (!parsed.ok) {
        this.emit('peerError', { code: 'PEER_PROTOCOL', detail: parsed.error.code });
        return;
      }
      const message = parsed.value;
      if (message.type === 'hello') {
        if (!isSupportedVersion(message.version)) {
          this.emit('peerError', { code: 'UNSUPPORTED_VERSION' });
          this.closeLink();
          this.updateState();
        } else if (message.version >= BATCH_PROTOCOL_VERSION) {
          this.link?.enableBatching();
        }
      } else if (message.type === 'error') {
        this.emit('peerError', { code: 'PEER_PROTOCOL', detail: `peer refused a message: ${message.code}` });
      } else {
        this.emit('peerMessage', message);
      }
      return;
    }
    this.sync?.handle(payload);
  }

  // ------------------------------------------------------------------ derived state

  private updateRemoteTyping(): void {
    let typing = false;
    for (const [clientId, state] of this.awareness.getStates()) {
      const s = state as AwarenessState;
      if (clientId !== this.awareness.clientID && s.role !== this.role && s.typing === true) typing = true;
    }
    if (typing !== this.remoteTyping) {
      this.remoteTyping = typing;
      this.emit('remoteTyping', typing);
    }
  }

  private updateState(): void {
    const next = connectionState({
      link: this.link?.state ?? null,
      signaling: this.options.signaling.state,
      everConnected: this.everConnected,
      peerGone: this.peerGone || this.ended,
      browserOnline: this.browserOnline,
    });
    if (next !== this.currentState) {
      this.currentState = next;
      this.emit('state', next);
    }
  }
}
