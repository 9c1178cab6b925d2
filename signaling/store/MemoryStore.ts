/**
 * The default store: plain maps in this process, nothing else to run. Operations finish
 * synchronously (the promises are already settled), so one node behaves as before.
 */
import type { JoinToken, SessionCode, SessionId } from '../../protocol/ids.js';
import { FailedJoinLimiter, type FailedJoinLimits } from '../FailedJoinLimiter.js';
import type { FoundSession, JoinBy, JoinOutcome, Member, MemberRole, Members, SeatRecord, SessionRecord, SessionStore, StoreStats } from './SessionStore.js';

type RetiredReason = 'CODE_EXPIRED' | 'CODE_USED';

interface Entry {
  session: SessionRecord;
  rep: Member | null;
  customer: Member | null;
  /** When the last participant left, for forgetting abandoned sessions. */
  emptySince: number | null;
}

export interface MemoryStoreOptions extends FailedJoinLimits {
  readonly codeTtlMs: number;
  readonly sessionOrphanTtlMs: number;
}

const NOBODY: Members = { rep: null, customer: null };

export class MemoryStore implements SessionStore {
  private readonly sessions = new Map<SessionId, Entry>();
  private readonly sessionsByCode = new Map<SessionCode, SessionId>();
  private readonly sessionsByJoinToken = new Map<JoinToken, SessionId>();
  /** Codes that stopped working, kept for a while so a customer hears why. */
  private readonly retiredCodes = new Map<SessionCode, { reason: RetiredReason; until: number }>();
  private readonly limiter: FailedJoinLimiter;
  /** Open sessions per rep id, for the per-rep cap without a scan. */
  private readonly sessionsPerRep = new Map<string, number>();

  constructor(private readonly options: MemoryStoreOptions) {
    this.limiter = new FailedJoinLimiter({ maxFailures: options.maxFailures, windowMs: options.windowMs });
  }

  async createSession(session: SessionRecord, rep: Member, maxPerRep: number): Promise<'created' | 'limit' | 'taken'> {
    if (this.sessionCountOf(session.repId) >= maxPerRep) return 'limit';
    if (this.sessionsByCode.has(session.code) || this.retiredCodes.has(session.code)) return 'taken';
    this.sessions.set(session.id, { session, rep, customer: null, emptySince: null });
    this.countRepSession(session.repId, 1);
    this.sessionsByCode.set(session.code, session.id);
    this.sessionsByJoinToken.set(session.joinToken, session.id);
    return 'created';
  }

  async restoreSession(
    session: SessionRecord,
    fallback: { code: SessionCode; joinToken: JoinToken },
    maxPerRep: number,
    now: number,
  ): Promise<FoundSession | 'limit'> {
    const existing = await this.getSession(session.id);
    if (existing) return existing;
    if (this.sessionCountOf(session.repId) >= maxPerRep) return 'limit';
    const codeUsable =
      session.customer === null &&
      session.codeExpiresAt > now &&
      !this.sessionsByCode.has(session.code) &&
      !this.retiredCodes.has(session.code) &&
      !this.sessionsByJoinToken.has(session.joinToken);
    const stored: SessionRecord = codeUsable ? session : { ...session, ...fallback, codeExpiresAt: 0 };
    this.sessions.set(session.id, { session: stored, rep: null, customer: null, emptySince: now });
    this.countRepSession(session.repId, 1);
    if (codeUsable) {
      this.sessionsByCode.set(stored.code, stored.id);
      this.sessionsByJoinToken.set(stored.joinToken, stored.id);
    }
    return { session: stored, codeLive: codeUsable };
  }

  async getSession(id: SessionId): Promise<FoundSession | null> {
    const entry = this.sessions.get(id);
    return entry ? { session: entry.session, codeLive: this.sessionsByCode.get(entry.session.code) === id } : null;
  }

  async claimSeat(by: JoinBy, seat: SeatRecord, now: number): Promise<JoinOutcome> {
    let entry: Entry | undefined;
    if ('code' in by) {
      const retired = this.retiredCodes.get(by.code);
      if (retired) return { ok: false, code: retired.reason };
      entry = this.sessions.get(this.sessionsByCode.get(by.code) ?? ('' as SessionId));
      if (!entry) return { ok: false, code: 'CODE_INVALID' };
      if (entry.session.codeExpiresAt <= now) {
        this.retireCode(by.code, 'CODE_EXPIRED', now);
        return { ok: false, code: 'CODE_EXPIRED' };
      }
    } else {
      entry = this.sessions.get(this.sessionsByJoinToken.get(by.joinToken) ?? ('' as SessionId));
      if (!entry || entry.session.codeExpiresAt <= now) return { ok: false, code: 'LINK_INVALID' };
    }
    if (entry.session.customer) return { ok: false, code: 'SESSION_FULL' };
    this.retireCode(entry.session.code, 'CODE_USED', now);
    this.sessionsByJoinToken.delete(entry.session.joinToken);
    entry.session = { ...entry.session, customer: seat };
    return { ok: true, session: entry.session };
  }

  async endSession(id: SessionId): Promise<Members | null> {
    const entry = this.sessions.get(id);
    if (!entry) return null;
    this.sessions.delete(id);
    this.countRepSession(entry.session.repId, -1);
    if (this.sessionsByCode.get(entry.session.code) === id) this.sessionsByCode.delete(entry.session.code);
    this.sessionsByJoinToken.delete(entry.session.joinToken);
    return { rep: entry.rep, customer: entry.customer };
  }

  async attach(id: SessionId, role: MemberRole, member: Member): Promise<{ previous: Member | null; members: Members } | null> {
    const entry = this.sessions.get(id);
    if (!entry) return null;
    const previous = entry[role];
    entry[role] = member;
    entry.emptySince = null;
    return { previous, members: { rep: entry.rep, customer: entry.customer } };
  }

  async detach(id: SessionId, role: MemberRole, conn: string, now: number): Promise<Members | null> {
    const entry = this.sessions.get(id);
    if (!entry || entry[role]?.conn !== conn) return null;
    entry[role] = null;
    if (!entry.rep && !entry.customer) entry.emptySince = now;
    return { rep: entry.rep, customer: entry.customer };
  }

  async members(id: SessionId): Promise<Members> {
    const entry = this.sessions.get(id);
    return entry ? { rep: entry.rep, customer: entry.customer } : NOBODY;
  }

  membersNow(id: SessionId): Members {
    // The entry itself: a read-only view, no copy on the relay path.
    return this.sessions.get(id) ?? NOBODY;
  }

  async joinRetryAfterMs(address: string, now: number): Promise<number> {
    return this.limiter.retryAfterMs(address, now);
  }

  async recordFailedJoin(address: string, now: number): Promise<void> {
    this.limiter.recordFailure(address, now);
  }

  async refresh(): Promise<void> {}

  sweep(now: number): void {
    for (const [code, sessionId] of this.sessionsByCode) {
      const entry = this.sessions.get(sessionId);
      if (!entry || entry.session.codeExpiresAt <= now) this.retireCode(code, 'CODE_EXPIRED', now);
    }
    for (const [token, sessionId] of this.sessionsByJoinToken) {
      const entry = this.sessions.get(sessionId);
      if (!entry || entry.session.codeExpiresAt <= now) this.sessionsByJoinToken.delete(token);
    }
    for (const [code, retired] of this.retiredCodes) if (retired.until <= now) this.retiredCodes.delete(code);
    for (const [id, entry] of this.sessions) {
      // Nobody is attached, so nobody is told: the session is simply forgotten.
      if (entry.emptySince !== null && now - entry.emptySince >= this.options.sessionOrphanTtlMs) void this.endSession(id);
    }
    this.limiter.prune(now);
  }

  stats(): StoreStats {
    return { sessions: this.sessions.size, liveCodes: this.sessionsByCode.size, rateLimitedAddresses: this.limiter.trackedAddresses };
  }

  healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {}

  private sessionCountOf(repId: string): number {
    return this.sessionsPerRep.get(repId) ?? 0;
  }

  private countRepSession(repId: string, change: 1 | -1): void {
    const count = this.sessionCountOf(repId) + change;
    if (count > 0) this.sessionsPerRep.set(repId, count);
    else this.sessionsPerRep.delete(repId);
  }

  private retireCode(code: SessionCode, reason: RetiredReason, now: number): void {
    this.sessionsByCode.delete(code);
    this.retiredCodes.set(code, { reason, until: now + this.options.codeTtlMs });
  }
}
