/**
 * The selected session: the waiting card until the customer joins, the chat with its tools
 * (scripted messages, push URL, emoji, export) and the side pane.
 */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { SessionId } from '../../protocol/ids.js';
import { AttachButton } from '../files/AttachButton.js';
import { ScreenPane } from '../screen/ScreenPane.js';
import { ChatPanel } from '../ui/ChatPanel.js';
import type { CompletionSet } from '../ui/CompletionList.js';
import { EmojiPicker } from '../ui/EmojiPicker.js';
import { useSessionDetails } from '../ui/useSessionState.js';
import { CannedPicker } from './CannedPicker.js';
import { slashMatches, slashQuery } from './cannedSearch.js';
import { closeSessionTab } from './consoleActions.js';
import { canned, drafts } from './consoleState.js';
import { ExportMenu } from './ExportMenu.js';
import { repMessages as strings } from './messages.js';
import { PushUrlButton } from './PushUrlButton.js';
import { chatName } from './recentChatList.js';
import type { RepSessionEntry } from './RepConsole.js';
import { SidePane, SidePaneToggle } from './SidePane.js';
import { tabId, useEntryEnded } from './SessionTabs.js';
import { WaitingCard } from './WaitingCard.js';

/** `/shortcut` suggestions from the scripted messages. */
export function slashCompletions(text: string): CompletionSet | null {
  const query = slashQuery(text);
  if (!query) return null;
  const items = slashMatches(canned.value, query.prefix).map((item) => ({
    key: item.id,
    label: `/${item.shortcut}`,
    detail: item.title || item.text.slice(0, 60),
    text: item.text,
  }));
  return { from: query.from, items };
}

/** Puts the caret in the message box unless the rep is typing somewhere else (notes, search). */
function focusMessageBox(input: HTMLTextAreaElement | null): void {
  const current = document.activeElement;
  const typingElsewhere = current instanceof HTMLInputElement || (current instanceof HTMLTextAreaElement && current !== input);
  if (!typingElsewhere) input?.focus();
}

export function SessionView({ entry }: { entry: RepSessionEntry }) {
  // Only the details: the chat panel and the side pane follow the rest themselves.
  const details = useSessionDetails(entry.session);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const sessionId: SessionId = entry.record.sessionId;
  const ended = useEntryEnded(entry);
  const joined = Boolean(details?.customerName);
  useEffect(() => {
    if (joined) focusMessageBox(inputRef.current);
  }, [joined, sessionId]);
  const composer = useMemo(
    () => ({
      initialValue: drafts.get(sessionId) ?? '',
      onValueChange: (text: string) => (text ? drafts.set(sessionId, text) : drafts.delete(sessionId)),
      completions: slashCompletions,
    }),
    [sessionId],
  );
  const tools = (
    <>
      <CannedPicker session={entry.session} inputRef={inputRef} disabled={ended} />
      <PushUrlButton session={entry.session} disabled={ended} />
      <AttachButton session={entry.session} strings={strings} disabled={ended} />
      <EmojiPicker label={strings.emojiPicker} inputRef={inputRef} disabled={ended} />
      <ExportMenu transcript={entry.session.transcript} label={chatName(entry.record) || details?.customerName || sessionId} />
    </>
  );
  return (
    <div class="session" id="session-panel" role="tabpanel" aria-labelledby={tabId(sessionId)}>
      <div class="session-main">
        {!joined && !ended && <WaitingCard record={entry.record} strings={strings} />}
        {ended && (
          <div class="notice ended-notice">
            <p>{strings.sessionEnded}</p>
            <button type="button" class="secondary" data-testid="close-session-tab" onClick={() => closeSessionTab(sessionId)}>
              {strings.closeTab}
            </button>
          </div>
        )}
        <ChatPanel session={entry.session} strings={strings} ended={ended} inputRef={inputRef} tools={tools} composer={composer} />
      </div>
      <SidePaneToggle />
      <SidePane entry={entry}>
        <ScreenPane session={entry.session} strings={strings.screen} ended={ended} />
      </SidePane>
    </div>
  );
}
