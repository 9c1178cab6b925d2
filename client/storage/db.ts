/**
 * The one door to IndexedDB: every database and store name, the typed schema and its upgrade
 * ladder. Components never touch IndexedDB; they call the functions here.
 * Transcripts themselves are Y.Docs persisted by y-indexeddb, one database per conversation,
 * named by `transcriptDbName` so they too are named only here.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { JoinToken, ResumeKey, Role, SessionCode, SessionId } from '../../protocol/ids.js';
import type { SessionRestore } from '../../protocol/signaling.js';
import type { ConsoleStores } from './consoleStore.js';
import type { FileStores } from './fileStore.js';
import { idleWriter } from './whenIdle.js';

export const DB_NAME = 'p2p-support';
export const DB_VERSION = 3;
const TRANSCRIPT_DB_PREFIX = 'p2p-support-transcript';

/** A conversation this browser took part in, as the rep or as the customer. */
export interface ConversationRecord {
  readonly sessionId: SessionId;
  readonly createdAt: number;
  updatedAt: number;
  state: 'open' | 'ended';
  reference?: string;
  customerName?: string;
  lastMessageAt?: number;
  lastMessagePreview?: string;
}

export interface RepConversationRecord extends ConversationRecord {
  /** The customer name a help-desk start link gave (`/rep?start=1&customer=…`), until they join. */
  expectedCustomer?: string;
  code?: SessionCode;
  joinToken?: JoinToken;
  codeExpiresAt?: number;
  /** Who joined, with the verifier of their resume key: enough to restore the session on a restarted server. */
  customer?: NonNullable<SessionRestore['customer']>;
}

export interface CustomerConversationRecord extends ConversationRecord {
  resumeKey: ResumeKey;
  /** SHA-256 of the join link's token, so opening the same link again finds this session. */
  joinTokenDigest?: string;
  repName?: string;
}

export interface SupportDB extends DBSchema {
  repConversations: { key: string; value: RepConversationRecord; indexes: { byUpdatedAt: number } };
  customerConversations: {
    key: string;
    value: CustomerConversationRecord;
    indexes: { byUpdatedAt: number; byJoinTokenDigest: string };
  };
  settings: { key: string; value: unknown };
  // The rep console's stores (consoleStore.ts).
  cannedResponses: ConsoleStores['cannedResponses'];
  sessionNotes: ConsoleStores['sessionNotes'];
  sessionMarks: ConsoleStores['sessionMarks'];
  // File attachments (fileStore.ts).
  fileTransfers: FileStores['fileTransfers'];
  fileChunks: FileStores['fileChunks'];
}

let dbPromise: Promise<IDBPDatabase<SupportDB>> | null = null;

function db(): Promise<IDBPDatabase<SupportDB>> {
  dbPromise ??= openDB<SupportDB>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const rep = database.createObjectStore('repConversations', { keyPath: 'sessionId' });
        rep.createIndex('byUpdatedAt', 'updatedAt');
        const customer = database.createObjectStore('customerConversations', { keyPath: 'sessionId' });
        customer.createIndex('byUpdatedAt', 'updatedAt');
        customer.createIndex('byJoinTokenDigest', 'joinTokenDigest');
        database.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        // The rep console's own stores (scripted messages, session notes, read marks): see consoleStore.ts.
        database.createObjectStore('cannedResponses', { keyPath: 'id' });
        database.createObjectStore('sessionNotes', { keyPath: 'sessionId' });
        database.createObjectStore('sessionMarks', { keyPath: 'sessionId' });
      }
      if (oldVersion < 3) {
        // File attachments (transfers and their chunks): see fileStore.ts.
        const transfers = database.createObjectStore('fileTransfers', { keyPath: 'transferId' });
        transfers.createIndex('bySessionId', 'sessionId');
        database.createObjectStore('fileChunks', { keyPath: ['transferId', 'offset'] });
      }
    },
  });
  return dbPromise;
}

/** The opened database, for the store modules beside this one (consoleStore, fileStore). */
export function openSupportDb(): Promise<IDBPDatabase<SupportDB>> {
  return db();
}

export function transcriptDbName(role: Role, sessionId: SessionId): string {
  return `${TRANSCRIPT_DB_PREFIX}-${role}-${sessionId}`;
}

const storeOf = (role: Role) => (role === 'rep' ? 'repConversations' : 'customerConversations');

export async function saveRepConversation(record: RepConversationRecord): Promise<void> {
  await (await db()).put('repConversations', record);
}

export async function saveCustomerConversation(record: CustomerConversationRecord): Promise<void> {
  await (await db()).put('customerConversations', record);
}

interface QueuedConversationFields {
  readonly role: Role;
  readonly sessionId: SessionId;
  readonly fields: Partial<ConversationRecord>;
}

const conversationWriter = idleWriter<string, QueuedConversationFields>(
  (queued, next) => ({ ...next, fields: { ...queued?.fields, ...next.fields } }),
  (_key, { role, sessionId, fields }) => void updateConversation(role, sessionId, fields),
);

/**
 * updateConversation for fields that change with every message (the last message and its time,
 * which the transcript gives again on load): merged per conversation and written when the page
 * is idle, or at once when it is hidden or left.
 */
export function updateConversationWhenIdle(role: Role, sessionId: SessionId, fields: Partial<ConversationRecord>): void {
  conversationWriter(`${role}:${sessionId}`, { role, sessionId, fields });
}

/** Merges fields into a stored conversation; does nothing if it is gone. */
export async function updateConversation(role: Role, sessionId: SessionId, fields: Partial<ConversationRecord>): Promise<void> {
  const database = await db();
  const tx = database.transaction(storeOf(role), 'readwrite');
  const record = await tx.store.get(sessionId);
  if (record) await tx.store.put({ ...record, ...fields, updatedAt: Date.now() });
  await tx.done;
}

/** Newest first. */
export async function listRepConversations(): Promise<RepConversationRecord[]> {
  return (await (await db()).getAllFromIndex('repConversations', 'byUpdatedAt')).reverse();
}

export async function listCustomerConversations(): Promise<CustomerConversationRecord[]> {
  return (await (await db()).getAllFromIndex('customerConversations', 'byUpdatedAt')).reverse();
}

export async function getCustomerConversation(sessionId: SessionId): Promise<CustomerConversationRecord | undefined> {
  return (await db()).get('customerConversations', sessionId);
}

export async function findCustomerConversationByLink(joinTokenDigest: string): Promise<CustomerConversationRecord | undefined> {
  return (await db()).getFromIndex('customerConversations', 'byJoinTokenDigest', joinTokenDigest);
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('settings', key)) as T | undefined;
}

export async function putSetting(key: string, value: unknown): Promise<void> {
  await (await db()).put('settings', value, key);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function joinTokenDigest(token: JoinToken): Promise<string> {
  return sha256Hex(token);
}
