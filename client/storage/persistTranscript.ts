/** Binds a Transcript's Y.Doc to IndexedDB (y-indexeddb) under the storage module's name. */
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Role, SessionId } from '../../protocol/ids.js';
import type { Transcript } from '../transcript/Transcript.js';
import { transcriptDbName } from './db.js';

/** Resolves once the stored log is loaded into the doc; the returned function detaches. */
export async function persistTranscript(transcript: Transcript, role: Role, sessionId: SessionId): Promise<() => void> {
  const persistence = new IndexeddbPersistence(transcriptDbName(role, sessionId), transcript.doc);
  await persistence.whenSynced;
  return () => void persistence.destroy();
}
