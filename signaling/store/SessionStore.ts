/**
 * Where session state lives, apart from the sockets: the in-memory maps of one process
 * (`MemoryStore`, the default) or Redis shared by several nodes (`RedisStore`). Every method
 * that changes more than one thing is atomic, so two nodes never both claim one code.
 */
import type { InstanceId, JoinToken, SessionCode, SessionId } from '../../protocol/ids.js';
import type { CustomerProfile, JoinMethod, ServerToClient } from '../../protocol/signaling.js';

export interface SeatRecord {
  readonly profile: CustomerProfile;
  readonly joinedBy: JoinMethod;
  readonly joinedAt: number;
  /** SHA-256 of the customer's resume key, base64url; the key itself is never stored. */
  readonly resumeKeyDigest: string;
}

export interface SessionRecord {
  readonly id: SessionId;
  /** The owning rep's account id. */
  readonly repId: string;
  readonly repName: string;
  readonly reference: string | undefined;
  readonly createdAt: number;
  readonly code: SessionCode;
  readonly codeExpiresAt: number;
  readonly joinToken: JoinToken;
  readonly customer: SeatRecord | null;
}

/** Which node and connection holds one side of a session. */
export interface Member {
  readonly node: string;
  readonly conn: string;
  readonly instanceId: InstanceId;
}

export interface Members {
  readonly rep: Member | null;
  readonly customer: Member | null;
}

export type MemberRole = keyof Members;

export type JoinRefusal = 'CODE_INVALID' | 'CODE_EXPIRED' | 'CODE_USED' | 'LINK_INVALID' | 'SESSION_FULL';
export type JoinOutcome = { readonly ok: true; readonly session: SessionRecord } | { readonly ok: false; readonly code: JoinRefusal };
export type JoinBy = { readonly code: SessionCode } | { readonly joinToken: JoinToken };

export interface FoundSession {
  readonly session: SessionRecord;
  readonly codeLive: boolean;
}

export interface StoreStats {
  readonly sessions: number;
  readonly liveCodes: number;
  readonly rateLimitedAddresses: number;
}

export interface SessionStore {
  /**
   * Stores a new session with its code and join token, `rep` in the rep's seat; `limit` when
   * the rep has `maxPerRep` sessions, `taken` when the code is in use or retired.
   */
  createSession(session: SessionRecord, rep: Member, maxPerRep: number, now: number): Promise<'created' | 'limit' | 'taken'>;
  /**
   * Takes back a session from a rep's restore data. Its code and join token are registered
   * only when `session.codeExpiresAt > now`, no customer sat down and neither is in use or
   * retired; else `fallback` (never registered, expiry 0) replaces them. Returns what is
   * stored (an existing record when another node restored it first), or `limit`.
   */
  restoreSession(
    session: SessionRecord,
    fallback: { readonly code: SessionCode; readonly joinToken: JoinToken },
    maxPerRep: number,
    now: number,
  ): Promise<FoundSession | 'limit'>;
  /** The session, and whether its code still leads to it. */
  getSession(id: SessionId): Promise<FoundSession | null>;
  /** Seats a customer by code or join token, retiring both: single use, atomically. */
  claimSeat(by: JoinBy, seat: SeatRecord, now: number): Promise<JoinOutcome>;
  /** Forgets a session, its code and join token; returns who was attached, or null when unknown. */
  endSession(id: SessionId, now: number): Promise<Members | null>;
  /** Puts `member` in a seat; returns who held it before and both seats after. Null when the session is gone. */
  attach(id: SessionId, role: MemberRole, member: Member): Promise<{ readonly previous: Member | null; readonly members: Members } | null>;
  /** Empties a seat if `conn` still holds it; returns the seats after, or null when it did not. */
  detach(id: SessionId, role: MemberRole, conn: string, now: number): Promise<Members | null>;
  members(id: SessionId): Promise<Members>;
  /** The same at once, for a store that needs no round trip (in memory): the relay path then never waits. */
  membersNow?(id: SessionId): Members;
  /** Milliseconds until this address may try to join again (0: now). */
  joinRetryAfterMs(address: string, now: number): Promise<number>;
  recordFailedJoin(address: string, now: number): Promise<void>;
  /** Keeps alive the sessions and seats held by this node (stores with expiry). */
  refresh(held: ReadonlyMap<SessionId, MemberRole>, now: number): Promise<void>;
  /** Forgets what expired (stores without expiry of their own). */
  sweep(now: number): void;
  stats(): StoreStats;
  /** False while a shared store cannot be reached. */
  healthy(): boolean;
  close(): Promise<void>;
}

/** What one node asks another to do for one of its connections. */
export interface RelayEnvelope {
  readonly conn: string;
  /** A message to pass to the socket. */
  readonly msg?: ServerToClient;
  /** The connection no longer holds this session (replaced, or the session ended). */
  readonly drop?: SessionId;
}

/** Delivery to connections held by other nodes. */
export interface Relay {
  readonly nodeId: string;
  publish(node: string, envelope: RelayEnvelope): void;
  /** Called with every envelope addressed to this node. */
  onEnvelope(handler: (envelope: RelayEnvelope) => void): void;
  close(): Promise<void>;
}

/** One process: every member is local, nothing to publish. */
export class LocalRelay implements Relay {
  readonly nodeId = 'local';
  publish(): void {}
  onEnvelope(): void {}
  async close(): Promise<void> {}
}
