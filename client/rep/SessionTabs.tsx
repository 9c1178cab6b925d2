/**
 * One tab per session under the toolbar: the customer's name, an icon whose colour says how
 * long since the rep last wrote to them, the unread count, and a blinking name until opened.
 */
import type { SessionId } from '../../protocol/ids.js';
import { useLogEntries, useSessionDetails, useSessionEnded } from '../ui/useSessionState.js';
import { ageColour, minutesSince, waitingSince } from './ageColour.js';
import { thresholdsOf } from './chatPreferences.js';
import { selectSession } from './consoleActions.js';
import { activeId, joinedUnseen, now, pastChatId, preferences, search, sessions, unread } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { chatName, matchesSearch } from './recentChatList.js';
import type { RepSessionEntry } from './RepConsole.js';

export const tabId = (sessionId: SessionId) => `tab-${sessionId}`;

/** The session is over: ended while open (its event) or restored as ended. */
export const isEnded = (entry: RepSessionEntry) => entry.session.hasEnded || entry.record.state === 'ended';

/** `isEnded`, re-rendering the component when the session ends. */
export function useEntryEnded(entry: RepSessionEntry): boolean {
  useSessionEnded(entry.session);
  return isEnded(entry);
}

export function tabLabel(entry: RepSessionEntry): string {
  const label = chatName(entry.record) || entry.session.transcript.details()?.customerName || strings.waitingTab;
  return isEnded(entry) ? strings.endedTab(label) : label;
}

interface SessionTabProps {
  readonly entry: RepSessionEntry;
  readonly selected: boolean;
  /** In the tab order (the selected tab, or the first when none is). */
  readonly focusable: boolean;
  readonly onKey: (event: KeyboardEvent) => void;
}

function SessionTab({ entry, selected, focusable, onKey }: SessionTabProps) {
  const entries = useLogEntries(entry.session);
  useSessionDetails(entry.session); // the label falls back on the customer's name
  const sessionId = entry.record.sessionId;
  const ended = useEntryEnded(entry);
  const since = waitingSince(entries, ended);
  const colour = ageColour(now.value, since, thresholdsOf(preferences.value));
  const minutes = minutesSince(now.value, since);
  const count = unread.value.get(sessionId) ?? 0;
  const attention = count > 0 || joinedUnseen.value.has(sessionId);
  return (
    <button
      type="button"
      role="tab"
      id={tabId(sessionId)}
      aria-selected={selected}
      aria-controls="session-panel"
      tabIndex={focusable ? 0 : -1}
      class={`tab${attention ? ' attention' : ''}`}
      data-testid="session-tab"
      data-session-id={sessionId}
      data-unread={count}
      data-age={colour}
      data-state={ended ? 'ended' : entry.record.state}
      onClick={() => selectSession(sessionId)}
      onKeyDown={onKey}
    >
      <span class={`age-icon ${colour}`} aria-hidden="true" />
      <span class="visually-hidden">{minutes === null ? strings.ageNone : strings.ageMinutes(minutes)}. </span>
      <span class="tab-name">{tabLabel(entry)}</span>
      {count > 0 && (
        <span class="badge">
          {count}
          <span class="visually-hidden"> {strings.unreadWord}</span>
        </span>
      )}
      {count === 0 && joinedUnseen.value.has(sessionId) && <span class="visually-hidden">{strings.justJoined}</span>}
    </button>
  );
}

export function SessionTabs() {
  const list = sessions.value.filter((entry) => entry.record.sessionId === activeId.value || matchesSearch(entry.record, search.value));
  if (list.length === 0) return null;
  const current = pastChatId.value ? null : activeId.value;
  const move = (from: number, event: KeyboardEvent) => {
    const last = list.length - 1;
    const to =
      event.key === 'ArrowRight' ? (from + 1) % list.length
      : event.key === 'ArrowLeft' ? (from + last) % list.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : -1;
    if (to < 0) return;
    event.preventDefault();
    const next = list[to]!.record.sessionId;
    selectSession(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <nav class="tabs" aria-label={strings.sessionsLabel}>
      <div class="tablist" role="tablist" aria-label={strings.sessionsLabel}>
        {list.map((entry, index) => (
          <SessionTab
            key={entry.record.sessionId}
            entry={entry}
            selected={entry.record.sessionId === current}
            focusable={entry.record.sessionId === current || (index === 0 && !list.some((e) => e.record.sessionId === current))}
            onKey={(event) => move(index, event)}
          />
        ))}
      </div>
    </nav>
  );
}
