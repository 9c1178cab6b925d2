/** The conversation: details at the head, then messages and status notes in log order. */
import { useEffect, useRef } from 'preact/hooks';
import type { Role } from '../../protocol/ids.js';
import type { LogEntry, SessionDetails } from '../../protocol/transcript.js';
import { MessageText } from './MessageText.js';
import { SessionDetailsView } from './SessionDetailsView.js';
import type { ChatStrings } from './strings.js';

interface ChatLogProps {
  readonly entries: readonly LogEntry[];
  readonly details: SessionDetails | null;
  readonly selfRole: Role;
  readonly strings: ChatStrings;
}

function whoDid(by: Role | undefined, selfRole: Role, strings: ChatStrings): string {
  if (by === undefined) return '';
  return by === selfRole ? strings.you : by === 'rep' ? strings.theRep : strings.theCustomer;
}

export function ChatLog({ entries, details, selfRole, strings }: ChatLogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [entries]);
  return (
    <div
      class="chat-log"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={strings.chatLogLabel}
      tabIndex={0}
      data-testid="chat-log"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <SessionDetailsView details={details} strings={strings} />
      {entries.map((entry) =>
        entry.kind === 'message' ? (
          <article
            key={entry.id}
            class={`message ${entry.role === selfRole ? 'own' : 'theirs'}`}
            data-testid="chat-message"
            data-role={entry.role}
            data-id={entry.id}
          >
            <header>
              <span class="author">{entry.author || (entry.role === selfRole ? strings.you : '')}</span>{' '}
              <time dateTime={new Date(entry.at).toISOString()}>{strings.formatTime(entry.at)}</time>
            </header>
            <p class="text">
              <MessageText text={entry.text} />
            </p>
          </article>
        ) : (
          <p key={entry.id} class="status-note" data-testid="chat-message" data-role="system" data-event={entry.event}>
            <span class="text">{strings.status[entry.event](entry, whoDid(entry.by, selfRole, strings))}</span>{' '}
            <time dateTime={new Date(entry.at).toISOString()}>{strings.formatTime(entry.at)}</time>
          </p>
        ),
      )}
    </div>
  );
}
