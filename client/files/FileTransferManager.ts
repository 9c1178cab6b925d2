/**
 * File attachments of one SupportSession, both directions: it follows the session's link
 * (chunk frames on the `files` channel) and its peer messages (file-* on `control`), owns the
 * transfers, restores them from storage after a reload, and tells the UI what changed.
 */
import { ERROR_CODES, type ErrorCode } from '../../protocol/errors.js';
import { checkFileRules, type FileRules } from '../../protocol/fileRules.js';
import { parseFileChunk, type FileErrorCode } from '../../protocol/fileTransfer.js';
import type { PeerMessage, PeerMessageOf } from '../../protocol/peerMessage.js';
import { Disposer, Emitter } from '../core/Emitter.js';
import { randomId } from '../core/randomId.js';
import type { PeerLink } from '../rtc/PeerLink.js';
import type { SupportSession } from '../session/SupportSession.js';
import { registerForTestHooks, takeForcedOffer } from '../session/testHooks.js';
import { listSessionTransfers, putTransfer, storedFile, updateTransfer, type FileTransferRecord } from '../storage/fileStore.js';
import { CHAT_ACTIVE_WINDOW_MS, CHAT_HOLD_MS, CHATTING_PUMP_LIMITS, DEFAULT_PUMP_LIMITS, type PumpLimits } from './chunker.js';
import { formatFileSize } from './formatFileSize.js';
import type { IncomingTransfer } from './IncomingTransfer.js';
import type { OutgoingTransfer } from './OutgoingTransfer.js';
import { safeFileName } from './safeFileName.js';
import { incomingRecord, outgoingRecord } from './transferRecords.js';
import type { FileNoteEvent, TransferHost, TransferView } from './TransferHost.js';

type TransferEngine = typeof import('./transferEngine.js');
let engine: Promise<TransferEngine> | null = null;
/** The byte-moving code, fetched the first time a file is sent, received or restored. */
const loadEngine = () => (engine ??= import('./transferEngine.js'));

/** Progress reaches the UI at most this often per transfer. */
export const VIEW_UPDATE_INTERVAL_MS = 150;
/**
 * Files one session may receive (finished ones included); a peer offering more is refused
 * without a byte stored, so a hostile peer cannot fill this browser's storage or log.
 */
export const MAX_INCOMING_TRANSFERS = 500;
/** `file-*` messages held while the stored transfers load. */
export const MAX_QUEUED_FILE_MESSAGES = 1_000;

type FileMessage = PeerMessageOf<'file-offer' | 'file-accept' | 'file-ack' | 'file-complete' | 'file-cancel' | 'file-error'>;

/** A file this side refused to send, before a byte went out. */
export interface FileRefusal {
  readonly id: string;
  readonly name: string;
  readonly code: 'FILE_TYPE_NOT_ALLOWED' | 'FILE_TOO_LARGE';
}

export interface FileTransferEvents extends Record<string, unknown> {
  /** A transfer's view changed (its id), or the refusals list did (null). */
  change: string | null;
}

export interface FileTransferOptions {
  /** The attachment rules from the server's `welcome`. */
  readonly rules: () => FileRules;
  /**
   * Stored transfers are looked up once this settles: the customer's page passes the start of
   * the conversation's storage, which on a first join waits for the link to open (whenLinkOpen),
   * so the lookup is not main-thread and browser work while the link opens. Nothing is stored
   * yet for a session this browser just joined.
   */
  readonly restoreAfter?: Promise<unknown>;
}

function isFileMessage(message: PeerMessage): message is FileMessage {
  return message.type.startsWith('file-');
}

export class FileTransferManager extends Emitter<FileTransferEvents> implements TransferHost {
  private readonly outgoing = new Map<string, OutgoingTransfer>();
  private readonly incoming = new Map<string, IncomingTransfer>();
  private readonly incomingByTag = new Map<number, IncomingTransfer>();
  private readonly disposer = new Disposer();
  private readonly pendingViews = new Map<string, ReturnType<typeof setTimeout>>();
  private link: PeerLink | null = null;
  private unlisten: (() => void) | null = null;
  /** Peer messages that arrived before the stored transfers were loaded. */
  private queued: FileMessage[] | null = [];
  private offering: Promise<void> = Promise.resolve();
  /** Offers being set up (the engine may still be loading): a repeat of one is ignored. */
  private readonly arriving = new Set<string>();
  refusals: readonly FileRefusal[] = [];
  /** When a chat message last appeared in the log, or either side last typed. */
  private lastChatAt = Number.NEGATIVE_INFINITY;
  /** Until when (Date.now) senders hold their files for the chat (CHAT_HOLD_MS). */
  private holdUntil = Number.NEGATIVE_INFINITY;
  private entriesSeen: number;

  constructor(
    readonly session: SupportSession,
    private readonly options: FileTransferOptions,
  ) {
    super();
    this.disposer.add(session.on('link', (link) => this.handleLink(link)));
    this.disposer.add(session.on('peerMessage', (message) => isFileMessage(message) && this.handleMessage(message)));
    // Nothing can resume once the session is over: what was in progress ends as failed, on
    // each side by itself (the link is gone, so neither side writes a note the other would miss).
    this.disposer.add(session.on('ended', () => this.endUnfinished()));
    this.disposer.add(registerForTestHooks(session));
    this.entriesSeen = session.transcript.entries().length;
    this.disposer.add(session.transcript.on('change', () => this.noticeChat()));
    this.disposer.add(session.on('remoteTyping', (typing) => typing && this.chatActivity(false)));
    this.disposer.add(session.on('localTyping', () => this.chatActivity(false)));
    this.handleLink(session.openLink);
    void this.restore();
  }

  get role() {
    return this.session.role;
  }

  pumpLimits(): PumpLimits {
    return Date.now() - this.lastChatAt < CHAT_ACTIVE_WINDOW_MS ? CHATTING_PUMP_LIMITS : DEFAULT_PUMP_LIMITS;
  }

  pumpHoldMs(): number {
    return Math.max(0, this.holdUntil - Date.now());
  }

  /** People chat: smaller file queues for a while, and for a message, a hold. */
  private chatActivity(hold: boolean): void {
    const now = Date.now();
    this.lastChatAt = now;
    if (hold) this.holdUntil = now + CHAT_HOLD_MS;
  }

  /** A chat message among the entries added since last time makes the session "chatting". */
  private noticeChat(): void {
    const entries = this.session.transcript.entries();
    for (let i = Math.min(this.entriesSeen, entries.length); i < entries.length; i++) {
      if (entries[i]!.kind === 'message') this.chatActivity(true);
    }
    this.entriesSeen = entries.length;
  }

  get rules(): FileRules {
    return this.options.rules();
  }

  /** Sends files (button, drop, paste); each one breaking the rules is refused before a byte goes. */
  attach(files: readonly File[]): void {
    for (const file of files) {
      const forced = takeForcedOffer();
      const name = safeFileName(file.name);
      const check = forced ? null : checkFileRules(name, file.size, this.rules);
      if (check && !check.ok) {
        this.refusals = [...this.refusals, { id: randomId(6), name, code: check.error }];
        this.emit('change', null);
        continue;
      }
      // One after the other, so the log lists them in the order chosen.
      this.offering = this.offering.then(() => this.offer(file, name)).catch((error) => console.warn('file transfer: offer failed', error));
    }
  }

  dismissRefusal(id: string): void {
    this.refusals = this.refusals.filter((r) => r.id !== id);
    this.emit('change', null);
  }

  view(transferId: string): TransferView | null {
    return (this.outgoing.get(transferId) ?? this.incoming.get(transferId))?.view() ?? null;
  }

  cancel(transferId: string): void {
    (this.outgoing.get(transferId) ?? this.incoming.get(transferId))?.cancel();
  }

  /** A received file, complete and verified, as one Blob of its stored chunks. */
  async receivedFile(transferId: string): Promise<Blob | null> {
    const transfer = this.incoming.get(transferId);
    return transfer?.record.state === 'complete' ? storedFile(transferId) : null;
  }

  /** The bytes to preview as an image, only when they were sniffed as a raster image. */
  async previewBlob(transferId: string): Promise<Blob | null> {
    const view = this.view(transferId);
    if (!view?.previewType) return null;
    const source = this.outgoing.get(transferId)?.source;
    if (source) return source.slice(0, source.size, view.previewType);
    return view.state === 'complete' ? storedFile(transferId, view.previewType) : null;
  }

  private endUnfinished(): void {
    for (const transfer of [...this.outgoing.values(), ...this.incoming.values()]) {
      if (!transfer.isFinal) transfer.handleError('FILE_SESSION_ENDED');
    }
  }

  dispose(): void {
    this.disposer.dispose();
    this.handleLink(null);
    for (const timer of this.pendingViews.values()) clearTimeout(timer);
    this.clear();
  }

  // ------------------------------------------------------------------ TransferHost

  send(message: PeerMessage): boolean {
    return this.session.sendPeerMessage(message);
  }

  changed(transferId: string): void {
    if (this.pendingViews.has(transferId)) return;
    this.pendingViews.set(
      transferId,
      setTimeout(() => {
        this.pendingViews.delete(transferId);
        this.emit('change', transferId);
      }, VIEW_UPDATE_INTERVAL_MS),
    );
  }

  note(event: FileNoteEvent, file: { name: string; size: number }, extra: { by?: 'rep' | 'customer'; code?: ErrorCode } = {}): void {
    const detail =
      event === 'file-failed' && extra.code
        ? `${file.name}: ${ERROR_CODES[extra.code]}`
        : `${file.name} (${formatFileSize(file.size)})`;
    this.session.transcript.appendStatus(event, { detail, ...(extra.by ? { by: extra.by } : {}) });
  }

  fileVerified(transferId: string, sha256: string): void {
    this.session.transcript.setFileSha256(transferId, sha256);
  }

  persist(transferId: string, fields: Partial<FileTransferRecord>): void {
    updateTransfer(transferId, fields).catch((error) => console.warn('file transfer: could not save its state', error));
  }

  // ------------------------------------------------------------------ sending

  private async offer(file: File, name: string): Promise<void> {
    const { OutgoingTransfer, previewTypeOf, SNIFF_BYTES } = await loadEngine();
    const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    const record = outgoingRecord(this.session.sessionId, file, name);
    const transfer = new OutgoingTransfer(record, file, this, previewTypeOf(head));
    this.outgoing.set(record.transferId, transfer);
    await putTransfer(record).catch((error) => console.warn('file transfer: could not save it', error));
    const { transferId, size, mimeType } = record;
    this.session.transcript.appendFile({ transferId, role: this.role, author: this.session.selfName, name, size, mimeType });
    this.note('file-offered', record, { by: this.role });
    this.send(transfer.offer());
    this.changed(transferId);
  }

  // ------------------------------------------------------------------ link and messages

  private handleLink(link: PeerLink | null): void {
    this.unlisten?.();
    this.unlisten = null;
    this.link = link;
    if (!link) {
      for (const transfer of [...this.outgoing.values(), ...this.incoming.values()]) transfer.handleLinkDown();
      return;
    }
    const channel = link.channel('files');
    const onMessage = (event: MessageEvent) => {
      try {
        this.handleChunkFrame(event.data);
      } catch (error) {
        this.session.emit('peerError', { code: 'FILE_PROTOCOL', detail: `file chunk not handled (${error instanceof Error ? error.name : 'error'})` });
      }
    };
    channel.addEventListener('message', onMessage);
    this.unlisten = () => channel.removeEventListener('message', onMessage);
    if (!this.queued) this.resumeOn(link);
  }

  /** A new link: offers nobody answered go again; unfinished downloads ask for their bytes. */
  private resumeOn(link: PeerLink): void {
    for (const transfer of this.outgoing.values()) if (transfer.record.state === 'offered') this.send(transfer.offer());
    for (const transfer of this.incoming.values()) if (transfer.record.state === 'receiving') void transfer.requestBytes(link);
  }

  private handleChunkFrame(data: unknown): void {
    const chunk = parseFileChunk(data);
    const transfer = chunk.ok ? this.incomingByTag.get(chunk.value.tag) : undefined;
    if (!chunk.ok || !transfer) {
      // Not ours to store: nothing is written, and the session reports the peer's mistake.
      this.session.emit('peerError', { code: 'PEER_PROTOCOL', detail: 'file chunk for no transfer' });
      return;
    }
    transfer.handleChunk(chunk.value.offset, chunk.value.bytes);
  }

  private handleMessage(message: FileMessage): void {
    if (this.queued) {
      if (this.queued.length < MAX_QUEUED_FILE_MESSAGES) this.queued.push(message);
      else this.session.emit('peerError', { code: 'FILE_PROTOCOL', detail: 'too many file messages at once' });
      return;
    }
    const out = this.outgoing.get(message.transferId);
    const into = this.incoming.get(message.transferId);
    const peer = this.role === 'rep' ? 'customer' : 'rep';
    switch (message.type) {
      case 'file-offer':
        if (out) return this.refuse(message.transferId, 'FILE_PROTOCOL');
        if (into) return into.isFinal ? into.replyFinal() : void (this.link && into.requestBytes(this.link));
        if (this.arriving.has(message.transferId)) return;
        if (this.incoming.size + this.arriving.size >= MAX_INCOMING_TRANSFERS) {
          this.session.emit('peerError', { code: 'FILE_PROTOCOL', detail: 'too many file offers' });
          return this.refuse(message.transferId, 'FILE_PROTOCOL');
        }
        this.arriving.add(message.transferId);
        return void this.receive(message)
          .catch((error) => console.warn('file transfer: could not take the offer', error))
          .finally(() => this.arriving.delete(message.transferId));
      case 'file-accept':
        if (!out) return this.refuse(message.transferId, 'FILE_SOURCE_GONE');
        if (!this.link) return;
        return out.handleAccept(message.offset, this.link.channel('files'));
      case 'file-ack':
        return out ? out.handleAck(message.offset) : undefined;
      case 'file-complete':
        if (out) return out.handleComplete(message.sha256);
        return into?.handleSenderComplete(message.sha256);
      case 'file-cancel':
        return (out ?? into)?.handleCancel(peer);
      case 'file-error':
        return (out ?? into)?.handleError(message.code);
    }
  }

  private refuse(transferId: string, code: FileErrorCode): void {
    this.send({ type: 'file-error', transferId, code });
  }

  /** An offer from the peer: checked against this side's rules too, then accepted. */
  private async receive(offer: PeerMessageOf<'file-offer'>): Promise<void> {
    const { IncomingTransfer } = await loadEngine();
    const rules = checkFileRules(offer.name, offer.size, this.rules);
    const tagTaken = this.incomingByTag.get(offer.tag);
    const refusal: FileErrorCode | null = !rules.ok ? rules.error : tagTaken && !tagTaken.isFinal ? 'FILE_PROTOCOL' : null;
    const record = incomingRecord(this.session.sessionId, offer);
    const transfer = new IncomingTransfer(record, this);
    this.incoming.set(record.transferId, transfer);
    if (refusal) {
      await putTransfer(record).catch(() => undefined);
      transfer.fail(refusal, true);
      return;
    }
    this.incomingByTag.set(offer.tag, transfer);
    try {
      await putTransfer(record);
    } catch (error) {
      console.warn('file transfer: could not save it', error);
      transfer.fail('FILE_STORAGE_FAILED', true);
      return;
    }
    this.changed(record.transferId);
    if (this.link) await transfer.requestBytes(this.link);
  }

  /** Transfers of this session from earlier page loads: finished ones for their entries, unfinished downloads resume. */
  private async restore(): Promise<void> {
    let records: FileTransferRecord[] = [];
    try {
      await this.options.restoreAfter;
      records = await listSessionTransfers(this.session.sessionId);
    } catch (error) {
      console.warn('file transfer: could not load stored transfers', error);
    }
    const { IncomingTransfer, OutgoingTransfer } = records.length > 0 ? await loadEngine() : ({} as Partial<TransferEngine>);
    for (const record of records) {
      if (this.outgoing.has(record.transferId) || this.incoming.has(record.transferId)) continue;
      if (record.direction === 'out') {
        const transfer = new OutgoingTransfer!(record, null, this);
        this.outgoing.set(record.transferId, transfer);
        // The File did not survive the reload: the receiver hears so at its next accept.
        if (!transfer.isFinal) transfer.handleError('FILE_SOURCE_GONE');
      } else {
        const transfer = new IncomingTransfer!(record, this);
        this.incoming.set(record.transferId, transfer);
        this.incomingByTag.set(record.tag, transfer);
        if (!transfer.isFinal) await transfer.rehashStored();
      }
      this.changed(record.transferId);
    }
    if (this.session.hasEnded) this.endUnfinished();
    const queued = this.queued ?? [];
    this.queued = null;
    if (this.link) this.resumeOn(this.link);
    for (const message of queued) this.handleMessage(message);
  }
}
