/** The rep console: header, session tabs, and the active session's chat box with its details. */
import { signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { ErrorCode } from '../../protocol/errors.js';
import type { SessionId } from '../../protocol/ids.js';
import type { SignalingState } from '../core/SignalingClient.js';
import { ChatPanel } from '../ui/ChatPanel.js';
import { ConnectionBadge } from '../ui/ConnectionBadge.js';
import { SessionDetailsView } from '../ui/SessionDetailsView.js';
import { useSessionView } from '../ui/useSessionState.js';
import { repMessages as strings } from './messages.js';
import { RepConsole, type RepSessionEntry } from './RepConsole.js';
import { forgetToken, saveToken, takeTokenFromUrl } from './repToken.js';
import { SignIn } from './SignIn.js';
import { WaitingCard } from './WaitingCard.js';

const token = signal<string | null>(null);
const signInError = signal<ErrorCode | null>(null);
const consoleState = signal<SignalingState>('connecting');
const repName = signal('');
const sessions = signal<readonly RepSessionEntry[]>([]);
const activeId = signal<SessionId | null>(null);
const busy = signal(false);
let repConsole: RepConsole | null = null;

function startConsole(value: string): void {
  repConsole?.signaling.close();
  const created = new RepConsole(value);
  repConsole = created;
  created.on('signaling', (state) => (consoleState.value = state));
  created.on('repName', (name) => (repName.value = name));
  created.on('sessions', (list) => {
    sessions.value = list;
    if (!activeId.value || !list.some((e) => e.record.sessionId === activeId.value)) {
      activeId.value = list[list.length - 1]?.record.sessionId ?? null;
    }
  });
  created.on('customerJoined', (id) => (activeId.value = id));
  created.on('fatal', (error) => {
    forgetToken();
    token.value = null;
    signInError.value = error.code;
  });
  void created.start();
}

function toSignalingView(state: SignalingState) {
  return state === 'open' ? 'connected' : state === 'connecting' ? 'reconnecting' : 'offline';
}

function tabLabel(entry: RepSessionEntry): string {
  const name = entry.record.customerName ?? entry.session.transcript.details()?.customerName;
  const label = name || entry.record.reference || strings.waitingTab;
  return entry.record.state === 'ended' ? strings.endedTab(label) : label;
}

function SessionTabs() {
  const list = sessions.value;
  return (
    <nav class="tabs" aria-label={strings.sessionsLabel}>
      <div class="tablist" role="tablist" aria-label={strings.sessionsLabel}>
      {list.map((entry, index) => {
        const selected = entry.record.sessionId === activeId.value;
        return (
          <button
            key={entry.record.sessionId}
            type="button"
            role="tab"
            id={`tab-${entry.record.sessionId}`}
            aria-selected={selected}
            aria-controls="session-panel"
            tabIndex={selected ? 0 : -1}
            class="tab"
            onClick={() => (activeId.value = entry.record.sessionId)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step || list.length === 0) return;
              const next = list[(index + step + list.length) % list.length]!;
              activeId.value = next.record.sessionId;
              document.getElementById(`tab-${next.record.sessionId}`)?.focus();
            }}
          >
            {tabLabel(entry)}
          </button>
        );
      })}
      </div>
    </nav>
  );
}

function ActiveSession({ entry }: { entry: RepSessionEntry }) {
  const view = useSessionView(entry.session);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const ended = entry.record.state === 'ended';
  const joined = Boolean(view.details?.customerName);
  useEffect(() => {
    if (joined) inputRef.current?.focus();
  }, [joined, entry.record.sessionId]);
  return (
    <div class="session" id="session-panel" role="tabpanel" aria-labelledby={`tab-${entry.record.sessionId}`}>
      <div class="session-main">
        {!joined && !ended && (
          <WaitingCard record={entry.record} strings={strings} />
        )}
        {ended && <p class="notice">{strings.sessionEnded}</p>}
        <ChatPanel session={entry.session} strings={strings} ended={ended} inputRef={inputRef} />
      </div>
      <aside class="side-pane">
        <SessionDetailsView details={view.details} strings={strings} testId="session-details" landmark />
        {!ended && (
          <button type="button" class="danger" onClick={() => repConsole?.endSession(entry.record.sessionId)}>
            {strings.endSession}
          </button>
        )}
      </aside>
    </div>
  );
}


export function RepApp() {
  useEffect(() => {
    window.addEventListener('pagehide', () => repConsole?.dispose());
    const found = takeTokenFromUrl();
    if (found) {
      token.value = found;
      startConsole(found);
    }
  }, []);
  if (!token.value) {
    return (
      <SignIn
        strings={strings}
        error={signInError.value}
        onSignIn={(value) => {
          saveToken(value);
          signInError.value = null;
          token.value = value;
          startConsole(value);
        }}
      />
    );
  }
  const active = sessions.value.find((e) => e.record.sessionId === activeId.value) ?? null;
  return (
    <div class="app rep">
      <header class="top-bar">
        <h1>{strings.title}</h1>
        <span class="who">{repName.value ? strings.signedInAs(repName.value) : ''}</span>
        <span class="console-state">
          <span class="visually-hidden">{strings.consoleState}: </span>
          <ConnectionBadge state={toSignalingView(consoleState.value)} strings={strings} testId="console-status" />
        </span>
        <button
          type="button"
          data-testid="new-session"
          disabled={busy.value || consoleState.value !== 'open'}
          onClick={async () => {
            if (!repConsole) return;
            busy.value = true;
            try {
              activeId.value = await repConsole.createSession();
            } catch {
              // The console state shows why (offline); the button is enabled again below.
            } finally {
              busy.value = false;
            }
          }}
        >
          {strings.newSession}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            forgetToken();
            repConsole?.signaling.close();
            token.value = null;
          }}
        >
          {strings.signOut}
        </button>
      </header>
      <SessionTabs />
      <main class="content">{active ? <ActiveSession key={active.record.sessionId} entry={active} /> : <p class="empty">{strings.noSessions}</p>}</main>
    </div>
  );
}
