/**
 * One RTCPeerConnection between rep and customer, behind a thin typed wrapper: perfect
 * negotiation (the customer is the polite side), ICE restart on failure, and the
 * pre-negotiated `control` channel with its framing. It takes the RTCPeerConnection
 * constructor as a parameter so Node peers (@roamhq/wrtc, node-datachannel) can drive it.
 */
import {
  CONTROL_KIND,
  ControlReassembler,
  encodeControlFrames,
  packControlPayloads,
  unpackControlPayload,
  type BatchableKind,
  type ControlKind,
  type ControlPayload,
} from '../../protocol/controlFrame.js';
import type { ProtocolError } from '../../protocol/errors.js';
import type { SignalPayload } from '../../protocol/signaling.js';
import { Emitter } from '../core/Emitter.js';

/**
 * The pre-negotiated channels (DESIGN.md), all on one connection with fixed ids:
 * `control` (ordered, reliable) for sync and control messages, `files` (ordered, reliable)
 * for file chunks with their own backpressure, `frames` (unordered, no retransmits) for
 * screen thumbnails, where a lost frame is simply dropped.
 */
export const CHANNELS = {
  control: { id: 0, ordered: true },
  files: { id: 1, ordered: true },
  frames: { id: 2, ordered: false, maxRetransmits: 0 },
} as const;
export type FeatureChannel = 'files' | 'frames';

export type LinkState = 'new' | 'connecting' | 'open' | 'disconnected' | 'closed';

export interface PeerLinkEvents extends Record<string, unknown> {
  state: LinkState;
  /** A whole control payload, fragments joined. */
  control: ControlPayload;
  /** The other side sent a frame that does not parse. */
  protocolError: ProtocolError;
  /** Negotiation to hand to the signaling socket. */
  signal: SignalPayload;
}

export type PeerConnectionFactory = (config: RTCConfiguration) => RTCPeerConnection;

export interface PeerLinkOptions {
  readonly polite: boolean;
  readonly iceServers: RTCIceServer[];
  readonly createPeerConnection?: PeerConnectionFactory;
  readonly iceTransportPolicy?: RTCIceTransportPolicy;
  /**
   * Made ahead of need (a rep's session waiting for its customer): it makes no offer of its own
   * until `start()`, and answers an offer as any link does. With `candidatePoolSize`, the
   * browser gathers that many sets of ICE candidates meanwhile, so an answer needs none gathered.
   */
  readonly standby?: boolean;
  readonly candidatePoolSize?: number;
}

/** How long `disconnected` ICE may last before we ask for an ICE restart. */
export const ICE_DISCONNECTED_GRACE_MS = 3_000;

export class PeerLink extends Emitter<PeerLinkEvents> {
  readonly pc: RTCPeerConnection;
  private readonly control: RTCDataChannel;
  private readonly featureChannels: Record<FeatureChannel, RTCDataChannel>;
  private readonly reassembler = new ControlReassembler();
  private makingOffer = false;
  private ignoreOffer = false;
  private currentState: LinkState = 'new';
  private disconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Set once `pc.close()` ran. Nothing touches the connection or its channels after that:
   * browsers shrug it off, but Node's native WebRTC crashes the process on some calls to a
   * closed connection (closing a channel, reading a description), see node-webrtc #360, #696.
   */
  private pcClosed = false;
  /** Whether the peer reads BATCH frames (see enableBatching). */
  private batching = false;
  /** Control payloads received, by kind (CONTROL_KIND is the index): read by a test hook. */
  private readonly kindsReceived = [0, 0, 0, 0];
  /** Control payloads this task sent, leaving together when it ends; null when none. */
  private pendingControl: ControlPayload[] | null = null;
  /** Whether negotiation-needed may make an offer: not for a standby link until it is used. */
  private started: boolean;

  constructor(private readonly options: PeerLinkOptions) {
    super();
    this.started = !options.standby;
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config));
    this.pc = create({
      iceServers: options.iceServers,
      ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
      ...(options.candidatePoolSize ? { iceCandidatePoolSize: options.candidatePoolSize } : {}),
    });
    this.control = this.pc.createDataChannel('control', { negotiated: true, ...CHANNELS.control });
    this.control.binaryType = 'arraybuffer';
    this.control.onopen = () => this.setState('open');
    this.control.onclose = () => this.setState(this.currentState === 'closed' ? 'closed' : 'disconnected');
    this.control.onmessage = (event) => this.handleControlFrame(event.data);
    this.featureChannels = {
      files: this.pc.createDataChannel('files', { negotiated: true, ...CHANNELS.files }),
      frames: this.pc.createDataChannel('frames', { negotiated: true, ...CHANNELS.frames }),
    };
    for (const channel of Object.values(this.featureChannels)) channel.binaryType = 'arraybuffer';

    this.pc.onnegotiationneeded = () => {
      if (this.started) void this.negotiate();
    };
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate && candidate.candidate) this.emit('signal', { candidate: candidate.toJSON() as never });
    };
    this.pc.oniceconnectionstatechange = () => this.handleIceState();
    this.pc.onconnectionstatechange = () => {
      if (this.pcClosed) return;
      const state = this.pc.connectionState;
      if (state === 'failed' || state === 'closed') this.setState(this.currentState === 'closed' ? 'closed' : 'disconnected');
    };
    this.setState('connecting');
  }

  get state(): LinkState {
    return this.currentState;
  }

  /** The impolite side calls this to start; negotiationneeded does the rest. */
  async start(): Promise<void> {
    this.started = true;
    if (this.pcClosed) return;
    if (this.pc.signalingState === 'stable' && !this.pc.remoteDescription) await this.negotiate();
  }

  /** Negotiation from the other side, already validated by the protocol parser. */
  async handleSignal(signal: SignalPayload): Promise<void> {
    if (this.pcClosed) return;
    try {
      if ('description' in signal) {
        const description = signal.description as RTCSessionDescriptionInit;
        const offerCollision =
          description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
        this.ignoreOffer = !this.options.polite && offerCollision;
        if (this.ignoreOffer) return;
        this.started = true;
        await this.pc.setRemoteDescription(description);
        if (description.type === 'offer' && !this.pcClosed) await this.answer();
      } else {
        try {
          await this.pc.addIceCandidate(signal.candidate as RTCIceCandidateInit);
        } catch (error) {
          if (!this.ignoreOffer) throw error;
        }
      }
    } catch (error) {
      // A description that does not apply ends this link; the session makes a new one.
      if (!this.pcClosed) console.warn(`peer link: negotiation failed: ${String(error)}`);
    }
  }

  /** True while the channel is open and ICE still reaches the other side. */
  get iceHealthy(): boolean {
    if (this.pcClosed) return false;
    const ice = this.pc.iceConnectionState;
    return this.currentState === 'open' && (ice === 'connected' || ice === 'completed');
  }

  /**
   * The first rung of recovery: new ICE candidates on the same connection (an offer goes
   * through signaling). Called when signaling comes back while ICE is stalled, since an ICE
   * restart attempted while the socket was down never reached the other side.
   */
  restartIce(): void {
    if (!this.pcClosed) this.pc.restartIce();
  }

  /**
   * Renewed ICE servers (fresh TURN credentials) for this live connection: its next
   * gathering and TURN allocation use them. A connection that refuses them keeps its old ones.
   */
  setIceServers(iceServers: RTCIceServer[]): void {
    if (this.pcClosed) return;
    try {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    } catch (error) {
      console.warn(`peer link: could not update the ICE servers: ${String(error)}`);
    }
  }

  /** Sends one payload on the control channel, fragmented as needed. */
  /**
   * Never throws: a channel can close between the state check and the send, and this runs
   * inside Yjs's update handlers, where an exception would leave the document's observers
   * half-run. What could not be sent is recovered by the sync when the next link opens.
   */
  sendControl(kind: BatchableKind, payload: Uint8Array): boolean {
    if (this.pcClosed || this.control.readyState !== 'open') return false;
    if (!this.batching) return this.sendControlNow(kind, payload);
    if (this.pendingControl === null) {
      this.pendingControl = [];
      queueMicrotask(() => this.flushControl());
    }
    this.pendingControl.push({ kind, payload });
    return true;
  }

  /**
   * The peer reads BATCH frames (its hello said protocol version 2 or later): from now on what
   * one task sends leaves together, at the end of the task, as one channel message.
   */
  enableBatching(): void {
    this.batching = true;
  }

  private flushControl(): void {
    const parts = this.pendingControl ?? [];
    this.pendingControl = null;
    for (const { kind, payload } of packControlPayloads(parts)) if (!this.sendControlNow(kind, payload)) return;
  }

  private sendControlNow(kind: ControlKind, payload: Uint8Array): boolean {
    if (this.pcClosed || this.control.readyState !== 'open') return false;
    try {
      for (const frame of encodeControlFrames(kind, payload)) this.control.send(frame as Uint8Array<ArrayBuffer>);
      return true;
    } catch {
      return false;
    }
  }

  get controlBufferedAmount(): number {
    return this.pcClosed ? 0 : this.control.bufferedAmount;
  }

  /**
   * The `files` or `frames` channel itself: a feature listens for its messages, reads
   * `bufferedAmount` and sets `bufferedAmountLowThreshold` for its own flow control.
   * Every message on it is the feature's to validate.
   */
  channel(name: FeatureChannel): RTCDataChannel {
    return this.featureChannels[name];
  }

  /**
   * Writes raw bytes (or a text message) on a channel, bypassing all framing (test hook: a
   * hostile peer). False when the channel is not open or refused the message.
   */
  sendRawForTest(name: 'control' | FeatureChannel, data: Uint8Array | string): boolean {
    const channel = name === 'control' ? this.control : this.featureChannels[name];
    if (this.pcClosed || channel.readyState !== 'open') return false;
    try {
      if (typeof data === 'string') channel.send(data);
      else channel.send(data as Uint8Array<ArrayBuffer>);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Closes the connection as a network failure would (fault-injection hook): the other side
   * loses it, and this side reports `disconnected` (a local close() fires no events itself).
   */
  failForTest(): void {
    if (this.currentState === 'closed' || this.pcClosed) return;
    this.closePeerConnection();
    this.setState('disconnected');
  }

  close(): void {
    if (this.currentState === 'closed') return;
    this.setState('closed');
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    if (!this.pcClosed) {
      this.control.close();
      for (const channel of Object.values(this.featureChannels)) channel.close();
      this.closePeerConnection();
    }
    this.clear();
  }

  private closePeerConnection(): void {
    this.pcClosed = true;
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    this.disconnectTimer = null;
    this.pc.close();
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.setLocalOffer();
      if (!this.pcClosed && this.pc.localDescription?.type === 'offer') this.emitDescription();
    } catch (error) {
      if (!this.pcClosed) console.warn(`peer link: could not make an offer: ${String(error)}`);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * The implicit form (no argument) creates the offer at the moment it is set, so it is never
   * stale after a glare; Node's WebRTC peers only know the explicit form.
   */
  private async setLocalOffer(): Promise<void> {
    try {
      await this.pc.setLocalDescription();
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      if (this.pcClosed) return;
      const offer = await this.pc.createOffer();
      if (this.pcClosed) return;
      // An offer from the other side may have come in meanwhile: ours is stale, and perfect
      // negotiation answers theirs instead.
      if (this.pc.signalingState !== 'stable') return;
      await this.pc.setLocalDescription(offer);
    }
  }

  /**
   * The answer leaves as soon as it is made and is set here while it travels, so the other
   * side's setRemoteDescription overlaps ours instead of following it (PeerJS and simple-peer
   * send theirs after). What setLocalDescription applies is this same description; should it
   * fail, negotiation failed as it would have before, and the session's link retry takes over.
   * Measured on the join path (bench/README.md, connect time): about 3 to 5 ms off the
   * customer's wait for the chat channel.
   */
  private async answer(): Promise<void> {
    const answer = await this.pc.createAnswer();
    if (this.pcClosed || this.pc.signalingState !== 'have-remote-offer') return;
    this.emit('signal', { description: { type: 'answer', sdp: answer.sdp! } });
    await this.pc.setLocalDescription(answer);
  }

  private emitDescription(): void {
    if (this.pcClosed) return;
    const local = this.pc.localDescription;
    if (local) this.emit('signal', { description: { type: local.type, sdp: local.sdp } });
  }

  private handleIceState(): void {
    if (this.pcClosed) return;
    const state = this.pc.iceConnectionState;
    if (state === 'failed') {
      this.pc.restartIce();
    } else if (state === 'disconnected') {
      this.disconnectTimer ??= setTimeout(() => {
        this.disconnectTimer = null;
        if (!this.pcClosed && this.pc.iceConnectionState === 'disconnected') this.pc.restartIce();
      }, ICE_DISCONNECTED_GRACE_MS);
    } else if (this.disconnectTimer) {
      clearTimeout(this.disconnectTimer);
      this.disconnectTimer = null;
    }
  }

  /**
   * Never throws out of the channel's handler: whatever a payload sets off further on (a
   * feature's handler) that fails is reported as the peer's error, and the next frame is read.
   */
  private handleControlFrame(data: unknown): void {
    try {
      this.readControlFrame(data);
    } catch (error) {
      this.emit('protocolError', { code: 'PEER_PROTOCOL', detail: `control message not handled (${error instanceof Error ? error.name : 'error'})` });
    }
  }

  private readControlFrame(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) {
      this.emit('protocolError', { code: 'PEER_PROTOCOL', detail: 'text frame on control channel' });
      return;
    }
    const result = this.reassembler.push(new Uint8Array(data));
    if (!result.ok) this.emit('protocolError', { code: 'PEER_PROTOCOL', detail: result.error.detail ?? result.error.code });
    else if (result.value) {
      this.kindsReceived[result.value.kind]!++;
      this.emitControl(result.value);
    }
  }

  /** How many control payloads of each kind arrived on this link (index: CONTROL_KIND). */
  get controlKindsReceived(): readonly number[] {
    return this.kindsReceived;
  }

  /** A batch's parts are handled as if each had come alone: one that fails does not stop the rest. */
  private emitControl(payload: ControlPayload): void {
    const parts = unpackControlPayload(payload);
    if (!parts.ok) {
      this.emit('protocolError', { code: 'PEER_PROTOCOL', detail: parts.error.detail ?? parts.error.code });
      return;
    }
    if (parts.value.length === 1) return this.emit('control', payload);
    for (const part of parts.value) {
      try {
        this.emit('control', part);
      } catch (error) {
        this.emit('protocolError', { code: 'PEER_PROTOCOL', detail: `control message not handled (${error instanceof Error ? error.name : 'error'})` });
      }
    }
  }

  private setState(state: LinkState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}

export { CONTROL_KIND };
