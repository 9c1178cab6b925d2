/**
 * The customer page's controller: joins with a code or a link token, remembers the session so
 * a reload or the same link opened again comes back to it, and owns the one SupportSession.
 */
import { protocolError, type ProtocolError } from '../../protocol/errors.js';
import type { JoinToken, SessionCode, SessionId } from '../../protocol/ids.js';
import type { CustomerProfile, ServerMessageOf } from '../../protocol/signaling.js';
import { DEFAULT_FILE_RULES, type FileRules } from '../../protocol/fileRules.js';
import { Emitter } from '../core/Emitter.js';
import { startFileTransfers } from '../files/sessionFiles.js';
import { pageInstanceId, signalingUrl } from '../core/pageEnv.js';
import { SignalingClient, type SignalingState } from '../core/SignalingClient.js';
import { IceServerSource } from '../session/IceServerSource.js';
import { SupportSession } from '../session/SupportSession.js';
import { JOIN_OFFER_WAIT_MS, PreparedLink, PREPARED_LINK_MAX_AGE_MS, type TakenLink } from './PreparedLink.js';
import { whenLinkOpen } from './whenLinkOpen.js';
import {
  findCustomerConversationByLink,
  getCustomerConversation,
  joinTokenDigest,
  saveCustomerConversation,
  updateConversation,
  type CustomerConversationRecord,
} from '../storage/db.js';
import { persistTranscript } from '../storage/persistTranscript.js';
import { Transcript } from '../transcript/Transcript.js';

/**
 * After a server restart the rep's console restores the session; until it has, the server
 * does not know it. A customer who was in the session keeps asking this long before giving up.
 */
export const RESTORE_GRACE_MS = 120_000;
export const RESTORE_RETRY_MS = 2_000;

export type JoinRequest = { code: SessionCode } | { joinToken: JoinToken };

export interface CustomerClientEvents extends Record<string, unknown> {
  signaling: SignalingState;
  /** The chat is ready (after join or rejoin). */
  session: SupportSession;
  joinError: ProtocolError;
}

export class CustomerClient extends Emitter<CustomerClientEvents> {
  readonly signaling: SignalingClient;
  private readonly ice: IceServerSource;
  private fileRules: FileRules = DEFAULT_FILE_RULES;
  private record: CustomerConversationRecord | null = null;
  /** `storing`: resolves when the session's log starts being stored (on a first join, once the link is open). */
  private active: { session: SupportSession; storing: Promise<void>; detach: () => void } | null = null;
  private pendingLinkDigest: string | undefined;
  private customerName = '';
  private restoreTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the server first said it does not know our session (it may have restarted). */
  private notFoundSince: number | null = null;
  /** The first link, made while the form is filled in (PreparedLink); null when not allowed or used. */
  private prepared: PreparedLink | null = null;
  private preparedTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the server said joining adds no ICE servers, so an offer may go with the join. */
  private mayOfferWithJoin = false;
  /** The prepared link whose offer went with the join request in flight. */
  private joinLink: PreparedLink | null = null;

  constructor() {
    super();
    this.signaling = new SignalingClient({ url: signalingUrl(), role: 'customer', instanceId: pageInstanceId });
    this.signaling.on('state', (state) => {
      this.active?.session.handleSignalingState(state);
      this.emit('signaling', state);
    });
    this.signaling.on('fatal', (error) => this.emit('joinError', error));
    // TURN credentials come with `ice-servers` once joined, and again on each renewal.
    this.ice = new IceServerSource(this.signaling);
    this.ice.on('change', (servers) => this.active?.session.updateIceServers(servers));
    this.signaling.on('welcome', (welcome) => {
      this.fileRules = welcome.files;
      this.mayOfferWithJoin = welcome.iceOnJoin === false;
      if (this.record && this.record.state === 'open') {
        this.signaling.send({ type: 'rejoin', sessionId: this.record.sessionId, resumeKey: this.record.resumeKey });
      }
    });
    this.signaling.on('message', (message) => {
      if (message.type === 'joined') void this.handleJoined(message);
      else if (message.type === 'error') this.handleError(message);
      else if ('sessionId' in message && message.sessionId === this.active?.session.sessionId) {
        this.active.session.handleServerMessage(message);
      }
    });
  }

  get session(): SupportSession | null {
    return this.active?.session ?? null;
  }

  connect(): void {
    this.signaling.connect();
  }

  /** A session this browser joined before: by id (after a reload) or by the same join link. */
  async findPrevious(sessionId: SessionId | null, joinToken: JoinToken | null): Promise<CustomerConversationRecord | null> {
    const record = sessionId
      ? await getCustomerConversation(sessionId)
      : joinToken
        ? await findCustomerConversationByLink(await joinTokenDigest(joinToken))
        : undefined;
    return record && record.state === 'open' ? record : null;
  }

  /**
   * While the join form is filled in: makes the first link and its offer (PreparedLink), if the
   * server allows it, and keeps a fresh one ready until the customer joins.
   */
  async prepareLink(): Promise<void> {
    await this.whenOpen();
    if (!this.mayOfferWithJoin || this.record || this.active || typeof RTCPeerConnection !== 'function') return;
    if (this.prepared && !this.prepared.stale) return;
    this.prepared?.close();
    this.prepared = new PreparedLink({ iceServers: this.ice.servers, iceTransportPolicy: this.ice.transportPolicy });
    if (this.preparedTimer) clearTimeout(this.preparedTimer);
    this.preparedTimer = setTimeout(() => {
      this.preparedTimer = null;
      void this.prepareLink();
    }, PREPARED_LINK_MAX_AGE_MS + 1_000);
  }

  /** Comes back to a session joined earlier from this browser. */
  async rejoin(record: CustomerConversationRecord): Promise<void> {
    this.dropPreparedLink();
    this.record = record;
    this.customerName = record.customerName ?? '';
    this.openSession(record.sessionId);
    this.signaling.send({ type: 'rejoin', sessionId: record.sessionId, resumeKey: record.resumeKey });
  }

  async join(request: JoinRequest, customer: CustomerProfile): Promise<void> {
    this.customerName = customer.name;
    this.pendingLinkDigest = 'joinToken' in request ? await joinTokenDigest(request.joinToken) : undefined;
    await this.whenOpen();
    const prepared = this.prepared && !this.prepared.stale && this.mayOfferWithJoin ? this.prepared : null;
    const offer = prepared ? await prepared.offer(JOIN_OFFER_WAIT_MS) : null;
    this.joinLink = offer ? prepared : null;
    if (!this.signaling.send({ type: 'join', ...request, customer, ...(offer ? { offer } : {}) })) {
      this.joinLink = null;
      this.emit('joinError', protocolError('INTERNAL'));
    }
  }

  /** True while a session joined from this page is unknown to the server for less than the grace time. */
  private mayBeRestoring(): boolean {
    if (!this.active || this.active.session.sessionId !== this.record?.sessionId) return false;
    this.notFoundSince ??= Date.now();
    return Date.now() - this.notFoundSince < RESTORE_GRACE_MS;
  }

  private whenOpen(): Promise<void> {
    if (this.signaling.state === 'open') return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.signaling.on('state', (state) => {
        if (state === 'open') {
          off();
          resolve();
        }
      });
    });
  }

  private async handleJoined(message: ServerMessageOf<'joined'>): Promise<void> {
    this.notFoundSince = null;
    const firstJoin = this.record?.sessionId !== message.sessionId;
    const record: CustomerConversationRecord = {
      ...(firstJoin ? {} : this.record),
      sessionId: message.sessionId,
      createdAt: message.createdAt,
      updatedAt: Date.now(),
      state: 'open',
      resumeKey: message.resumeKey,
      customerName: message.customer.name,
      repName: message.repName,
      ...(this.pendingLinkDigest ? { joinTokenDigest: this.pendingLinkDigest } : {}),
      ...(message.reference !== undefined ? { reference: message.reference } : {}),
    };
    this.record = record;
    // The link offered with the join is this session's first: the rep's answer is on its way.
    const offered = this.joinLink === this.prepared && this.joinLink ? this.joinLink.take() : undefined;
    if (offered) this.prepared = null;
    this.dropPreparedLink();
    // Open the session before any await: the rep's answer (or offer) is already on its way.
    const session = this.openSession(message.sessionId, offered, firstJoin);
    // The record and the details are stored with the log (on a first join, once the link is open;
    // a session detached before that never stores anything, and this goes no further).
    await this.active!.storing;
    // A session ended meanwhile (its 'ended' found no record to mark) is stored as ended.
    await saveCustomerConversation(session.hasEnded ? { ...record, state: 'ended' } : record);
    session.writeDetails({
      sessionId: message.sessionId,
      startedAt: message.createdAt,
      joinedBy: message.joinedBy,
      customerName: message.customer.name,
      query: message.customer.query,
      os: message.customer.os,
      browser: message.customer.browser,
      repName: message.repName,
      ...(message.reference !== undefined ? { reference: message.reference } : {}),
    });
  }

  private handleError(message: ServerMessageOf<'error'>): void {
    if (message.code === 'SESSION_NOT_FOUND' && this.record && this.mayBeRestoring()) {
      // A restarted server learns the session again from the rep's console; ask again soon.
      this.restoreTimer ??= setTimeout(() => {
        this.restoreTimer = null;
        if (this.record?.state === 'open') {
          this.signaling.send({ type: 'rejoin', sessionId: this.record.sessionId, resumeKey: this.record.resumeKey });
        }
      }, RESTORE_RETRY_MS);
      return;
    }
    if (message.code === 'SESSION_NOT_FOUND' && this.record) {
      void updateConversation('customer', this.record.sessionId, { state: 'ended' });
      this.active?.session.end('expired');
      this.record = { ...this.record, state: 'ended' };
    }
    this.emit('joinError', protocolError(message.code));
  }

  /** The page is going away: close the peer connection cleanly so the rep sees it at once. */
  dispose(): void {
    this.dropPreparedLink();
    this.active?.detach();
    this.ice.dispose();
    this.signaling.close();
  }

  private dropPreparedLink(): void {
    if (this.preparedTimer) clearTimeout(this.preparedTimer);
    this.preparedTimer = null;
    this.prepared?.close();
    this.prepared = null;
    this.joinLink = null;
  }

  /** `deferStorage`: a first join, whose empty log is stored only once the link is open (see whenLinkOpen). */
  private openSession(sessionId: SessionId, firstLink?: TakenLink, deferStorage = false): SupportSession {
    if (this.active?.session.sessionId === sessionId) {
      firstLink?.link.close();
      return this.active.session;
    }
    this.active?.detach();
    const transcript = new Transcript();
    let startStorage!: () => void;
    const storing = new Promise<void>((resolve) => (startStorage = resolve));
    const storage = storing.then(() => persistTranscript(transcript, 'customer', sessionId));
    const session = new SupportSession({
      sessionId,
      role: 'customer',
      selfName: () => this.customerName,
      instanceId: pageInstanceId,
      signaling: this.signaling,
      transcript,
      iceServers: () => this.ice.servers,
      iceTransportPolicy: () => this.ice.transportPolicy,
      whenLoaded: storage,
      ...(firstLink ? { firstLink } : {}),
    });
    // Detached before its storage started, the session never stores anything.
    let cancelStorage = () => {};
    if (deferStorage) cancelStorage = whenLinkOpen(session, startStorage);
    else startStorage();
    session.on('ended', () => void updateConversation('customer', sessionId, { state: 'ended' }));
    const stopFiles = startFileTransfers(session, { rules: () => this.fileRules, restoreAfter: storing });
    this.active = {
      session,
      storing,
      detach: () => {
        cancelStorage();
        void storage.then((detachStorage) => detachStorage());
        stopFiles();
        session.dispose();
      },
    };
    this.emit('session', session);
    return session;
  }
}
