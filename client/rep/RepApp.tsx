/**
 * The rep console: sign-in, then the header, Recent chats, one tab per session and the selected
 * session (or a past chat). State lives in consoleState.ts, behaviour in consoleActions.ts; this
 * file lays the parts out and runs the page-wide effects (title, clock, focus, shortcuts).
 */
import { effect } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { onPageFrontChange, pageInFront } from '../ui/messageAlert.js';
import { CannedEditor } from './CannedEditor.js';
import { ChatPreferences } from './ChatPreferences.js';
import { ConsoleHeader } from './ConsoleHeader.js';
import { disposeConsole, entryOf, loadLocalState, selectSession, startConsole } from './consoleActions.js';
import { activeId, dialog, now, pageFront, pastChatId, preferences, sessions, signInError, token, unreadTotal } from './consoleState.js';
import { consoleTitle } from './consoleTitle.js';
import { repMessages as strings } from './messages.js';
import { PastChatView } from './PastChatView.js';
import { RecentChats } from './RecentChats.js';
import { saveToken, takeTokenFromUrl } from './repToken.js';
import { SessionTabs } from './SessionTabs.js';
import { SessionView } from './SessionView.js';
import { SignIn } from './SignIn.js';

/** How often the tab colours are re-read from the clock. */
export const AGE_TICK_MS = 5_000;

/** Alt+PageDown / Alt+PageUp: next / previous session from anywhere in the console. */
function switchSessionByKey(event: KeyboardEvent): void {
  if (!event.altKey || (event.key !== 'PageDown' && event.key !== 'PageUp')) return;
  const list = sessions.value;
  if (list.length === 0) return;
  event.preventDefault();
  const index = list.findIndex((e) => e.record.sessionId === activeId.value);
  const step = event.key === 'PageDown' ? 1 : list.length - 1;
  selectSession(list[(Math.max(index, 0) + step) % list.length]!.record.sessionId);
}

function usePageEffects(): void {
  useEffect(() => {
    void loadLocalState();
    window.addEventListener('pagehide', disposeConsole);
    window.addEventListener('keydown', switchSessionByKey);
    pageFront.value = pageInFront();
    const offFront = onPageFrontChange((inFront) => (pageFront.value = inFront));
    const tick = setInterval(() => (now.value = Date.now()), AGE_TICK_MS);
    const offTitle = effect(() => {
      document.title = consoleTitle(strings.title, unreadTotal.value);
    });
    const found = takeTokenFromUrl();
    if (found) {
      token.value = found;
      startConsole(found);
    }
    return () => {
      window.removeEventListener('pagehide', disposeConsole);
      window.removeEventListener('keydown', switchSessionByKey);
      offFront();
      clearInterval(tick);
      offTitle();
    };
  }, []);
}

function MainArea() {
  if (pastChatId.value) return <PastChatView key={pastChatId.value} sessionId={pastChatId.value} />;
  const active = entryOf(activeId.value);
  return active ? <SessionView key={active.record.sessionId} entry={active} /> : <p class="empty">{strings.noSessions}</p>;
}

export function RepApp() {
  usePageEffects();
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
  return (
    <div class="app rep" style={{ '--chat-font-size': `${preferences.value.fontSizePx}px` }}>
      <ConsoleHeader />
      <div class="console-body">
        <RecentChats />
        <div class="console-main">
          <SessionTabs />
          <main class="content">
            <MainArea />
          </main>
        </div>
      </div>
      {dialog.value === 'preferences' && <ChatPreferences />}
      {dialog.value === 'canned' && <CannedEditor />}
    </div>
  );
}
