/**
 * The right-hand navigation of a session: Details, Attendees, private Notes (and the customer's
 * screen, issue 5), with End session. The arrow button hides or shows it.
 */
import type { ComponentChildren } from 'preact';
import { SessionDetailsView } from '../ui/SessionDetailsView.js';
import { useConnectionState, useLogEntries, useSessionDetails } from '../ui/useSessionState.js';
import { useEntryEnded } from './SessionTabs.js';
import { AttendeesPane } from './AttendeesPane.js';
import { endSession } from './consoleActions.js';
import { sidePaneOpen } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { FindPane } from './FindPane.js';
import { HistoryPane } from './HistoryPane.js';
import { NotesPane } from './NotesPane.js';
import type { RepSessionEntry } from './RepConsole.js';

export function SidePaneToggle() {
  const open = sidePaneOpen.value;
  return (
    <button
      type="button"
      class="secondary icon-button side-pane-toggle"
      data-testid="side-pane-toggle"
      aria-expanded={open}
      aria-controls="side-pane"
      aria-label={open ? strings.hideSidePane : strings.showSidePane}
      title={open ? strings.hideSidePane : strings.showSidePane}
      onClick={() => (sidePaneOpen.value = !open)}
    >
      <span aria-hidden="true">{open ? '⟩' : '⟨'}</span>
    </button>
  );
}

interface SidePaneProps {
  readonly entry: RepSessionEntry;
  /** Panes other features add (the customer's screen). */
  readonly children?: ComponentChildren;
}

export function SidePane({ entry, children }: SidePaneProps) {
  const ended = useEntryEnded(entry);
  const details = useSessionDetails(entry.session);
  const state = useConnectionState(entry.session);
  if (!sidePaneOpen.value) return null;
  return (
    <aside class="side-pane" id="side-pane" aria-label={strings.sidePaneLabel}>
      <SessionDetailsView details={details} strings={strings} testId="session-details" landmark />
      <AttendeesPane view={{ details, state }} ended={ended} />
      <NotesPane sessionId={entry.record.sessionId} />
      {children}
      <SessionFindPane entry={entry} />
      <HistoryPane sessionId={entry.record.sessionId} customerName={details?.customerName} />
      {!ended && (
        <button type="button" class="danger" onClick={() => endSession(entry.record.sessionId)}>
          {strings.endSession}
        </button>
      )}
    </aside>
  );
}

/** Find follows the log; the rest of the pane does not re-render for every message. */
function SessionFindPane({ entry }: { entry: RepSessionEntry }) {
  return <FindPane entries={useLogEntries(entry.session)} />;
}
