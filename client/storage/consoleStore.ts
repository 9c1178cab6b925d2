/**
 * The rep console's local stores (issue 3): scripted messages, private session notes, per
 * session marks (how many customer messages were read, hidden from Recent chats) and the Chat
 * preferences. Nothing here is ever part of a shared transcript or sent to a customer.
 */
import type { SessionId } from '../../protocol/ids.js';
import type { CannedDraft, CannedResponse } from '../rep/cannedFile.js';
import { randomId } from '../core/randomId.js';
import { getSetting, openSupportDb, putSetting } from './db.js';
import { idleWriter } from './whenIdle.js';

export const PREFERENCES_SETTING = 'consolePreferences';

export interface SessionNoteRecord {
  readonly sessionId: SessionId;
  readonly text: string;
  readonly updatedAt: number;
}

export interface SessionMarkRecord {
  readonly sessionId: SessionId;
  /** Customer messages the rep has seen (see client/rep/unreadCounts.ts). */
  readonly readCount: number;
  /** Removed from Recent chats at this time; newer activity brings it back. */
  readonly hiddenAt?: number;
}

/** The store types, for db.ts's schema. */
export interface ConsoleStores {
  cannedResponses: { key: string; value: CannedResponse };
  sessionNotes: { key: string; value: SessionNoteRecord };
  sessionMarks: { key: string; value: SessionMarkRecord };
}

// ------------------------------------------------------------------ scripted messages

export async function listCanned(): Promise<CannedResponse[]> {
  return (await openSupportDb()).getAll('cannedResponses');
}

/** Creates (no id) or replaces (with id) one response. */
export async function saveCanned(draft: CannedDraft, id?: string): Promise<CannedResponse> {
  const record: CannedResponse = { ...draft, id: id ?? randomId(12), updatedAt: Date.now() };
  await (await openSupportDb()).put('cannedResponses', record);
  return record;
}

export async function deleteCanned(id: string): Promise<void> {
  await (await openSupportDb()).delete('cannedResponses', id);
}

/**
 * Adds imported responses in one transaction: one whose shortcut exists replaces that one
 * (the shared set wins), the others are added. All or nothing.
 */
export async function importCanned(items: readonly CannedDraft[]): Promise<{ added: number; replaced: number }> {
  const database = await openSupportDb();
  const tx = database.transaction('cannedResponses', 'readwrite');
  const existing = new Map((await tx.store.getAll()).map((item) => [item.shortcut.toLowerCase(), item]));
  let added = 0;
  let replaced = 0;
  const now = Date.now();
  for (const item of items) {
    const old = existing.get(item.shortcut.toLowerCase());
    if (old) replaced++;
    else added++;
    await tx.store.put({ ...item, id: old?.id ?? randomId(12), updatedAt: now });
  }
  await tx.done;
  return { added, replaced };
}

// ------------------------------------------------------------------ private notes

export async function getSessionNote(sessionId: SessionId): Promise<string> {
  return (await (await openSupportDb()).get('sessionNotes', sessionId))?.text ?? '';
}

export async function saveSessionNote(sessionId: SessionId, text: string): Promise<void> {
  await (await openSupportDb()).put('sessionNotes', { sessionId, text, updatedAt: Date.now() });
}

// ------------------------------------------------------------------ read counts and hidden chats

export async function listSessionMarks(): Promise<SessionMarkRecord[]> {
  return (await openSupportDb()).getAll('sessionMarks');
}

/** Merges fields into a session's marks (creating them). */
export async function updateSessionMark(sessionId: SessionId, fields: Partial<Omit<SessionMarkRecord, 'sessionId'>>): Promise<SessionMarkRecord> {
  const database = await openSupportDb();
  const tx = database.transaction('sessionMarks', 'readwrite');
  const old = await tx.store.get(sessionId);
  const record: SessionMarkRecord = { readCount: 0, ...old, ...fields, sessionId };
  await tx.store.put(record);
  await tx.done;
  return record;
}

/**
 * The rep's read count moves with every customer message read: written when the page is idle,
 * or at once when it is hidden or left, the latest count per session.
 */
export const saveReadCountWhenIdle = idleWriter<SessionId, number>(
  (_queued, next) => next,
  (sessionId, readCount) => void updateSessionMark(sessionId, { readCount }),
);

// ------------------------------------------------------------------ preferences

export async function loadPreferencesRecord(): Promise<unknown> {
  return getSetting<unknown>(PREFERENCES_SETTING);
}

export async function savePreferencesRecord(value: object): Promise<void> {
  await putSetting(PREFERENCES_SETTING, value);
}
