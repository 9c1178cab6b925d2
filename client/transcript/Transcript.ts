/**
 * One conversation's shared log as a Y.Doc (shape in protocol/transcript.ts). Entries are
 * validated once as they arrive and kept in a mirror array, so a long log is not re-parsed on
 * every change and a malformed entry from a hostile peer is never shown.
 */
import * as Y from 'yjs';
import {
  DETAILS_MAP,
  LOG_ARRAY,
  MAX_STATUS_DETAIL_CHARS,
  readLogEntry,
  readSessionDetails,
  type ChatMessage,
  type FileEntry,
  type LogEntry,
  type SessionDetails,
  type StatusEvent,
  type StatusNote,
} from '../../protocol/transcript.js';
import { MAX_CHAT_MESSAGE_CHARS } from '../../protocol/limits.js';
import { Emitter } from '../core/Emitter.js';
import { randomId } from '../core/randomId.js';

export interface TranscriptEvents extends Record<string, unknown> {
  /** The log or the details changed; `local` is true when this page made the change. */
  change: { local: boolean };
}

export class Transcript extends Emitter<TranscriptEvents> {
  readonly doc: Y.Doc;
  private readonly log: Y.Array<unknown>;
  private readonly detailsMap: Y.Map<unknown>;
  /** Parsed mirror of `log`, index for index; null where an entry did not validate. */
  private mirror: (LogEntry | null)[] = [];
  private cachedEntries: LogEntry[] | null = null;

  constructor(doc: Y.Doc = new Y.Doc()) {
    super();
    this.doc = doc;
    this.log = doc.getArray(LOG_ARRAY);
    this.detailsMap = doc.getMap(DETAILS_MAP);
    this.mirror = this.log.toArray().map(readLogEntry);
    this.log.observe((event) => {
      let index = 0;
      for (const change of event.changes.delta) {
        if (change.retain !== undefined) index += change.retain;
        else if (change.delete !== undefined) this.mirror.splice(index, change.delete);
        else if (change.insert !== undefined) {
          const inserted = (change.insert as unknown[]).map(readLogEntry);
          this.mirror.splice(index, 0, ...inserted);
          index += inserted.length;
        }
      }
      this.cachedEntries = null;
    });
    // Only the log and the details: receipts and other maps in the document have their own events.
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      const changed = transaction.changed as Map<unknown, unknown>;
      if (changed.has(this.log) || changed.has(this.detailsMap)) {
        this.emit('change', { local: transaction.local });
      }
    });
  }

  /** Valid entries in conversation order (identical on both sides once synced). */
  entries(): readonly LogEntry[] {
    this.cachedEntries ??= this.mirror.filter((entry): entry is LogEntry => entry !== null);
    return this.cachedEntries;
  }

  /** Entries a peer wrote that did not validate (never shown). */
  get rejectedCount(): number {
    return this.mirror.length - this.entries().length;
  }

  hasEntry(id: string): boolean {
    return this.entries().some((entry) => entry.id === id);
  }

  appendMessage(role: ChatMessage['role'], author: string, text: string, at = Date.now()): ChatMessage {
    const message: ChatMessage = {
      kind: 'message',
      id: randomId(9),
      role,
      author,
      text: text.slice(0, MAX_CHAT_MESSAGE_CHARS),
      at,
    };
    this.log.push([message]);
    return message;
  }

  /** Appends a status note; with an `id`, only once per id. */
  appendStatus(
    event: StatusEvent,
    options: { name?: string; id?: string; at?: number; by?: StatusNote['by']; detail?: string } = {},
  ): StatusNote | null {
    const id = options.id ?? `${event}-${randomId(6)}`;
    if (options.id !== undefined && this.hasEntry(id)) return null;
    const note: StatusNote = {
      kind: 'status',
      id,
      event,
      at: options.at ?? Date.now(),
      ...(options.name !== undefined ? { name: options.name } : {}),
      ...(options.by !== undefined ? { by: options.by } : {}),
      ...(options.detail !== undefined ? { detail: options.detail.slice(0, MAX_STATUS_DETAIL_CHARS) } : {}),
    };
    this.log.push([note]);
    return note;
  }

  /** Appends a file attachment entry (the sender does, when it offers the file). */
  appendFile(fields: Omit<FileEntry, 'kind' | 'id' | 'at'>, at = Date.now()): FileEntry {
    const entry: FileEntry = { kind: 'file', id: `file-${fields.transferId}`, at, ...fields };
    this.log.push([entry]);
    return entry;
  }

  /**
   * Records a verified file's SHA-256 on its entry (replaced in place, same position), so the
   * hash stays with the transcript and its exports. Only the entry's author calls this.
   */
  setFileSha256(transferId: string, sha256: string): boolean {
    const index = this.mirror.findIndex((e) => e?.kind === 'file' && e.transferId === transferId);
    const entry = this.mirror[index];
    if (!entry || entry.kind !== 'file' || entry.sha256 === sha256) return false;
    this.doc.transact(() => {
      this.log.delete(index, 1);
      this.log.insert(index, [{ ...entry, sha256 }]);
    });
    return true;
  }

  details(): SessionDetails | null {
    return readSessionDetails(this.detailsMap.toJSON());
  }

  /** Writes the fields that differ (both sides write the same values from the server). */
  setDetails(details: Partial<SessionDetails>): void {
    this.doc.transact(() => {
      for (const [key, value] of Object.entries(details)) {
        if (value !== undefined && this.detailsMap.get(key) !== value) this.detailsMap.set(key, value);
      }
    });
  }

  destroy(): void {
    this.clear();
    this.doc.destroy();
  }
}
