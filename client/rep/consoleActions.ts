/**
 * What the console does: wires the RepConsole controller, unread tracking, alerts and local
 * stores to the signals in consoleState.ts. Components call these functions; nothing here
 * renders.
 */
import { effect } from '@preact/signals';
import type { SessionId } from '../../protocol/ids.js';
import { err, ok, type Result } from '../../protocol/result.js';
import { Disposer } from '../core/Emitter.js';
import { watchIncomingMessages } from '../session/IncomingMessages.js';
import {
  deleteCanned,
  importCanned,
  listCanned,
  listSessionMarks,
  loadPreferencesRecord,
  saveCanned,
  savePreferencesRecord,
  saveReadCountWhenIdle,
  updateSessionMark,
} from '../storage/consoleStore.js';
import { listRepConversations } from '../storage/db.js';
import { playChime, requestNotificationPermission, showNotification } from '../ui/messageAlert.js';
import { parseCannedFile, type CannedDraft, type CannedImportError } from './cannedFile.js';
import { readPreferences, type ChatPreferences } from './chatPreferences.js';
import {
  activeId,
  unread,
  canned,
  consoleConnection,
  createError,
  creatingSession,
  drafts,
  hiddenChats,
  joinedUnseen,
  liveRecords,
  pageFront,
  pastChatId,
  preferences,
  repName,
  sessions,
  signInError,
  storedChats,
  token,
} from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { RepConsole, type RepSessionEntry } from './RepConsole.js';
import { forgetToken } from './repToken.js';
import { takeStartRequest } from './startLink.js';
import { UnreadTracker } from './UnreadTracker.js';

/** One tag for all of the console's notifications: a newer one replaces the older. */
export const NOTIFICATION_TAG = 'p2p-support-console';
/** The selected tab, kept for this browser tab so a reload comes back to it. */
const ACTIVE_SESSION_KEY = 'p2p-support.activeSession';

let repConsole: RepConsole | null = null;
let running = new Disposer();
const incomingWatches = new Map<SessionId, () => void>();

/** Preferences and scripted messages: local, needed before and after sign-in. */
export async function loadLocalState(): Promise<void> {
  preferences.value = readPreferences(await loadPreferencesRecord());
  canned.value = await listCanned();
}

export function startConsole(value: string): void {
  stopConsole();
  const created = new RepConsole(value);
  repConsole = created;
  const tracker = new UnreadTracker(saveReadCountWhenIdle);
  const disposer = new Disposer();
  running = disposer;
  disposer.add(() => tracker.dispose());
  disposer.add(tracker.on('change', (counts) => (unread.value = counts)));
  disposer.add(effect(() => tracker.handleAttention({ activeId: pastChatId.value ? null : activeId.value, pageInFront: pageFront.value })));
  disposer.add(
    effect(() => {
      if (activeId.value) sessionStorage.setItem(ACTIVE_SESSION_KEY, activeId.value);
    }),
  );
  created.on('signaling', (state) => {
    consoleConnection.value = state;
    if (state === 'open') startFromLink();
  });
  created.on('repName', (name) => (repName.value = name));
  created.on('sessions', (list) => {
    sessions.value = list;
    liveRecords.value = list.map((entry) => entry.record);
    tracker.handleSessions(list.map((entry) => entry.session));
    watchIncoming(list);
    if (!activeId.value || !list.some((e) => e.record.sessionId === activeId.value)) {
      const remembered = list.find((e) => e.record.sessionId === sessionStorage.getItem(ACTIVE_SESSION_KEY));
      activeId.value = (remembered ?? list[list.length - 1])?.record.sessionId ?? null;
    }
    void refreshStoredChats();
  });
  created.on('activity', () => (liveRecords.value = created.sessions.map((entry) => entry.record)));
  created.on('customerJoined', (id) => handleCustomerJoined(id));
  created.on('fatal', (error) => {
    forgetToken();
    stopConsole();
    token.value = null;
    signInError.value = error.code;
  });
  void (async () => {
    const marks = await listSessionMarks();
    tracker.handleStoredReadCounts(marks.map((mark) => [mark.sessionId, mark.readCount]));
    hiddenChats.value = new Map(marks.filter((m) => m.hiddenAt !== undefined).map((m) => [m.sessionId, m.hiddenAt!]));
    await refreshStoredChats();
    if (repConsole === created) await created.start();
  })();
}

export function stopConsole(): void {
  running.dispose();
  for (const off of incomingWatches.values()) off();
  incomingWatches.clear();
  repConsole?.dispose();
  repConsole = null;
  sessions.value = [];
  liveRecords.value = [];
  activeId.value = null;
  pastChatId.value = null;
  unread.value = new Map();
  joinedUnseen.value = new Set();
}

export function signOut(): void {
  forgetToken();
  stopConsole();
  token.value = null;
}

/** The page is going away: close every peer connection cleanly. */
export function disposeConsole(): void {
  repConsole?.dispose();
}

export function entryOf(sessionId: SessionId | null): RepSessionEntry | null {
  return sessions.value.find((e) => e.record.sessionId === sessionId) ?? null;
}

/** Starts a session; the rep asked for it, so its tab comes to the front. */
export async function newSession(reference?: string, expectedCustomer?: string): Promise<void> {
  if (!repConsole || creatingSession.value) return;
  creatingSession.value = true;
  createError.value = null;
  try {
    selectSession(await repConsole.createSession(reference, expectedCustomer));
  } catch (error) {
    createError.value = (error as { code?: typeof createError.value }).code ?? 'INTERNAL';
  } finally {
    creatingSession.value = false;
  }
}

function startFromLink(): void {
  const request = takeStartRequest();
  if (request) void newSession(request.reference, request.customer);
}

export function selectSession(sessionId: SessionId): void {
  activeId.value = sessionId;
  pastChatId.value = null;
  if (joinedUnseen.value.has(sessionId)) {
    const next = new Set(joinedUnseen.value);
    next.delete(sessionId);
    joinedUnseen.value = next;
  }
}

export function endSession(sessionId: SessionId): void {
  repConsole?.endSession(sessionId);
}

export function closeSessionTab(sessionId: SessionId): void {
  drafts.delete(sessionId);
  repConsole?.closeSession(sessionId);
}

/** Recent chats: a live session opens its tab, a past one its stored transcript. */
export function openChat(sessionId: SessionId): void {
  if (entryOf(sessionId)) selectSession(sessionId);
  else pastChatId.value = sessionId;
}

export function hideChat(sessionId: SessionId): void {
  const hiddenAt = Date.now();
  hiddenChats.value = new Map(hiddenChats.value).set(sessionId, hiddenAt);
  if (pastChatId.value === sessionId) pastChatId.value = null;
  void updateSessionMark(sessionId, { hiddenAt });
}

async function refreshStoredChats(): Promise<void> {
  storedChats.value = await listRepConversations();
}

/**
 * A customer joined. The tab comes to the front only when that cannot interrupt anything (no
 * tab selected, that tab already selected, or the selected session has ended); otherwise the
 * tab asks for a look and the rep is alerted, so a conversation in progress is never yanked away.
 */
function handleCustomerJoined(sessionId: SessionId): void {
  const active = entryOf(activeId.value);
  if (!active || active.record.sessionId === sessionId || active.record.state === 'ended') {
    selectSession(sessionId);
    if (pageFront.value) return;
  } else {
    joinedUnseen.value = new Set(joinedUnseen.value).add(sessionId);
  }
  const name = entryOf(sessionId)?.record.customerName ?? '';
  alertRep(sessionId, strings.customerJoinedNotification(name), '');
}

function watchIncoming(list: readonly RepSessionEntry[]): void {
  const current = new Set(list.map((entry) => entry.record.sessionId));
  for (const [sessionId, off] of incomingWatches) {
    if (!current.has(sessionId)) {
      off();
      incomingWatches.delete(sessionId);
    }
  }
  for (const entry of list) {
    const sessionId = entry.record.sessionId;
    if (incomingWatches.has(sessionId)) continue;
    incomingWatches.set(
      sessionId,
      watchIncomingMessages(entry.session, (messages) => {
        const inFront = pageFront.value && activeId.value === sessionId && !pastChatId.value;
        const last = messages[messages.length - 1]!;
        if (!inFront) alertRep(sessionId, strings.messageNotification(last.author), last.text);
      }),
    );
  }
}

function alertRep(sessionId: SessionId, title: string, body: string): void {
  if (preferences.value.sound) playChime();
  if (preferences.value.desktopNotifications) showNotification(title, body, NOTIFICATION_TAG, () => selectSession(sessionId));
}

export function savePreferences(next: ChatPreferences): void {
  // Called from the Save click: the permission prompt needs that user gesture.
  if (next.desktopNotifications) requestNotificationPermission();
  preferences.value = next;
  void savePreferencesRecord(next);
}

export async function saveCannedItem(draft: CannedDraft, id?: string): Promise<void> {
  await saveCanned(draft, id);
  canned.value = await listCanned();
}

export async function deleteCannedItem(id: string): Promise<void> {
  await deleteCanned(id);
  canned.value = await listCanned();
}

/** Imports a shared file: all of it, or nothing and the reason. */
export async function importCannedFile(text: string): Promise<Result<{ added: number; replaced: number }, CannedImportError>> {
  const parsed = parseCannedFile(text);
  if (!parsed.ok) return parsed;
  try {
    const counts = await importCanned(parsed.value);
    canned.value = await listCanned();
    return ok(counts);
  } catch {
    return err({ code: 'BAD_FILE', detail: 'could not be stored' });
  }
}
