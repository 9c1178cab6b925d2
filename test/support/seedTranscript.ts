/**
 * A long conversation without typing it: a transcript update built here with Yjs and written
 * into a page's y-indexeddb database for one session, exactly where the page keeps its log
 * (the page loads it on its next reload). Used by browser tests and the console benchmark.
 */
import type { Page } from '@playwright/test';
import * as Y from 'yjs';
import { LOG_ARRAY } from '../../protocol/transcript.js';

/** `count` messages alternating customer and rep (one in ten with a link), ids `${idPrefix}${i}`, a second apart. */
export function seededTranscript(count: number, startAt: number, idPrefix: string): Uint8Array {
  const doc = new Y.Doc();
  const entries = Array.from({ length: count }, (_, i) => {
    const customer = i % 2 === 0;
    return {
      kind: 'message',
      id: `${idPrefix}${i}`,
      role: customer ? 'customer' : 'rep',
      author: customer ? 'Ana' : 'Riley',
      text:
        i % 10 === 0
          ? `Message ${i}: please look at https://help.example.org/article/${i} and tell me what you see.`
          : `Message ${i}: the printer still shows the same error after the restart, what now?`,
      at: startAt + i * 1_000,
    };
  });
  doc.getArray(LOG_ARRAY).push(entries);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Adds an update to the stored transcript of one of the page's sessions (`role` side). */
export async function storeTranscriptUpdate(page: Page, role: 'rep' | 'customer', sessionId: string, update: Uint8Array): Promise<void> {
  await page.evaluate(
    async ({ name, bytes }) => {
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = database.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(new Uint8Array(bytes));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      database.close();
    },
    // The database name as client/storage/db.ts's transcriptDbName makes it.
    { name: `p2p-support-transcript-${role}-${sessionId}`, bytes: [...update] },
  );
}
