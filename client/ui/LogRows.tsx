/**
 * One row of the chat log per entry. Rows only re-render when their own props change: a long
 * log does not redraw every message when one arrives, a receipt changes or the other side types.
 */
import type { ComponentChildren } from 'preact';
import type { Role } from '../../protocol/ids.js';
import type { ChatMessage, StatusNote } from '../../protocol/transcript.js';
import type { Delivery } from '../transcript/Receipts.js';
import { MessageText } from './MessageText.js';
import { PureRow } from './PureRow.js';
import type { ChatStrings } from './strings.js';

function Time({ at, strings }: { at: number; strings: ChatStrings }) {
  return <time dateTime={new Date(at).toISOString()}>{strings.formatTime(at)}</time>;
}

interface MessageRowProps {
  readonly entry: ChatMessage;
  readonly selfRole: Role;
  readonly strings: ChatStrings;
  /** Where an own message stands; undefined for the other side's messages. */
  readonly delivery: Delivery | undefined;
}

export class MessageRow extends PureRow<MessageRowProps> {
  override render({ entry, selfRole, strings, delivery }: MessageRowProps): ComponentChildren {
    const own = entry.role === selfRole;
    return (
      <article
        class={`message ${own ? 'own' : 'theirs'}`}
        data-testid="chat-message"
        data-role={entry.role}
        data-id={entry.id}
        {...(delivery ? { 'data-delivery': delivery } : {})}
      >
        <header>
          <span class="author">{entry.author || (own ? strings.you : '')}</span> <Time at={entry.at} strings={strings} />
        </header>
        <p class="text">
          <MessageText text={entry.text} />
        </p>
        {delivery && <p class={`delivery ${delivery}`}>{strings.delivery[delivery]}</p>}
      </article>
    );
  }
}

interface StatusRowProps {
  readonly entry: StatusNote;
  /** The side that caused it, from this page's point of view ("You", "The customer"). */
  readonly who: string;
  readonly strings: ChatStrings;
}

export class StatusRow extends PureRow<StatusRowProps> {
  override render({ entry, who, strings }: StatusRowProps): ComponentChildren {
    return (
      <p class="status-note" data-testid="chat-message" data-role="system" data-event={entry.event}>
        <span class="text">{strings.status[entry.event](entry, who)}</span> <Time at={entry.at} strings={strings} />
      </p>
    );
  }
}
