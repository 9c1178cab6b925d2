/**
 * Binds a Transcript's Y.Doc to IndexedDB (y-indexeddb) under the storage module's name. Its
 * writes go through a TranscriptWriteQueue: this side's own writing at once, the rest when idle,
 * and everything waiting when the page is hidden or left, and when detached.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { Role, SessionId } from '../../protocol/ids.js';
import type { Transcript } from '../transcript/Transcript.js';
import { transcriptDbName } from './db.js';
import { isOwnWriting, TranscriptWriteQueue } from './TranscriptWriteQueue.js';
import { whenIdle } from './whenIdle.js';

/** Resolves once the stored log is loaded into the doc; the returned function detaches. */
export async function persistTranscript(transcript: Transcript, role: Role, sessionId: SessionId): Promise<() => void> {
  const doc = transcript.doc;
  const persistence = new IndexeddbPersistence(transcriptDbName(role, sessionId), doc);
  // y-indexeddb's own handler writes each update at once; the queue calls it instead.
  doc.off('update', persistence._storeUpdate);
  const queue = new TranscriptWriteQueue((update) => persistence._storeUpdate(update, null), whenIdle);
  const onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin === persistence) return;
    queue.handleUpdate(update, isOwnWriting(transaction));
  };
  const flush = () => queue.flush();
  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  doc.on('update', onUpdate);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', flush);
  await persistence.whenSynced;
  return () => {
    flush();
    doc.off('update', onUpdate);
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', flush);
    void persistence.destroy();
  };
}
