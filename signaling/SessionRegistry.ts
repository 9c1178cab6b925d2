/**
 * The signaling logic, with no I/O of its own: sockets come in through `handle*()` calls as
 * `SocketLike`, time comes from an injected clock, session state lives in a `SessionStore`
 * (in memory by default, or Redis shared by several nodes) and messages for sockets held by
 * another node go through a `Relay`. It pairs a rep and a customer in a session, relays
 * WebRTC negotiation only between the two sockets of one session, and keeps no chat content.
 *
 * Handling a frame may wait for the store, so each connection's frames (and its close) run
 * one after another on a promise chain of their own: order is kept per socket.
 */
import { randomBytes } from 'node:crypto';
import { assertNever } from '../protocol/assertNever.js';
import { CLOSE_CODES, type ErrorCode } from '../protocol/errors.js';
import type { InstanceId, Role, SessionId } from '../protocol/ids.js';
import {
  errorMessage,
  parseClientMessage,
  type ClientMessageOf,
  type ClientToServer,
  type JoinOffer,
  type ServerToClient,
} from '../protocol/signaling.js';
import {
  HELLO_TIMEOUT_MS,
  MAX_CONNECTIONS_PER_ADDRESS,
  FRAMES_BURST_SECONDS,
  MAX_FRAMES_PER_SECOND,
  MAX_RATE_VIOLATIONS,
  MAX_SESSIONS_PER_REP,
} from '../protocol/limits.js';
import { DEFAULT_FILE_RULES } from '../protocol/fileRules.js';
import { isSupportedVersion, PROTOCOL_VERSION } from '../protocol/version.js';
import type { RepAccount, ServerConfig } from './config.js';
import { NO_OBSERVER, type RegistryObserver } from './RegistryObserver.js';
import { TokenBucket } from './TokenBucket.js';
import { timingSafeEqual } from 'node:crypto';
import { matchesDigest, newJoinToken, newResumeKey, newSessionCode, newSessionId, sha256 } from './secrets.js';
import type { SocketLike } from './SocketLike.js';
import { participantIceServers, type ParticipantIceServers } from './turnCredentials.js';
import { MemoryStore } from './store/MemoryStore.js';
import {
  LocalRelay,
  type Member,
  type MemberRole,
  type Members,
  type Relay,
  type SeatRecord,
  type SessionRecord,
  type SessionStore,
} from './store/SessionStore.js';

export type RegistryOptions = Pick<
  ServerConfig,
  'reps' | 'codeTtlMs' | 'maxFailedJoins' | 'failedJoinWindowMs' | 'sessionOrphanTtlMs' | 'iceServers'
> &
  Partial<Pick<ServerConfig, 'maxFramesPerSecond' | 'maxConnectionsPerAddress' | 'maxSessionsPerRep' | 'files' | 'turn' | 'iceTransportPolicy'>> & {
    readonly now?: () => number;
    readonly observer?: RegistryObserver;
    /** Where sessions live; a `MemoryStore` when not given. */
    readonly store?: SessionStore;
    /** Delivery to sockets on other nodes; none when not given (one process). */
    readonly relay?: Relay;
    /** Where store failures are reported (error class names only); JSON on stderr when not given. */
    readonly reportError?: (event: string, fields: { readonly error: string }) => void;
  };

interface Connection {
  /**
   * Names this socket in the store's seats, unique across nodes; given when it first takes a
   * seat (`memberOf`), so a socket that never does costs no id and no entry in `connectionsById`.
   */
  id: string | null;
  readonly socket: SocketLike;
  readonly address: string;
  readonly connectedAt: number;
  role: Role | null;
  instanceId: InstanceId | null;
  rep: RepAccount | null;
  /** Sessions this socket takes part in (a rep has several, a customer one); `NO_SESSIONS` until the first. */
  sessions: Set<SessionId>;
  readonly bucket: TokenBucket;
  rateViolations: number;
  /** This socket's frames, handled in order: the last one still waiting for the store, and how many are. */
  queue: Promise<void>;
  busy: number;
  closed: boolean;
}

/** Counters for the health endpoint and tests. With Redis, sessions and codes are this node's view. */
export interface RegistryStats {
  readonly connections: number;
  readonly sessions: number;
  readonly liveCodes: number;
  readonly rateLimitedAddresses: number;
}

const DONE: Promise<void> = Promise.resolve();
/** Shared by every socket in no session yet (most idle ones): never added to, replaced on the first. */
const NO_SESSIONS: Set<SessionId> = new Set();

/** Random part of connection ids, drawn once per registry: ids stay unique across nodes without a random draw per socket. */
const CONNECTION_ID_PREFIX_BYTES = 9;

export class SessionRegistry {
  private readonly connections = new Map<SocketLike, Connection>();
  private readonly connectionsById = new Map<string, Connection>();
  private readonly now: () => number;
  private readonly connectionsPerAddress = new Map<string, number>();
  private readonly limits: { framesPerSecond: number; connectionsPerAddress: number; sessionsPerRep: number };
  private readonly observer: RegistryObserver;
  private readonly store: SessionStore;
  private readonly relay: Relay;
  private readonly reportError: NonNullable<RegistryOptions['reportError']>;
  private readonly connectionIdPrefix = randomBytes(CONNECTION_ID_PREFIX_BYTES).toString('base64url');
  private connectionCounter = 0;
  /** Frames and closes handed in and not yet handled, and who waits for none to be left. */
  private pending = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: RegistryOptions) {
    this.now = options.now ?? Date.now;
    this.observer = options.observer ?? NO_OBSERVER;
    this.limits = {
      framesPerSecond: options.maxFramesPerSecond ?? MAX_FRAMES_PER_SECOND,
      connectionsPerAddress: options.maxConnectionsPerAddress ?? MAX_CONNECTIONS_PER_ADDRESS,
      sessionsPerRep: options.maxSessionsPerRep ?? MAX_SESSIONS_PER_REP,
    };
    this.store =
      options.store ??
      new MemoryStore({
        codeTtlMs: options.codeTtlMs,
        sessionOrphanTtlMs: options.sessionOrphanTtlMs,
        maxFailures: options.maxFailedJoins,
        windowMs: options.failedJoinWindowMs,
      });
    this.relay = options.relay ?? new LocalRelay();
    this.reportError = options.reportError ?? ((event, fields) => console.error(JSON.stringify({ event, ...fields })));
    this.relay.onEnvelope((envelope) => this.deliverLocal(envelope.conn, envelope.msg, envelope.drop));
  }

  /** Returns false (and closes the socket) when its address already holds too many. Limits are per node. */
  handleConnect(socket: SocketLike, address: string): boolean {
    const count = this.connectionsPerAddress.get(address) ?? 0;
    if (count >= this.limits.connectionsPerAddress) {
      this.observer.limitHit('TOO_MANY_CONNECTIONS');
      socket.send(JSON.stringify(errorMessage('TOO_MANY_CONNECTIONS')));
      socket.close(CLOSE_CODES.TOO_MANY, 'TOO_MANY_CONNECTIONS');
      return false;
    }
    this.connectionsPerAddress.set(address, count + 1);
    const now = this.now();
    const conn: Connection = {
      id: null,
      socket,
      address,
      connectedAt: now,
      role: null,
      instanceId: null,
      rep: null,
      sessions: NO_SESSIONS,
      bucket: new TokenBucket(this.limits.framesPerSecond * FRAMES_BURST_SECONDS, this.limits.framesPerSecond, now),
      rateViolations: 0,
      queue: DONE,
      busy: 0,
      closed: false,
    };
    this.connections.set(socket, conn);
    return true;
  }

  /**
   * One raw frame from a socket. Never throws for anything the socket sent; the promise
   * settles once the frame was handled (frames of one socket are handled in order).
   */
  handleFrame(socket: SocketLike, raw: unknown): Promise<void> {
    const conn = this.connections.get(socket);
    if (!conn) return Promise.resolve();
    // Rate first: a flood costs a counter, not a parse.
    if (!conn.bucket.take(this.now())) {
      conn.rateViolations += 1;
      if (conn.rateViolations >= MAX_RATE_VIOLATIONS) {
        this.observer.limitHit('TOO_MANY_MESSAGES');
        return this.closeConnection(conn, CLOSE_CODES.TOO_MANY, 'TOO_MANY_MESSAGES');
      }
      if (conn.rateViolations === 1) this.send(conn, errorMessage('TOO_MANY_MESSAGES'));
      return Promise.resolve();
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const { code } = parsed.error;
      this.send(conn, errorMessage(code));
      // Before hello we do not know who this is: a bad first frame ends the socket.
      if (conn.role === null) return this.closeConnection(conn, CLOSE_CODES.PROTOCOL_ERROR, code);
      return Promise.resolve();
    }
    const msg = parsed.value;
    return this.enqueue(conn, () => this.handleMessage(conn, msg), msg);
  }

  /** `left` when the page closed its socket on purpose (close code 1000 or 1001), else `disconnected`. */
  handleClose(socket: SocketLike, reason: 'left' | 'disconnected' = 'disconnected'): Promise<void> {
    const conn = this.connections.get(socket);
    if (!conn) return Promise.resolve();
    this.connections.delete(socket);
    if (conn.id !== null) this.connectionsById.delete(conn.id);
    conn.closed = true;
    const count = (this.connectionsPerAddress.get(conn.address) ?? 1) - 1;
    if (count > 0) this.connectionsPerAddress.set(conn.address, count);
    else this.connectionsPerAddress.delete(conn.address);
    // After the frames already queued, so a join followed by a close leaves nothing behind.
    return this.enqueue(conn, async () => {
      for (const sessionId of [...conn.sessions]) await this.detach(sessionId, conn, reason);
    });
  }

  /** Expires codes, forgets abandoned sessions and stale counters, closes silent sockets, keeps held seats alive. */
  async sweep(): Promise<void> {
    const now = this.now();
    this.store.sweep(now);
    for (const conn of this.connections.values()) {
      if (conn.role === null && now - conn.connectedAt >= HELLO_TIMEOUT_MS) {
        void this.closeConnection(conn, CLOSE_CODES.TIMEOUT, 'no hello');
      }
    }
    const held = new Map<SessionId, MemberRole>();
    for (const conn of this.connections.values()) {
      for (const id of conn.sessions) held.set(id, conn.role === 'rep' ? 'rep' : 'customer');
    }
    try {
      await this.store.refresh(held, now);
    } catch (error) {
      // Redis is away: seats expire unless it is back before the next sweeps; the client moves on.
      this.reportError('store-refresh-failed', { error: errorName(error) });
    }
  }

  /** Tells every socket the server is going away. */
  shutdown(): Promise<void> {
    return this.moveClients('server restarting');
  }

  /**
   * Closes every socket with 4503 so each client reconnects and registers again (resume-session,
   * rejoin): after a shared store came back, its seats may have expired meanwhile.
   */
  moveClients(reason: string): Promise<void> {
    for (const conn of [...this.connections.values()]) void this.closeConnection(conn, CLOSE_CODES.SHUTTING_DOWN, reason);
    return this.idle();
  }

  /** Settles once every frame and close handed in so far has been handled. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): RegistryStats {
    return { connections: this.connections.size, ...this.store.stats() };
  }

  /** False while the shared store (Redis) cannot be reached; always true in memory. */
  storeHealthy(): boolean {
    return this.store.healthy();
  }

  // ------------------------------------------------------------------ messages

  /**
   * Runs `work` for this socket after its earlier frames. With nothing pending it starts at
   * once, and work that needs no store round trip (in memory) finishes without a detour.
   */
  private enqueue(conn: Connection, work: () => Promise<void> | void, msg?: ClientToServer): Promise<void> {
    if (conn.busy > 0) return this.track(conn, conn.queue.then(work), msg);
    let result: Promise<void> | void;
    try {
      result = work();
    } catch (error) {
      this.failed(conn, error, msg);
      return DONE;
    }
    return result instanceof Promise ? this.track(conn, result, msg) : DONE;
  }

  private track(conn: Connection, work: Promise<void>, msg: ClientToServer | undefined): Promise<void> {
    conn.busy++;
    this.pending++;
    const next = work
      .catch((error: unknown) => this.failed(conn, error, msg))
      .finally(() => {
        conn.busy--;
        if (--this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    conn.queue = next;
    return next;
  }

  /** The store failed (Redis unreachable) or a handler threw: this socket hears why and reconnects later. */
  private failed(conn: Connection, error: unknown, msg: ClientToServer | undefined): void {
    const unavailable = !this.store.healthy();
    // The error's class only: its message could quote the frame.
    this.reportError(unavailable ? 'store-unavailable' : 'frame-handler-error', { error: errorName(error) });
    if (conn.closed) return;
    const code: ErrorCode = unavailable ? 'STORE_UNAVAILABLE' : 'INTERNAL';
    this.send(conn, errorMessage(code, msg ? requestIdOf(msg) : {}));
    void this.closeConnection(conn, unavailable ? CLOSE_CODES.SHUTTING_DOWN : CLOSE_CODES.PROTOCOL_ERROR, code);
  }

  private handleMessage(conn: Connection, msg: ClientToServer): Promise<void> | void {
    if (conn.closed) return;
    if (msg.type !== 'hello' && conn.role === null) {
      this.send(conn, errorMessage('OUT_OF_ORDER'));
      void this.closeConnection(conn, CLOSE_CODES.PROTOCOL_ERROR, 'OUT_OF_ORDER');
      return;
    }
    switch (msg.type) {
      case 'hello':
        return this.handleHello(conn, msg);
      case 'create-session':
        return this.asRep(conn, msg, () => this.handleCreateSession(conn, msg));
      case 'resume-session':
        return this.asRep(conn, msg, () => this.handleResumeSession(conn, msg));
      case 'end-session':
        return this.asRep(conn, msg, () => this.handleEndSession(conn, msg));
      case 'join':
        return this.asCustomer(conn, msg, () => this.handleJoin(conn, msg));
      case 'rejoin':
        return this.asCustomer(conn, msg, () => this.handleRejoin(conn, msg));
      case 'leave-session':
        return this.asCustomer(conn, msg, () => this.handleLeave(conn, msg));
      case 'signal':
        return this.handleSignal(conn, msg);
      case 'refresh-ice':
        return this.send(conn, { type: 'ice-servers', ...this.iceServersFor(conn) });
      default:
        return assertNever(msg);
    }
  }

  private asRep(conn: Connection, msg: ClientToServer, run: () => Promise<void>): Promise<void> | void {
    if (conn.role === 'rep') return run();
    this.send(conn, errorMessage('UNAUTHORIZED', requestIdOf(msg)));
  }

  private asCustomer(conn: Connection, msg: ClientToServer, run: () => Promise<void>): Promise<void> | void {
    if (conn.role === 'customer') return run();
    this.send(conn, errorMessage('OUT_OF_ORDER', requestIdOf(msg)));
  }

  private handleHello(conn: Connection, msg: ClientMessageOf<'hello'>): void {
    if (conn.role !== null) {
      this.send(conn, errorMessage('OUT_OF_ORDER'));
      return;
    }
    if (!isSupportedVersion(msg.version)) {
      this.send(conn, errorMessage('UNSUPPORTED_VERSION'));
      void this.closeConnection(conn, CLOSE_CODES.UNSUPPORTED_VERSION, 'UNSUPPORTED_VERSION');
      return;
    }
    if (msg.role === 'rep') {
      const rep = msg.token === undefined ? undefined : this.findRep(msg.token);
      if (!rep) {
        this.send(conn, errorMessage('UNAUTHORIZED'));
        void this.closeConnection(conn, CLOSE_CODES.UNAUTHORIZED, 'UNAUTHORIZED');
        return;
      }
      conn.rep = rep;
    }
    // Nothing works without the shared store: say so now; the client retries with back-off.
    if (!this.store.healthy()) {
      this.send(conn, errorMessage('STORE_UNAVAILABLE'));
      void this.closeConnection(conn, CLOSE_CODES.SHUTTING_DOWN, 'STORE_UNAVAILABLE');
      return;
    }
    conn.role = msg.role;
    conn.instanceId = msg.instanceId;
    this.send(conn, {
      type: 'welcome',
      version: PROTOCOL_VERSION,
      role: msg.role,
      ...(conn.rep ? { repName: conn.rep.name } : {}),
      ...this.iceServersFor(conn),
      iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
      files: this.options.files ?? DEFAULT_FILE_RULES,
      ...(msg.role === 'customer' ? { iceOnJoin: Boolean(this.options.turn) } : {}),
    });
  }

  private async handleCreateSession(conn: Connection, msg: ClientMessageOf<'create-session'>): Promise<void> {
    const rep = conn.rep!;
    const now = this.now();
    for (;;) {
      const session: SessionRecord = {
        id: newSessionId(),
        repId: rep.id,
        repName: rep.name,
        reference: msg.reference,
        createdAt: now,
        code: newSessionCode(),
        codeExpiresAt: now + this.options.codeTtlMs,
        joinToken: newJoinToken(),
        customer: null,
      };
      const outcome = await this.store.createSession(session, this.memberOf(conn), this.limits.sessionsPerRep, now);
      if (outcome === 'taken') continue;
      if (outcome === 'limit') {
        this.send(conn, errorMessage('SESSION_LIMIT', { requestId: msg.requestId }));
        return;
      }
      joinSession(conn, session.id);
      this.send(conn, {
        type: 'session-created',
        requestId: msg.requestId,
        sessionId: session.id,
        code: session.code,
        joinToken: session.joinToken,
        createdAt: session.createdAt,
        codeExpiresAt: session.codeExpiresAt,
        ...(session.reference !== undefined ? { reference: session.reference } : {}),
      });
      return;
    }
  }

  private async handleResumeSession(conn: Connection, msg: ClientMessageOf<'resume-session'>): Promise<void> {
    let found = await this.store.getSession(msg.sessionId);
    if (!found && msg.restore) found = await this.restoreSession(conn, msg.sessionId, msg.restore);
    // Another rep's session looks exactly like a missing one.
    if (!found || found.session.repId !== conn.rep!.id) {
      this.send(conn, errorMessage('SESSION_NOT_FOUND', { sessionId: msg.sessionId }));
      return;
    }
    const { session, codeLive } = found;
    this.send(conn, {
      type: 'session-resumed',
      sessionId: session.id,
      createdAt: session.createdAt,
      ...(codeLive ? { code: session.code, joinToken: session.joinToken, codeExpiresAt: session.codeExpiresAt } : {}),
      ...(session.reference !== undefined ? { reference: session.reference } : {}),
    });
    if (session.customer) this.send(conn, customerJoinedMessage(session, session.customer));
    await this.attach(session, conn, 'rep');
  }

  /**
   * Takes back a session the store does not know (this server restarted, or Redis forgot it),
   * from what the rep's console kept. The rep is authenticated and session ids are unguessable;
   * the customer still has to prove itself with the resume key matching the rep's verifier.
   */
  private async restoreSession(conn: Connection, id: SessionId, restore: NonNullable<ClientMessageOf<'resume-session'>['restore']>) {
    const withCode = restore.code !== undefined && restore.joinToken !== undefined;
    const session: SessionRecord = {
      id,
      repId: conn.rep!.id,
      repName: conn.rep!.name,
      reference: restore.reference,
      createdAt: restore.createdAt,
      code: restore.code ?? newSessionCode(),
      codeExpiresAt: withCode ? (restore.codeExpiresAt ?? 0) : 0,
      joinToken: restore.joinToken ?? newJoinToken(),
      customer: restore.customer
        ? {
            profile: restore.customer.profile,
            joinedBy: restore.customer.joinedBy,
            joinedAt: restore.customer.joinedAt,
            resumeKeyDigest: restore.customer.verifier,
          }
        : null,
    };
    // A code that cannot be restored is replaced by one that is never registered.
    const fallback = { code: newSessionCode(), joinToken: newJoinToken() };
    const restored = await this.store.restoreSession(session, fallback, this.limits.sessionsPerRep, this.now());
    return restored === 'limit' ? null : restored;
  }

  private async handleEndSession(conn: Connection, msg: ClientMessageOf<'end-session'>): Promise<void> {
    const members = await this.store.members(msg.sessionId);
    if (members.rep?.conn !== conn.id) {
      this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
      return;
    }
    const ended = await this.store.endSession(msg.sessionId, this.now());
    for (const member of [ended?.rep, ended?.customer]) {
      if (member) this.deliver(member, { type: 'session-ended', sessionId: msg.sessionId, reason: 'rep' }, msg.sessionId);
    }
  }

  private async handleJoin(conn: Connection, msg: ClientMessageOf<'join'>): Promise<void> {
    const now = this.now();
    const retryAfterMs = await this.store.joinRetryAfterMs(conn.address, now);
    if (retryAfterMs > 0) {
      this.observer.joinFailed('RATE_LIMITED');
      this.send(conn, errorMessage('RATE_LIMITED', { retryAfterMs }));
      return;
    }
    if ((msg.code === undefined) === (msg.joinToken === undefined)) return this.refuseJoin(conn, 'INVALID_MESSAGE', now);
    const resumeKey = newResumeKey();
    const seat: SeatRecord = {
      profile: msg.customer,
      joinedBy: msg.code !== undefined ? 'code' : 'link',
      joinedAt: now,
      resumeKeyDigest: sha256(resumeKey).toString('base64url'),
    };
    // Single use: the code and the link stop working the moment someone joins, on every node.
    const claimed = await this.store.claimSeat(msg.code !== undefined ? { code: msg.code } : { joinToken: msg.joinToken! }, seat, now);
    if (!claimed.ok) {
      if (claimed.code !== 'SESSION_FULL') return this.refuseJoin(conn, claimed.code, now);
      this.observer.joinFailed('SESSION_FULL');
      this.send(conn, errorMessage('SESSION_FULL'));
      return;
    }
    this.send(conn, joinedMessage(claimed.session, seat, resumeKey));
    // Before attach: the customer must hold its credentials when the rep's offer comes.
    if (this.options.turn) this.send(conn, { type: 'ice-servers', ...this.iceServersFor(conn, true) });
    await this.attach(claimed.session, conn, 'customer', seat, msg.offer);
  }

  private async refuseJoin(conn: Connection, code: ErrorCode, now: number): Promise<void> {
    await this.store.recordFailedJoin(conn.address, now);
    this.observer.joinFailed(code);
    this.send(conn, errorMessage(code));
  }

  private async handleRejoin(conn: Connection, msg: ClientMessageOf<'rejoin'>): Promise<void> {
    const now = this.now();
    const retryAfterMs = await this.store.joinRetryAfterMs(conn.address, now);
    if (retryAfterMs > 0) {
      this.observer.joinFailed('RATE_LIMITED');
      this.send(conn, errorMessage('RATE_LIMITED', { retryAfterMs }));
      return;
    }
    const session = (await this.store.getSession(msg.sessionId))?.session;
    const seat = session?.customer;
    if (!session || !seat || !matchesVerifier(msg.resumeKey, seat.resumeKeyDigest)) {
      await this.store.recordFailedJoin(conn.address, now);
      this.observer.joinFailed('SESSION_NOT_FOUND');
      this.send(conn, errorMessage('SESSION_NOT_FOUND', { sessionId: msg.sessionId }));
      return;
    }
    this.send(conn, joinedMessage(session, seat, msg.resumeKey));
    if (this.options.turn) this.send(conn, { type: 'ice-servers', ...this.iceServersFor(conn, true) });
    await this.attach(session, conn, 'customer');
  }

  private async handleLeave(conn: Connection, msg: ClientMessageOf<'leave-session'>): Promise<void> {
    const members = await this.store.members(msg.sessionId);
    if (members.customer?.conn !== conn.id) {
      this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
      return;
    }
    await this.detach(msg.sessionId, conn, 'left');
  }

  /**
   * Each participant's own short-lived TURN credentials (signaling/turnCredentials.ts). Only a
   * rep or a customer in a session gets them: an anonymous socket would otherwise turn the
   * relay into an open proxy. A customer gets them with `ice-servers` right after joining.
   */
  private iceServersFor(conn: Connection, inSession = conn.sessions.size > 0): ParticipantIceServers {
    const entitled = conn.role === 'rep' || inSession;
    return participantIceServers(this.options.iceServers, entitled ? (this.options.turn ?? null) : null, this.now());
  }

  /** The hot path: in memory it runs through without waiting; with Redis it waits for the seats. */
  private handleSignal(conn: Connection, msg: ClientMessageOf<'signal'>): Promise<void> | void {
    if (!conn.sessions.has(msg.sessionId)) return this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
    const members = this.store.membersNow?.(msg.sessionId);
    if (members) return this.relaySignal(conn, msg, members);
    return this.store.members(msg.sessionId).then((found) => this.relaySignal(conn, msg, found));
  }

  private relaySignal(conn: Connection, msg: ClientMessageOf<'signal'>, members: Members): void {
    const isRep = conn.role === 'rep';
    if ((isRep ? members.rep : members.customer)?.conn !== conn.id) {
      // The seat moved to another socket (or the session ended) without this node hearing yet.
      conn.sessions.delete(msg.sessionId);
      return this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
    }
    const other = isRep ? members.customer : members.rep;
    // No other side yet: the offer would be stale by the time it arrives. Drop it.
    if (other) {
      this.observer.relayed();
      this.deliver(other, msg);
    }
  }

  // ------------------------------------------------------------------ membership

  /**
   * Seats `conn`. A customer who just joined may bring an offer: the rep gets it as the first
   * signal of that link, before `peer-present`, so it answers instead of offering; the rep then
   * hears who joined (`seat`) last.
   */
  private async attach(session: SessionRecord, conn: Connection, role: Role, seat?: SeatRecord, offer?: JoinOffer): Promise<void> {
    if (role === 'customer') {
      // A customer socket belongs to one session at a time.
      for (const otherId of [...conn.sessions]) if (otherId !== session.id) await this.detach(otherId, conn, 'left');
    }
    const attached = await this.store.attach(session.id, role, this.memberOf(conn));
    if (!attached) return;
    const { previous, members } = attached;
    if (previous && previous.conn !== conn.id) this.deliver(previous, undefined, session.id);
    joinSession(conn, session.id);
    const { rep, customer } = members;
    // peer-present first: the rep's page starts the peer connection on it, and should not
    // first spend its time opening the new customer's tab for customer-joined.
    if (rep && customer) {
      this.observer.paired();
      if (offer) {
        this.observer.relayed();
        this.deliver(rep, { type: 'signal', sessionId: session.id, linkId: offer.linkId, description: { type: 'offer', sdp: offer.sdp } });
      }
      this.deliver(rep, { type: 'peer-present', sessionId: session.id, peerInstanceId: customer.instanceId, polite: false });
      this.deliver(customer, { type: 'peer-present', sessionId: session.id, peerInstanceId: rep.instanceId, polite: true });
    }
    if (seat && rep) this.deliver(rep, customerJoinedMessage(session, seat));
  }

  private async detach(sessionId: SessionId, conn: Connection, reason: 'left' | 'disconnected'): Promise<void> {
    conn.sessions.delete(sessionId);
    // A socket holds a seat only once memberOf gave it an id.
    if (conn.id === null) return;
    const role: MemberRole = conn.role === 'rep' ? 'rep' : 'customer';
    const members = await this.store.detach(sessionId, role, conn.id, this.now());
    const other = role === 'rep' ? members?.customer : members?.rep;
    if (other) this.deliver(other, { type: 'peer-absent', sessionId, reason });
  }

  /**
   * `msg` to the socket holding `member`, and/or tell it it lost session `drop`: directly on
   * this node, else through the relay to the node that holds it.
   */
  private deliver(member: Member, msg: ServerToClient | undefined, drop?: SessionId): void {
    if (member.node === this.relay.nodeId) return this.deliverLocal(member.conn, msg, drop);
    this.relay.publish(member.node, { conn: member.conn, ...(msg ? { msg } : {}), ...(drop !== undefined ? { drop } : {}) });
  }

  private deliverLocal(connId: string, msg: ServerToClient | undefined, drop: SessionId | undefined): void {
    const conn = this.connectionsById.get(connId);
    if (!conn) return;
    if (drop !== undefined) conn.sessions.delete(drop);
    if (msg) this.send(conn, msg);
  }

  private memberOf(conn: Connection): Member {
    if (conn.id === null) {
      conn.id = `${this.connectionIdPrefix}.${(++this.connectionCounter).toString(36)}`;
      this.connectionsById.set(conn.id, conn);
    }
    return { node: this.relay.nodeId, conn: conn.id, instanceId: conn.instanceId! };
  }

  // ------------------------------------------------------------------ helpers

  private findRep(token: string): RepAccount | undefined {
    const digest = sha256(token);
    // Compare against every account so the time taken does not tell which one matched.
    let found: RepAccount | undefined;
    for (const rep of this.options.reps) if (timingSafeEqual(rep.tokenDigest, digest)) found ??= rep;
    return found;
  }

  private send(conn: Connection, msg: ServerToClient): void {
    if (!conn.closed) conn.socket.send(JSON.stringify(msg));
  }

  private closeConnection(conn: Connection, code: number, reason: string): Promise<void> {
    const closed = this.handleClose(conn.socket);
    conn.socket.close(code, reason);
    return closed;
  }
}

/** Adds a session to the socket's own set, made on the first (see `NO_SESSIONS`). */
function joinSession(conn: Connection, id: SessionId): void {
  if (conn.sessions === NO_SESSIONS) conn.sessions = new Set();
  conn.sessions.add(id);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function requestIdOf(msg: ClientToServer): { requestId?: number } {
  return 'requestId' in msg ? { requestId: msg.requestId } : {};
}

/** A presented resume key against the stored base64url digest; a digest of the wrong size matches nothing. */
function matchesVerifier(resumeKey: string, digest: string): boolean {
  const stored = Buffer.from(digest, 'base64url');
  return stored.length === 32 && matchesDigest(resumeKey, stored);
}

function customerJoinedMessage(session: SessionRecord, seat: SeatRecord): ServerToClient {
  return {
    type: 'customer-joined',
    sessionId: session.id,
    customer: seat.profile,
    joinedBy: seat.joinedBy,
    joinedAt: seat.joinedAt,
    customerVerifier: seat.resumeKeyDigest,
  };
}

function joinedMessage(session: SessionRecord, seat: SeatRecord, resumeKey: ClientMessageOf<'rejoin'>['resumeKey']): ServerToClient {
  return {
    type: 'joined',
    sessionId: session.id,
    resumeKey,
    repName: session.repName,
    customer: seat.profile,
    joinedBy: seat.joinedBy,
    createdAt: session.createdAt,
    joinedAt: seat.joinedAt,
    ...(session.reference !== undefined ? { reference: session.reference } : {}),
  };
}
