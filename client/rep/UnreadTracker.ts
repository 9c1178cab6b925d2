/**
 * Unread customer messages per session. A message is read once its session's tab is in front
 * while the console is visible and focused; the count of read messages is kept locally so it
 * survives reloads. Input through handle*(), output as a 'change' event with every count.
 */
import type { SessionId } from '../../protocol/ids.js';
import { Emitter } from '../core/Emitter.js';
import type { SupportSession } from '../session/SupportSession.js';
import { customerMessageCount, isInFront, type Attention } from './unreadCounts.js';

export interface UnreadTrackerEvents extends Record<string, unknown> {
  change: ReadonlyMap<SessionId, number>;
}

export interface PageAttention {
  readonly activeId: SessionId | null;
  /** The console is visible and its window focused. */
  readonly pageInFront: boolean;
}

export class UnreadTracker extends Emitter<UnreadTrackerEvents> {
  private readonly readCounts = new Map<SessionId, number>();
  private readonly unread = new Map<SessionId, number>();
  private readonly watched = new Map<SessionId, { session: SupportSession; off: () => void }>();
  private attention: PageAttention = { activeId: null, pageInFront: true };
  /** The counts last emitted. */
  private emitted: ReadonlyMap<SessionId, number> | null = null;

  /** `persist` stores a session's read count (consoleStore in the page, a spy in tests). */
  constructor(private readonly persist: (sessionId: SessionId, readCount: number) => void) {
    super();
  }

  get counts(): ReadonlyMap<SessionId, number> {
    return this.unread;
  }

  /** Read counts stored by earlier page loads; call before the sessions arrive. */
  handleStoredReadCounts(counts: Iterable<[SessionId, number]>): void {
    for (const [sessionId, count] of counts) this.readCounts.set(sessionId, count);
    for (const sessionId of this.watched.keys()) this.update(sessionId);
    this.emitChange();
  }

  /** The console's sessions now: new ones are watched, gone ones forgotten. */
  handleSessions(sessions: readonly SupportSession[]): void {
    const current = new Set(sessions.map((session) => session.sessionId));
    for (const [sessionId, watched] of this.watched) {
      if (current.has(sessionId)) continue;
      watched.off();
      this.watched.delete(sessionId);
      this.unread.delete(sessionId);
    }
    for (const session of sessions) {
      if (this.watched.has(session.sessionId)) continue;
      const off = session.transcript.on('change', () => {
        this.update(session.sessionId);
        this.emitChange();
      });
      this.watched.set(session.sessionId, { session, off });
      this.update(session.sessionId);
    }
    this.emitChange();
  }

  handleAttention(attention: PageAttention): void {
    this.attention = attention;
    if (attention.activeId && this.watched.has(attention.activeId)) {
      this.update(attention.activeId);
      this.emitChange();
    }
  }

  dispose(): void {
    for (const watched of this.watched.values()) watched.off();
    this.watched.clear();
    this.clear();
  }

  private inFront(sessionId: SessionId): boolean {
    const attention: Attention = {
      active: this.attention.activeId === sessionId,
      pageVisible: this.attention.pageInFront,
      pageFocused: this.attention.pageInFront,
    };
    return isInFront(attention);
  }

  private update(sessionId: SessionId): void {
    const watched = this.watched.get(sessionId);
    if (!watched) return;
    const total = customerMessageCount(watched.session.transcript.entries());
    const read = this.readCounts.get(sessionId) ?? 0;
    if (total > read && this.inFront(sessionId)) {
      this.readCounts.set(sessionId, total);
      this.persist(sessionId, total);
    }
    this.unread.set(sessionId, Math.max(0, total - (this.readCounts.get(sessionId) ?? 0)));
  }

  /** Only when a count changed: the tabs and the title follow every emit. */
  private emitChange(): void {
    const last = this.emitted;
    if (last && last.size === this.unread.size && [...this.unread].every(([id, count]) => last.get(id) === count)) return;
    this.emitted = new Map(this.unread);
    this.emit('change', this.emitted);
  }
}
