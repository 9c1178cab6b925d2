/** Earlier chats with the same customer (by name) kept in this browser, to open their transcripts. */
import type { SessionId } from '../../protocol/ids.js';
import { openChat } from './consoleActions.js';
import { liveRecords, storedChats } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { chatsWithCustomer, lastActivityAt } from './recentChatList.js';

export function HistoryPane({ sessionId, customerName }: { sessionId: SessionId; customerName: string | undefined }) {
  if (!customerName) return null;
  const earlier = chatsWithCustomer(
    storedChats.value,
    liveRecords.value,
    customerName,
  ).filter((record) => record.sessionId !== sessionId);
  return (
    <section class="pane" aria-labelledby="history-heading" data-testid="customer-history">
      <h2 id="history-heading">{strings.historyTitle}</h2>
      {earlier.length === 0 ? (
        <p class="hint">{strings.historyNone(customerName)}</p>
      ) : (
        <ul class="history-list">
          {earlier.map((record) => (
            <li key={record.sessionId}>
              <button type="button" class="link-like" data-testid="history-chat" data-session-id={record.sessionId} onClick={() => openChat(record.sessionId)}>
                {strings.formatDateTime(lastActivityAt(record))}
                {record.lastMessagePreview ? `: ${record.lastMessagePreview}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
