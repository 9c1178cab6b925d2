/**
 * The rep page's controller: one signaling socket for all of the rep's sessions, creating
 * sessions, resuming the open ones after a reload, and keeping the local conversation list.
 */
import type { ProtocolError } from '../../protocol/errors.js';
import type { SessionId } from '../../protocol/ids.js';
import type { ServerMessageOf, ServerToClient, SessionRestore } from '../../protocol/signaling.js';
import { DEFAULT_FILE_RULES, type FileRules } from '../../protocol/fileRules.js';
import { onceEventOrTimeout } from '../core/onceEventOrTimeout.js';
import { Emitter } from '../core/Emitter.js';
import { startFileTransfers } from '../files/sessionFiles.js';
import { pageInstanceId, signalingUrl } from '../core/pageEnv.js';
import { SignalingClient, type SignalingState } from '../core/SignalingClient.js';
import { IceServerSource } from '../session/IceServerSource.js';
import { SupportSession } from '../session/SupportSession.js';
import { listRepConversations, saveRepConversation, updateConversation, updateConversationWhenIdle, type RepConversationRecord } from '../storage/db.js';
import { persistTranscript } from '../storage/persistTranscript.js';
import { Transcript } from '../transcript/Transcript.js';
import { whenIdle } from '../storage/whenIdle.js';

/** How a file shows as the last message in Recent chats. */
export const FILE_PREVIEW_PREFIX = 'File: ';

/** How long a customer's arrival waits for their link to open before the console shows it (see holdJoin). */
export const JOIN_VIEW_WAIT_MS = 250;

export interface RepSessionEntry {
  record: RepConversationRecord;
  readonly session: SupportSession;
  readonly detach: () => void;
}

export interface RepConsoleEvents extends Record<string, unknown> {
  signaling: SignalingState;
  repName: string;
  sessions: readonly RepSessionEntry[];
  /** A customer joined one of the sessions (the first time): the page decides whether to show it. */
  customerJoined: SessionId;
  /** A session's stored record changed (customer name, last message): Recent chats follow it. */
  activity: SessionId;
  fatal: ProtocolError;
  error: ProtocolError;
}

export class RepConsole extends Emitter<RepConsoleEvents> {
  readonly signaling: SignalingClient;
  private readonly entries = new Map<SessionId, RepSessionEntry>();
  private readonly ice: IceServerSource;
  private fileRules: FileRules = DEFAULT_FILE_RULES;
  private repName = '';
  private requestSeq = 0;
  private readonly pending = new Map<number, (message: ServerMessageOf<'session-created'> | ProtocolError) => void>();
  /** customer-joined messages waiting for their link to open (holdJoin). */
  private readonly heldJoins = new Map<SessionId, { message: ServerMessageOf<'customer-joined'>; cancel: () => void }>();

  constructor(token: string) {
    super();
    this.signaling = new SignalingClient({ url: signalingUrl(), role: 'rep', token, instanceId: pageInstanceId });
    this.signaling.on('state', (state) => {
      for (const entry of this.entries.values()) entry.session.handleSignalingState(state);
      this.emit('signaling', state);
    });
    this.signaling.on('fatal', (error) => this.emit('fatal', error));
    // Before the welcome handler below: resumed sessions start their links with these servers.
    this.ice = new IceServerSource(this.signaling);
    this.ice.on('change', (servers) => {
      for (const entry of this.entries.values()) entry.session.updateIceServers(servers);
    });
    this.signaling.on('welcome', (welcome) => {
      this.fileRules = welcome.files;
      this.repName = welcome.repName ?? '';
      this.emit('repName', this.repName);
      for (const entry of this.entries.values()) {
        if (entry.record.state === 'open') {
          this.signaling.send({ type: 'resume-session', sessionId: entry.record.sessionId, restore: restoreOf(entry.record) });
          this.prepareWhenIdle(entry);
        }
      }
    });
    this.signaling.on('message', (message) => this.handleMessage(message));
  }

  get sessions(): readonly RepSessionEntry[] {
    return [...this.entries.values()];
  }

  /** Loads the open conversations of earlier page loads, then connects. */
  async start(): Promise<void> {
    for (const record of await listRepConversations()) {
      if (record.state === 'open') this.addEntry(record);
    }
    this.emitSessions();
    this.signaling.connect();
  }

  /** `expectedCustomer` labels the tab until the customer joins (from a help-desk start link). */
  async createSession(reference?: string, expectedCustomer?: string): Promise<SessionId> {
    const requestId = ++this.requestSeq;
    const reply = await new Promise<ServerMessageOf<'session-created'> | ProtocolError>((resolve) => {
      this.pending.set(requestId, resolve);
      const sent = this.signaling.send({ type: 'create-session', requestId, ...(reference ? { reference } : {}) });
      if (!sent) {
        this.pending.delete(requestId);
        resolve({ code: 'INTERNAL', detail: 'not connected' });
      }
    });
    if ('code' in reply && !('type' in reply)) throw reply;
    const created = reply as ServerMessageOf<'session-created'>;
    const record: RepConversationRecord = {
      sessionId: created.sessionId,
      createdAt: created.createdAt,
      updatedAt: Date.now(),
      state: 'open',
      code: created.code,
      joinToken: created.joinToken,
      codeExpiresAt: created.codeExpiresAt,
      ...(created.reference !== undefined ? { reference: created.reference } : {}),
      ...(expectedCustomer ? { expectedCustomer } : {}),
    };
    const entry = this.addEntry(record);
    await saveRepConversation(record);
    entry.session.writeDetails({
      sessionId: created.sessionId,
      startedAt: created.createdAt,
      repName: this.repName,
      ...(created.reference !== undefined ? { reference: created.reference } : {}),
    });
    this.emitSessions();
    return created.sessionId;
  }

  /** The page is going away: close every peer connection cleanly so the customers see it at once. */
  dispose(): void {
    for (const held of this.heldJoins.values()) held.cancel();
    this.heldJoins.clear();
    for (const entry of this.entries.values()) entry.detach();
    this.ice.dispose();
    this.signaling.close();
  }

  /** Closes an ended session's tab: its transcript stays stored (Recent chats opens it). */
  closeSession(sessionId: SessionId): void {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.record.state !== 'ended') return;
    entry.detach();
    this.entries.delete(sessionId);
    this.emitSessions();
  }

  endSession(sessionId: SessionId): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    entry.session.noteEnded();
    this.signaling.send({ type: 'end-session', sessionId });
    entry.session.end('rep');
  }

  private addEntry(record: RepConversationRecord): RepSessionEntry {
    const transcript = new Transcript();
    const storage = persistTranscript(transcript, 'rep', record.sessionId);
    const session = new SupportSession({
      sessionId: record.sessionId,
      role: 'rep',
      selfName: () => this.repName,
      instanceId: pageInstanceId,
      signaling: this.signaling,
      transcript,
      iceServers: () => this.ice.servers,
      iceTransportPolicy: () => this.ice.transportPolicy,
      whenLoaded: storage,
    });
    const stopFiles = startFileTransfers(session, { rules: () => this.fileRules });
    const entry: RepSessionEntry = {
      record,
      session,
      detach: () => {
        void storage.then((detachStorage) => detachStorage());
        stopFiles();
        session.dispose();
      },
    };
    transcript.on('change', () => this.recordActivity(entry));
    this.prepareWhenIdle(entry);
    session.on('ended', () => {
      entry.record = { ...entry.record, state: 'ended' };
      void updateConversation('rep', record.sessionId, { state: 'ended' });
      this.emitSessions();
    });
    this.entries.set(record.sessionId, entry);
    return entry;
  }

  /** Keeps the stored record's name and last message current; writes only when they changed. */
  private recordActivity(entry: RepSessionEntry): void {
    const details = entry.session.transcript.details();
    const entries = entry.session.transcript.entries();
    let last: (typeof entries)[number] | undefined;
    // A file counts as a message in Recent chats: it is what the customer sent last.
    for (let i = entries.length - 1; i >= 0 && !last; i--) if (entries[i]!.kind !== 'status') last = entries[i];
    const preview = last?.kind === 'message' ? last.text.slice(0, 120) : last?.kind === 'file' ? `${FILE_PREVIEW_PREFIX}${last.name}`.slice(0, 120) : null;
    const fields = {
      ...(details?.customerName ? { customerName: details.customerName } : {}),
      ...(last && preview !== null ? { lastMessageAt: last.at, lastMessagePreview: preview } : {}),
    };
    const record = entry.record as unknown as Record<string, unknown>;
    if (Object.entries(fields).every(([key, value]) => record[key] === value)) return;
    entry.record = { ...entry.record, ...fields };
    updateConversationWhenIdle('rep', entry.record.sessionId, fields);
    this.emit('activity', entry.record.sessionId);
  }

  /**
   * A session still waiting for its customer makes its first link when the page is idle, off the
   * path from their Join; a session restored before the server's welcome does so after it (the
   * ICE servers come with it).
   */
  private prepareWhenIdle(entry: RepSessionEntry): void {
    if (!entry.record.customer) whenIdle(() => entry.session.prepareLink());
  }

  private handleMessage(message: ServerToClient): void {
    if (message.type === 'session-created') {
      this.pending.get(message.requestId)?.(message);
      this.pending.delete(message.requestId);
      return;
    }
    if (message.type === 'error') {
      if (message.requestId !== undefined && this.pending.has(message.requestId)) {
        this.pending.get(message.requestId)!({ code: message.code });
        this.pending.delete(message.requestId);
      } else if (message.code === 'SESSION_NOT_FOUND' && message.sessionId) {
        // The server no longer knows this session (it expired or the server forgot it).
        this.entries.get(message.sessionId)?.session.end('expired');
      } else {
        this.emit('error', { code: message.code });
      }
      return;
    }
    if (!('sessionId' in message)) return;
    const entry = this.entries.get(message.sessionId);
    if (!entry) return;
    // Everything but negotiation keeps its order behind a held customer-joined.
    if (message.type !== 'signal') this.releaseJoin(message.sessionId);
    if (message.type === 'customer-joined' && entry.session.linkOpening) return this.holdJoin(entry, message);
    this.handleSessionMessage(entry, message);
  }

  /**
   * A customer's arrival opens their tab, writes the details and alerts the rep: tens of
   * milliseconds of drawing on this page, right when the link is being opened (this page answers
   * the customer's offer, or sent its own). So it waits until the link is open, at most
   * JOIN_VIEW_WAIT_MS, or until another message for the session needs it handled first.
   */
  private holdJoin(entry: RepSessionEntry, message: ServerMessageOf<'customer-joined'>): void {
    const sessionId = message.sessionId;
    const cancel = onceEventOrTimeout((fire) => entry.session.on('link', (link) => link && fire()), JOIN_VIEW_WAIT_MS, () =>
      this.releaseJoin(sessionId),
    );
    this.heldJoins.set(sessionId, { message, cancel });
  }

  private releaseJoin(sessionId: SessionId): void {
    const held = this.heldJoins.get(sessionId);
    if (!held) return;
    this.heldJoins.delete(sessionId);
    held.cancel();
    const entry = this.entries.get(sessionId);
    if (entry) this.handleSessionMessage(entry, held.message);
  }

  private handleSessionMessage(entry: RepSessionEntry, message: ServerToClient & { sessionId: SessionId }): void {
    if (message.type === 'customer-joined') {
      // Before setDetails: writing the details records the name too (recordActivity).
      const first = !entry.record.customerName;
      entry.session.writeDetails({
        sessionId: message.sessionId,
        startedAt: entry.record.createdAt,
        joinedBy: message.joinedBy,
        customerName: message.customer.name,
        query: message.customer.query,
        os: message.customer.os,
        browser: message.customer.browser,
        repName: this.repName,
      });
      const customer = {
        profile: message.customer,
        joinedBy: message.joinedBy,
        joinedAt: message.joinedAt,
        verifier: message.customerVerifier,
      };
      entry.record = { ...entry.record, customerName: message.customer.name, customer, code: undefined, joinToken: undefined };
      void updateConversation('rep', message.sessionId, { customerName: message.customer.name, customer } as Partial<RepConversationRecord>);
      if (first) this.emit('customerJoined', message.sessionId);
    }
    if (message.type === 'session-resumed') {
      entry.record = {
        ...entry.record,
        code: message.code,
        joinToken: message.joinToken,
        codeExpiresAt: message.codeExpiresAt,
      };
    }
    entry.session.handleServerMessage(message);
    // Negotiation (offers, answers, candidates: a dozen per link) changes no session or record,
    // and re-rendering the console and re-reading its chats for each one held up the very
    // answer the link was waiting for.
    if (message.type !== 'signal') this.emitSessions();
  }

  private emitSessions(): void {
    this.emit('sessions', this.sessions);
  }
}

/** What a restarted server needs to take the session back (see SessionRestoreSchema). */
function restoreOf(record: RepConversationRecord): SessionRestore {
  return {
    createdAt: record.createdAt,
    ...(record.reference !== undefined ? { reference: record.reference } : {}),
    ...(record.customer
      ? { customer: record.customer }
      : record.code && record.joinToken && record.codeExpiresAt
        ? { code: record.code, joinToken: record.joinToken, codeExpiresAt: record.codeExpiresAt }
        : {}),
  };
}
