/**
 * The signaling logic, with no I/O: sockets come in through `handle*()` calls as `SocketLike`,
 * time comes from an injected clock. It pairs a rep and a customer in a session, relays
 * WebRTC negotiation only between the two sockets of one session, and keeps no chat content.
 */
import { assertNever } from '../protocol/assertNever.js';
import { CLOSE_CODES, type ErrorCode } from '../protocol/errors.js';
import type { InstanceId, JoinToken, Role, SessionCode, SessionId } from '../protocol/ids.js';
import {
  errorMessage,
  parseClientMessage,
  type ClientMessageOf,
  type ClientToServer,
  type CustomerProfile,
  type JoinMethod,
  type ServerToClient,
  type SessionRestore,
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
import { FailedJoinLimiter } from './FailedJoinLimiter.js';
import { NO_OBSERVER, type RegistryObserver } from './RegistryObserver.js';
import { TokenBucket } from './TokenBucket.js';
import { timingSafeEqual } from 'node:crypto';
import { matchesDigest, newJoinToken, newResumeKey, newSessionCode, newSessionId, sha256 } from './secrets.js';
import type { SocketLike } from './SocketLike.js';

export type RegistryOptions = Pick<
  ServerConfig,
  'reps' | 'codeTtlMs' | 'maxFailedJoins' | 'failedJoinWindowMs' | 'sessionOrphanTtlMs' | 'iceServers'
> &
  Partial<Pick<ServerConfig, 'maxFramesPerSecond' | 'maxConnectionsPerAddress' | 'maxSessionsPerRep' | 'files'>> & {
    readonly now?: () => number;
    readonly observer?: RegistryObserver;
  };

interface Connection {
  readonly socket: SocketLike;
  readonly address: string;
  readonly connectedAt: number;
  role: Role | null;
  instanceId: InstanceId | null;
  rep: RepAccount | null;
  /** Sessions this socket takes part in (a rep has several, a customer one). */
  readonly sessions: Set<SessionId>;
  readonly bucket: TokenBucket;
  rateViolations: number;
}

interface CustomerSeat {
  readonly profile: CustomerProfile;
  readonly joinedBy: JoinMethod;
  readonly joinedAt: number;
  readonly resumeKeyDigest: Buffer;
}

interface Session {
  readonly id: SessionId;
  /** The owning rep's account id. */
  readonly repId: string;
  readonly repName: string;
  readonly reference: string | undefined;
  readonly createdAt: number;
  readonly code: SessionCode;
  readonly codeExpiresAt: number;
  readonly joinToken: JoinToken;
  customer: CustomerSeat | null;
  repConnection: Connection | null;
  customerConnection: Connection | null;
  /** When the last participant left, for forgetting abandoned sessions. */
  emptySince: number | null;
}

type RetiredReason = 'CODE_EXPIRED' | 'CODE_USED';

/** Counters for the health endpoint and tests. */
export interface RegistryStats {
  readonly connections: number;
  readonly sessions: number;
  readonly liveCodes: number;
  readonly rateLimitedAddresses: number;
}

export class SessionRegistry {
  private readonly connections = new Map<SocketLike, Connection>();
  private readonly sessions = new Map<SessionId, Session>();
  private readonly sessionsByCode = new Map<SessionCode, SessionId>();
  private readonly sessionsByJoinToken = new Map<JoinToken, SessionId>();
  /** Codes that stopped working, kept for a while so a customer hears why. */
  private readonly retiredCodes = new Map<SessionCode, { reason: RetiredReason; until: number }>();
  private readonly limiter: FailedJoinLimiter;
  private readonly now: () => number;
  private readonly connectionsPerAddress = new Map<string, number>();
  private readonly limits: { framesPerSecond: number; connectionsPerAddress: number; sessionsPerRep: number };
  private readonly observer: RegistryObserver;

  constructor(private readonly options: RegistryOptions) {
    this.now = options.now ?? Date.now;
    this.observer = options.observer ?? NO_OBSERVER;
    this.limits = {
      framesPerSecond: options.maxFramesPerSecond ?? MAX_FRAMES_PER_SECOND,
      connectionsPerAddress: options.maxConnectionsPerAddress ?? MAX_CONNECTIONS_PER_ADDRESS,
      sessionsPerRep: options.maxSessionsPerRep ?? MAX_SESSIONS_PER_REP,
    };
    this.limiter = new FailedJoinLimiter({ maxFailures: options.maxFailedJoins, windowMs: options.failedJoinWindowMs });
  }

  /** Returns false (and closes the socket) when its address already holds too many. */
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
    this.connections.set(socket, {
      socket,
      address,
      connectedAt: now,
      role: null,
      instanceId: null,
      rep: null,
      sessions: new Set(),
      bucket: new TokenBucket(this.limits.framesPerSecond * FRAMES_BURST_SECONDS, this.limits.framesPerSecond, now),
      rateViolations: 0,
    });
    return true;
  }

  /** One raw frame from a socket. Never throws for anything the socket sent. */
  handleFrame(socket: SocketLike, raw: unknown): void {
    const conn = this.connections.get(socket);
    if (!conn) return;
    // Rate first: a flood costs a counter, not a parse.
    if (!conn.bucket.take(this.now())) {
      conn.rateViolations += 1;
      if (conn.rateViolations >= MAX_RATE_VIOLATIONS) {
        this.observer.limitHit('TOO_MANY_MESSAGES');
        this.closeConnection(conn, CLOSE_CODES.TOO_MANY, 'TOO_MANY_MESSAGES');
      }
      else if (conn.rateViolations === 1) this.send(conn, errorMessage('TOO_MANY_MESSAGES'));
      return;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const { code } = parsed.error;
      this.send(conn, errorMessage(code));
      // Before hello we do not know who this is: a bad first frame ends the socket.
      if (conn.role === null) this.closeConnection(conn, CLOSE_CODES.PROTOCOL_ERROR, code);
      return;
    }
    this.handleMessage(conn, parsed.value);
  }

  /** `left` when the page closed its socket on purpose (close code 1000 or 1001), else `disconnected`. */
  handleClose(socket: SocketLike, reason: 'left' | 'disconnected' = 'disconnected'): void {
    const conn = this.connections.get(socket);
    if (!conn) return;
    this.connections.delete(socket);
    const count = (this.connectionsPerAddress.get(conn.address) ?? 1) - 1;
    if (count > 0) this.connectionsPerAddress.set(conn.address, count);
    else this.connectionsPerAddress.delete(conn.address);
    for (const sessionId of conn.sessions) {
      const session = this.sessions.get(sessionId);
      if (session) this.detach(session, conn, reason);
    }
  }

  /** Expires codes, forgets abandoned sessions and stale counters, closes silent sockets. */
  sweep(): void {
    const now = this.now();
    for (const [code, sessionId] of this.sessionsByCode) {
      const session = this.sessions.get(sessionId);
      if (!session || session.codeExpiresAt <= now) this.retireCode(code, 'CODE_EXPIRED');
    }
    for (const [token, sessionId] of this.sessionsByJoinToken) {
      const session = this.sessions.get(sessionId);
      if (!session || session.codeExpiresAt <= now) this.sessionsByJoinToken.delete(token);
    }
    for (const [code, retired] of this.retiredCodes) if (retired.until <= now) this.retiredCodes.delete(code);
    for (const session of this.sessions.values()) {
      if (session.emptySince !== null && now - session.emptySince >= this.options.sessionOrphanTtlMs) {
        this.removeSession(session, 'expired');
      }
    }
    for (const conn of this.connections.values()) {
      if (conn.role === null && now - conn.connectedAt >= HELLO_TIMEOUT_MS) {
        this.closeConnection(conn, CLOSE_CODES.TIMEOUT, 'no hello');
      }
    }
    this.limiter.prune(now);
  }

  /** Tells every socket the server is going away. */
  shutdown(): void {
    for (const conn of [...this.connections.values()]) this.closeConnection(conn, CLOSE_CODES.SHUTTING_DOWN, 'server restarting');
  }

  stats(): RegistryStats {
    return {
      connections: this.connections.size,
      sessions: this.sessions.size,
      liveCodes: this.sessionsByCode.size,
      rateLimitedAddresses: this.limiter.trackedAddresses,
    };
  }

  // ------------------------------------------------------------------ messages

  private handleMessage(conn: Connection, msg: ClientToServer): void {
    if (msg.type !== 'hello' && conn.role === null) {
      this.send(conn, errorMessage('OUT_OF_ORDER'));
      this.closeConnection(conn, CLOSE_CODES.PROTOCOL_ERROR, 'OUT_OF_ORDER');
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
      default:
        return assertNever(msg);
    }
  }

  private asRep(conn: Connection, msg: ClientToServer, run: () => void): void {
    if (conn.role === 'rep') run();
    else this.send(conn, errorMessage('UNAUTHORIZED', requestIdOf(msg)));
  }

  private asCustomer(conn: Connection, msg: ClientToServer, run: () => void): void {
    if (conn.role === 'customer') run();
    else this.send(conn, errorMessage('OUT_OF_ORDER', requestIdOf(msg)));
  }

  private handleHello(conn: Connection, msg: ClientMessageOf<'hello'>): void {
    if (conn.role !== null) {
      this.send(conn, errorMessage('OUT_OF_ORDER'));
      return;
    }
    if (!isSupportedVersion(msg.version)) {
      this.send(conn, errorMessage('UNSUPPORTED_VERSION'));
      this.closeConnection(conn, CLOSE_CODES.UNSUPPORTED_VERSION, 'UNSUPPORTED_VERSION');
      return;
    }
    if (msg.role === 'rep') {
      const rep = msg.token === undefined ? undefined : this.findRep(msg.token);
      if (!rep) {
        this.send(conn, errorMessage('UNAUTHORIZED'));
        this.closeConnection(conn, CLOSE_CODES.UNAUTHORIZED, 'UNAUTHORIZED');
        return;
      }
      conn.rep = rep;
    }
    conn.role = msg.role;
    conn.instanceId = msg.instanceId;
    this.send(conn, {
      type: 'welcome',
      version: PROTOCOL_VERSION,
      role: msg.role,
      ...(conn.rep ? { repName: conn.rep.name } : {}),
      iceServers: [...this.options.iceServers],
      files: this.options.files ?? DEFAULT_FILE_RULES,
    });
  }

  private handleCreateSession(conn: Connection, msg: ClientMessageOf<'create-session'>): void {
    if (this.sessionCountOf(conn.rep!.id) >= this.limits.sessionsPerRep) {
      this.send(conn, errorMessage('SESSION_LIMIT', { requestId: msg.requestId }));
      return;
    }
    const now = this.now();
    const session: Session = {
      id: newSessionId(),
      repId: conn.rep!.id,
      repName: conn.rep!.name,
      reference: msg.reference,
      createdAt: now,
      code: this.unusedCode(),
      codeExpiresAt: now + this.options.codeTtlMs,
      joinToken: newJoinToken(),
      customer: null,
      repConnection: conn,
      customerConnection: null,
      emptySince: null,
    };
    this.sessions.set(session.id, session);
    this.sessionsByCode.set(session.code, session.id);
    this.sessionsByJoinToken.set(session.joinToken, session.id);
    conn.sessions.add(session.id);
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
  }

  private handleResumeSession(conn: Connection, msg: ClientMessageOf<'resume-session'>): void {
    let session = this.sessions.get(msg.sessionId);
    if (!session && msg.restore) session = this.restoreSession(conn, msg.sessionId, msg.restore);
    // Another rep's session looks exactly like a missing one.
    if (!session || session.repId !== conn.rep!.id) {
      this.send(conn, errorMessage('SESSION_NOT_FOUND', { sessionId: msg.sessionId }));
      return;
    }
    const codeLive = this.sessionsByCode.get(session.code) === session.id;
    this.send(conn, {
      type: 'session-resumed',
      sessionId: session.id,
      createdAt: session.createdAt,
      ...(codeLive ? { code: session.code, joinToken: session.joinToken, codeExpiresAt: session.codeExpiresAt } : {}),
      ...(session.reference !== undefined ? { reference: session.reference } : {}),
    });
    if (session.customer) this.send(conn, customerJoinedMessage(session, session.customer));
    this.attach(session, conn, 'rep');
  }

  /**
   * Takes back a session this server does not know (it restarted, or another node had it),
   * from what the rep's console kept. The rep is authenticated and session ids are unguessable;
   * the customer still has to prove itself with the resume key matching the rep's verifier.
   */
  private restoreSession(conn: Connection, id: SessionId, restore: SessionRestore): Session | undefined {
    if (this.sessionCountOf(conn.rep!.id) >= this.limits.sessionsPerRep) return undefined;
    const now = this.now();
    const codeUsable =
      restore.customer === undefined &&
      restore.code !== undefined &&
      restore.joinToken !== undefined &&
      (restore.codeExpiresAt ?? 0) > now &&
      !this.sessionsByCode.has(restore.code) &&
      !this.retiredCodes.has(restore.code) &&
      !this.sessionsByJoinToken.has(restore.joinToken);
    const session: Session = {
      id,
      repId: conn.rep!.id,
      repName: conn.rep!.name,
      reference: restore.reference,
      createdAt: restore.createdAt,
      // A code that cannot be restored is replaced by one that is never registered.
      code: codeUsable ? restore.code! : newSessionCode(),
      codeExpiresAt: codeUsable ? restore.codeExpiresAt! : 0,
      joinToken: codeUsable ? restore.joinToken! : newJoinToken(),
      customer: restore.customer
        ? {
            profile: restore.customer.profile,
            joinedBy: restore.customer.joinedBy,
            joinedAt: restore.customer.joinedAt,
            resumeKeyDigest: Buffer.from(restore.customer.verifier, 'base64url'),
          }
        : null,
      repConnection: null,
      customerConnection: null,
      emptySince: now,
    };
    this.sessions.set(id, session);
    if (codeUsable) {
      this.sessionsByCode.set(session.code, id);
      this.sessionsByJoinToken.set(session.joinToken, id);
    }
    return session;
  }

  private handleEndSession(conn: Connection, msg: ClientMessageOf<'end-session'>): void {
    const session = this.sessions.get(msg.sessionId);
    if (!session || session.repConnection !== conn) {
      this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
      return;
    }
    this.removeSession(session, 'rep');
  }

  private handleJoin(conn: Connection, msg: ClientMessageOf<'join'>): void {
    const now = this.now();
    const retryAfterMs = this.limiter.retryAfterMs(conn.address, now);
    if (retryAfterMs > 0) {
      this.observer.joinFailed('RATE_LIMITED');
      this.send(conn, errorMessage('RATE_LIMITED', { retryAfterMs }));
      return;
    }
    const found = this.findJoinable(msg);
    if (typeof found === 'string') {
      this.limiter.recordFailure(conn.address, now);
      this.observer.joinFailed(found);
      this.send(conn, errorMessage(found));
      return;
    }
    if (found.customer) {
      this.observer.joinFailed('SESSION_FULL');
      this.send(conn, errorMessage('SESSION_FULL'));
      return;
    }
    // Single use: the code and the link stop working the moment someone joins.
    this.retireCode(found.code, 'CODE_USED');
    this.sessionsByJoinToken.delete(found.joinToken);
    const resumeKey = newResumeKey();
    const seat: CustomerSeat = {
      profile: msg.customer,
      joinedBy: msg.code !== undefined ? 'code' : 'link',
      joinedAt: now,
      resumeKeyDigest: sha256(resumeKey),
    };
    found.customer = seat;
    this.send(conn, joinedMessage(found, seat, resumeKey));
    if (found.repConnection) this.send(found.repConnection, customerJoinedMessage(found, seat));
    this.attach(found, conn, 'customer');
  }

  private handleRejoin(conn: Connection, msg: ClientMessageOf<'rejoin'>): void {
    const now = this.now();
    const retryAfterMs = this.limiter.retryAfterMs(conn.address, now);
    if (retryAfterMs > 0) {
      this.observer.joinFailed('RATE_LIMITED');
      this.send(conn, errorMessage('RATE_LIMITED', { retryAfterMs }));
      return;
    }
    const session = this.sessions.get(msg.sessionId);
    const seat = session?.customer;
    if (!session || !seat || !matchesDigest(msg.resumeKey, seat.resumeKeyDigest)) {
      this.limiter.recordFailure(conn.address, now);
      this.observer.joinFailed('SESSION_NOT_FOUND');
      this.send(conn, errorMessage('SESSION_NOT_FOUND', { sessionId: msg.sessionId }));
      return;
    }
    this.send(conn, joinedMessage(session, seat, msg.resumeKey));
    this.attach(session, conn, 'customer');
  }

  private handleLeave(conn: Connection, msg: ClientMessageOf<'leave-session'>): void {
    const session = this.sessions.get(msg.sessionId);
    if (!session || session.customerConnection !== conn) {
      this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
      return;
    }
    this.detach(session, conn, 'left');
  }

  private handleSignal(conn: Connection, msg: ClientMessageOf<'signal'>): void {
    const session = this.sessions.get(msg.sessionId);
    const own = session && conn.sessions.has(session.id) ? session : null;
    if (!own) {
      this.send(conn, errorMessage('NOT_IN_SESSION', { sessionId: msg.sessionId }));
      return;
    }
    const other = conn === own.repConnection ? own.customerConnection : own.repConnection;
    // No other side yet: the offer would be stale by the time it arrives. Drop it.
    if (other) {
      this.observer.relayed();
      this.send(other, msg);
    }
  }

  // ------------------------------------------------------------------ membership

  private attach(session: Session, conn: Connection, role: Role): void {
    const previous = role === 'rep' ? session.repConnection : session.customerConnection;
    if (previous && previous !== conn) previous.sessions.delete(session.id);
    if (role === 'customer') {
      // A customer socket belongs to one session at a time.
      for (const otherId of conn.sessions) {
        const other = this.sessions.get(otherId);
        if (other && otherId !== session.id) this.detach(other, conn, 'left');
      }
      session.customerConnection = conn;
    } else {
      session.repConnection = conn;
    }
    conn.sessions.add(session.id);
    session.emptySince = null;
    const rep = session.repConnection;
    const customer = session.customerConnection;
    if (rep && customer) {
      this.observer.paired();
      this.send(rep, { type: 'peer-present', sessionId: session.id, peerInstanceId: customer.instanceId!, polite: false });
      this.send(customer, { type: 'peer-present', sessionId: session.id, peerInstanceId: rep.instanceId!, polite: true });
    }
  }

  private detach(session: Session, conn: Connection, reason: 'left' | 'disconnected'): void {
    conn.sessions.delete(session.id);
    let other: Connection | null = null;
    if (session.repConnection === conn) {
      session.repConnection = null;
      other = session.customerConnection;
    } else if (session.customerConnection === conn) {
      session.customerConnection = null;
      other = session.repConnection;
    } else {
      return;
    }
    if (other) this.send(other, { type: 'peer-absent', sessionId: session.id, reason });
    if (!session.repConnection && !session.customerConnection) session.emptySince = this.now();
  }

  private removeSession(session: Session, reason: 'rep' | 'expired'): void {
    this.sessions.delete(session.id);
    if (this.sessionsByCode.get(session.code) === session.id) this.sessionsByCode.delete(session.code);
    this.sessionsByJoinToken.delete(session.joinToken);
    for (const conn of [session.repConnection, session.customerConnection]) {
      if (!conn) continue;
      conn.sessions.delete(session.id);
      this.send(conn, { type: 'session-ended', sessionId: session.id, reason });
    }
  }

  // ------------------------------------------------------------------ helpers

  private sessionCountOf(repId: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.repId === repId) count++;
    return count;
  }

  private findRep(token: string): RepAccount | undefined {
    const digest = sha256(token);
    // Compare against every account so the time taken does not tell which one matched.
    let found: RepAccount | undefined;
    for (const rep of this.options.reps) if (timingSafeEqual(rep.tokenDigest, digest)) found ??= rep;
    return found;
  }

  private findJoinable(msg: ClientMessageOf<'join'>): Session | ErrorCode {
    if ((msg.code === undefined) === (msg.joinToken === undefined)) return 'INVALID_MESSAGE';
    const now = this.now();
    if (msg.code !== undefined) {
      const retired = this.retiredCodes.get(msg.code);
      if (retired) return retired.reason;
      const session = this.sessions.get(this.sessionsByCode.get(msg.code) ?? ('' as SessionId));
      if (!session) return 'CODE_INVALID';
      if (session.codeExpiresAt <= now) {
        this.retireCode(msg.code, 'CODE_EXPIRED');
        return 'CODE_EXPIRED';
      }
      return session;
    }
    const session = this.sessions.get(this.sessionsByJoinToken.get(msg.joinToken!) ?? ('' as SessionId));
    if (!session || session.codeExpiresAt <= now) return 'LINK_INVALID';
    return session;
  }

  private unusedCode(): SessionCode {
    for (;;) {
      const code = newSessionCode();
      if (!this.sessionsByCode.has(code) && !this.retiredCodes.has(code)) return code;
    }
  }

  private retireCode(code: SessionCode, reason: RetiredReason): void {
    this.sessionsByCode.delete(code);
    this.retiredCodes.set(code, { reason, until: this.now() + this.options.codeTtlMs });
  }

  private send(conn: Connection, msg: ServerToClient): void {
    conn.socket.send(JSON.stringify(msg));
  }

  private closeConnection(conn: Connection, code: number, reason: string): void {
    this.handleClose(conn.socket);
    conn.socket.close(code, reason);
  }
}

function requestIdOf(msg: ClientToServer): { requestId?: number } {
  return 'requestId' in msg ? { requestId: msg.requestId } : {};
}

function customerJoinedMessage(session: Session, seat: CustomerSeat): ServerToClient {
  return {
    type: 'customer-joined',
    sessionId: session.id,
    customer: seat.profile,
    joinedBy: seat.joinedBy,
    joinedAt: seat.joinedAt,
    customerVerifier: seat.resumeKeyDigest.toString('base64url'),
  };
}

function joinedMessage(session: Session, seat: CustomerSeat, resumeKey: ClientMessageOf<'rejoin'>['resumeKey']): ServerToClient {
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
