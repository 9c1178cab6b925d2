/** The customer page: the join form, then the chat with the rep. */
import { signal } from '@preact/signals';
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { ErrorCode } from '../../protocol/errors.js';
import { DEFAULT_FILE_RULES } from '../../protocol/fileRules.js';
import type { InstanceId, JoinToken, SessionId } from '../../protocol/ids.js';
import { normalizeSessionCode } from '../../protocol/sessionCode.js';
import { SupportSession } from '../session/SupportSession.js';
import { startFileTransfers } from '../files/sessionFiles.js';
import { Transcript } from '../transcript/Transcript.js';
import { AttachButton } from '../files/AttachButton.js';
import { ScreenShareBanner } from '../screen/ScreenShareBanner.js';
import { ShareScreenButton } from '../screen/ShareScreenButton.js';
import { ChatPanel } from '../ui/ChatPanel.js';
import { useSessionDetails } from '../ui/useSessionState.js';
import { watchIncomingMessages } from '../session/IncomingMessages.js';
import { EMOJI, EmojiPicker } from '../ui/EmojiPicker.js';
import { pageInFront, playChime, requestNotificationPermission, showNotification } from '../ui/messageAlert.js';
import { PushUrlPrompt } from './PushUrlPrompt.js';
import { CustomerClient } from './CustomerClient.js';
import { detectPlatform } from './detectPlatform.js';
import { JoinForm } from './JoinForm.js';
import { joinMessages as strings } from './messages.js';
import { warmUpJoin } from './warmUp.js';
import { whenLinkOpen } from './whenLinkOpen.js';
import { whenIdle } from '../storage/whenIdle.js';

const client = new CustomerClient();
const session = signal<SupportSession | null>(null);
const joinError = signal<ErrorCode | null>(null);
const busy = signal(false);
const ended = signal(false);
const restoring = signal(true);

function readHash(): { joinToken: JoinToken | null; sessionId: SessionId | null } {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const t = params.get('t');
  const s = params.get('s');
  return {
    joinToken: t && /^[A-Za-z0-9_-]{22,256}$/.test(t) ? (t as JoinToken) : null,
    sessionId: s && /^[A-Za-z0-9_-]{1,64}$/.test(s) ? (s as SessionId) : null,
  };
}

client.on('session', (value) => {
  // The chat view is drawn once the link is open (see whenLinkOpen); the Join button shows the wait.
  whenLinkOpen(value, () => client.session === value && showSession(value));
});

function showSession(value: SupportSession): void {
  session.value = value;
  busy.value = false;
  joinError.value = null;
  ended.value = false;
  value.on('ended', () => (ended.value = true));
  // Keep the session in the address so a reload comes back to it (the key stays in IndexedDB).
  history.replaceState(null, '', `${window.location.pathname}#s=${value.sessionId}`);
}
client.on('joinError', (error) => {
  busy.value = false;
  if (session.value && error.code === 'SESSION_NOT_FOUND') ended.value = true;
  else joinError.value = error.code;
});

function Chat({ value }: { value: SupportSession }) {
  // Only the details (the rep's name): the chat panel follows the rest itself.
  const details = useSessionDetails(value);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => inputRef.current?.focus(), [value]);
  // The rep's messages while this page is in the background: a chime and a notification.
  useEffect(
    () =>
      watchIncomingMessages(value, (messages) => {
        if (pageInFront()) return;
        const last = messages[messages.length - 1]!;
        playChime();
        showNotification(strings.repMessageNotification(last.author), last.text, 'p2p-support-customer');
      }),
    [value],
  );
  return (
    <div class="app customer">
      <header class="top-bar">
        <h1>{strings.chatTitle(details?.repName ?? '')}</h1>
      </header>
      {ended.value && <p class="notice">{strings.sessionEnded}</p>}
      <main class="content">
        <ChatPanel
          session={value}
          strings={strings}
          ended={ended.value}
          inputRef={inputRef}
          banner={
            <>
              {!ended.value && <ScreenShareBanner session={value} strings={strings.screen} />}
              {!ended.value && <PushUrlPrompt session={value} strings={strings} />}
            </>
          }
          tools={
            <>
              {!ended.value && <ShareScreenButton session={value} strings={strings.screen} />}
              <AttachButton session={value} strings={strings} disabled={ended.value} />
              <EmojiPicker label={strings.emojiPicker} inputRef={inputRef} disabled={ended.value} />
            </>
          }
        />
      </main>
    </div>
  );
}

/**
 * While the customer types: the chat view drawn once into a detached element, on a throwaway
 * session with a message each way, then removed. Its code runs for the first time here instead
 * of between Join and connected, where V8 compiling and tiering it up took about half of the
 * first drawing (a renderer trace, bench/README.md). Nothing is stored, shown or sent: the
 * session has no signaling and no link, and a detached element is never laid out.
 */
function warmUpChatView(): void {
  const transcript = new Transcript();
  const warmUp = new SupportSession({
    sessionId: 'warm-up' as SessionId,
    role: 'customer',
    selfName: () => 'Warm-up',
    instanceId: 'warm-up' as InstanceId,
    signaling: { state: 'closed', send: () => false },
    transcript,
    iceServers: () => [],
  });
  const stopFiles = startFileTransfers(warmUp, { rules: () => DEFAULT_FILE_RULES });
  const host = document.createElement('div');
  try {
    transcript.setDetails({ sessionId: warmUp.sessionId, startedAt: Date.now(), customerName: 'Warm-up', query: 'Warm-up', repName: 'Warm-up' });
    transcript.appendMessage('rep', 'Warm-up', 'Warm-up');
    transcript.appendMessage('customer', 'Warm-up', 'Warm-up');
    render(<Chat value={warmUp} />, host);
  } finally {
    render(null, host);
    stopFiles();
    warmUp.dispose();
    transcript.doc.destroy();
  }
}

/**
 * While the customer types: the emoji the chat view shows (its emoji button) laid out once, off
 * screen and invisible, then removed. The first emoji a page lays out makes the browser look for
 * a font that has it, which took about 40 ms on the path from Join to connected in alternated
 * runs (bench/README.md); afterwards the lookup is remembered for the page.
 */
function warmUpEmojiGlyphs(): void {
  const probe = document.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;left:-9999px;top:0;visibility:hidden;white-space:nowrap';
  probe.textContent = EMOJI.join('');
  document.body.append(probe);
  try {
    void probe.offsetWidth;
  } finally {
    probe.remove();
  }
}

export function JoinApp() {
  const { joinToken, sessionId } = readHash();
  useEffect(() => {
    client.connect();
    // While the customer types: the first link and its offer (sent with the join), and the
    // first WebRTC and transcript work on throwaway objects.
    whenIdle(() => {
      void client.prepareLink();
      void warmUpJoin().then(() =>
        whenIdle(() => {
          if (client.session) return;
          warmUpChatView();
          warmUpEmojiGlyphs();
        }),
      );
    });
    // Opening another join link in this tab is a fresh start.
    window.addEventListener('hashchange', () => window.location.reload());
    window.addEventListener('pagehide', () => client.dispose());
    window.addEventListener('online', () => client.session?.handleBrowserOnline(true));
    window.addEventListener('offline', () => client.session?.handleBrowserOnline(false));
    void client.findPrevious(sessionId, joinToken).then(async (previous) => {
      if (previous) await client.rejoin(previous);
      restoring.value = false;
    });
  }, []);
  if (session.value) return <Chat value={session.value} />;
  if (restoring.value && (sessionId || joinToken)) return <p class="notice" role="status">{strings.rejoining}</p>;
  return (
    <JoinForm
      strings={strings}
      withCode={!joinToken}
      busy={busy.value}
      error={joinError.value}
      onJoin={(values) => {
        requestNotificationPermission();
        const platform = detectPlatform(navigator.userAgent);
        const customer = { name: values.name.trim(), query: values.query.trim(), ...platform };
        if (joinToken) {
          busy.value = true;
          void client.join({ joinToken }, customer);
          return;
        }
        const code = normalizeSessionCode(values.code);
        if (!code.ok) {
          joinError.value = code.error;
          return;
        }
        busy.value = true;
        void client.join({ code: code.value }, customer);
      }}
    />
  );
}
