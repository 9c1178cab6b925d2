/**
 * Recent chats: every conversation this browser keeps, live or past, newest activity first,
 * each with the customer's name, the date and a line of the last message, and a menu to remove
 * it from the list.
 */
import type { ComponentChildren } from 'preact';
import type { SessionId } from '../../protocol/ids.js';
import type { RepConversationRecord } from '../storage/db.js';
import { PureRow } from '../ui/PureRow.js';
import { PopoverButton } from '../ui/PopoverButton.js';
import { hideChat, openChat } from './consoleActions.js';
import { activeId, hiddenChats, liveRecords, pastChatId, search, storedChats } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { chatName, lastActivityAt, recentChats } from './recentChatList.js';

function RecentChatMenu({ sessionId, name }: { sessionId: SessionId; name: string }) {
  return (
    <PopoverButton label={<span aria-hidden="true">⋯</span>} title={strings.recentMenu(name)} testId="recent-chat-menu" buttonClass="secondary icon-button" rootClass="recent-menu">
      {(close) => (
        <div class="popover menu-popover" role="group" aria-label={strings.recentMenu(name)}>
          <button
            type="button"
            class="secondary"
            data-testid="recent-chat-remove"
            onClick={() => {
              close();
              hideChat(sessionId);
            }}
          >
            {strings.removeFromList}
          </button>
        </div>
      )}
    </PopoverButton>
  );
}

interface RecentChatItemProps {
  readonly sessionId: SessionId;
  readonly name: string;
  readonly at: number;
  readonly preview: string | undefined;
  readonly state: RepConversationRecord['state'];
  readonly current: boolean;
}

/** Fields, not the record (the list merges records afresh): only the row a message changed renders. */
class RecentChatItem extends PureRow<RecentChatItemProps> {
  override render({ sessionId, name, at, preview, state, current }: RecentChatItemProps): ComponentChildren {
    return (
      <li class={`recent-chat${current ? ' current' : ''}`} data-testid="recent-chat" data-session-id={sessionId} data-state={state}>
        <button type="button" class="recent-open" aria-current={current ? 'true' : undefined} onClick={() => openChat(sessionId)}>
          <span class="recent-name">{name}</span>
          <time class="recent-date" dateTime={new Date(at).toISOString()} title={strings.formatDateTime(at)}>
            {strings.recentDate(at)}
          </time>
          <span class="recent-preview">{preview ?? (state === 'ended' ? strings.endedNoMessages : strings.noMessagesYet)}</span>
          {state === 'ended' && <span class="visually-hidden"> {strings.endedWord}</span>}
        </button>
        <RecentChatMenu sessionId={sessionId} name={name} />
      </li>
    );
  }
}

export function RecentChats() {
  const list = recentChats(
    storedChats.value,
    liveRecords.value,
    hiddenChats.value,
    search.value,
  );
  const current = pastChatId.value ?? activeId.value;
  return (
    <aside class="recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">{strings.recentTitle}</h2>
      {list.length === 0 && <p class="hint">{search.value.trim() ? strings.noSearchMatch : strings.noRecentChats}</p>}
      <ul class="recent-list" data-testid="recent-chats">
        {list.map((record) => (
          <RecentChatItem
            key={record.sessionId}
            sessionId={record.sessionId}
            name={chatName(record) || strings.waitingTab}
            at={lastActivityAt(record)}
            preview={record.lastMessagePreview}
            state={record.state}
            current={record.sessionId === current}
          />
        ))}
      </ul>
    </aside>
  );
}
