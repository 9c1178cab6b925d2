/**
 * The rep console's UI state, as signals: components read them, consoleActions.ts writes them.
 * No I/O here.
 */
import { computed, signal } from '@preact/signals';
import type { ErrorCode } from '../../protocol/errors.js';
import type { SessionId } from '../../protocol/ids.js';
import type { SignalingState } from '../core/SignalingClient.js';
import type { RepConversationRecord } from '../storage/db.js';
import type { CannedResponse } from './cannedFile.js';
import { DEFAULT_PREFERENCES, type ChatPreferences } from './chatPreferences.js';
import type { RepSessionEntry } from './RepConsole.js';
import { totalUnread } from './unreadCounts.js';

export const token = signal<string | null>(null);
export const signInError = signal<ErrorCode | null>(null);
export const consoleConnection = signal<SignalingState>('connecting');
export const repName = signal('');

/** The console's live sessions, one tab each, in the order they were opened. */
export const sessions = signal<readonly RepSessionEntry[]>([]);
/**
 * Their stored records as they change with every message (last message, its time): Recent
 * chats follow these, so a message does not re-render the tabs and the open session.
 */
export const liveRecords = signal<readonly RepConversationRecord[]>([]);
/** The selected tab. */
export const activeId = signal<SessionId | null>(null);
/** A stored past conversation shown read-only instead of a tab (from Recent chats). */
export const pastChatId = signal<SessionId | null>(null);
export const creatingSession = signal(false);
export const createError = signal<ErrorCode | null>(null);

/** Unread customer messages per session (UnreadTracker). */
export const unread = signal<ReadonlyMap<SessionId, number>>(new Map());
export const unreadTotal = computed(() => totalUnread(unread.value.values()));
/** Sessions whose customer joined while the rep was busy elsewhere: the tab asks for a look. */
export const joinedUnseen = signal<ReadonlySet<SessionId>>(new Set());

/** Every stored conversation (open and ended), newest activity first. */
export const storedChats = signal<readonly RepConversationRecord[]>([]);
/** Removed from Recent chats at this time (newer activity brings a chat back). */
export const hiddenChats = signal<ReadonlyMap<SessionId, number>>(new Map());

/** The header's search text: filters tabs and Recent chats by customer name. */
export const search = signal('');
export const preferences = signal<ChatPreferences>(DEFAULT_PREFERENCES);
export const canned = signal<readonly CannedResponse[]>([]);
/** Which dialog is open. */
export const dialog = signal<'preferences' | 'canned' | null>(null);
export const sidePaneOpen = signal(true);

/** The clock tab colours are computed from (Date.now(), re-read on a timer). */
export const now = signal(Date.now());
/** The console is visible and its window focused (client/ui/messageAlert.ts tracks it). */
export const pageFront = signal(true);

/** Unsent text per session, so switching tabs never loses what the rep was typing. */
export const drafts = new Map<SessionId, string>();
