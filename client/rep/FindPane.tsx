/** Find in this conversation: messages with the words typed, from the whole log (not only what is shown). */
import { useState } from 'preact/hooks';
import type { LogEntry } from '../../protocol/transcript.js';
import { repMessages as strings } from './messages.js';
import { findMessages } from './transcriptSearch.js';

export function FindPane({ entries }: { entries: readonly LogEntry[] }) {
  const [query, setQuery] = useState('');
  const found = findMessages(entries, query);
  return (
    <section class="pane" aria-labelledby="find-heading">
      <h2 id="find-heading">{strings.findTitle}</h2>
      <input
        type="search"
        data-testid="find-in-chat"
        aria-label={strings.findLabel}
        placeholder={strings.findPlaceholder}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {query.trim() !== '' && (
        <>
          <p class="hint" role="status" data-testid="find-count" data-count={found.total}>
            {strings.findCount(found.total, found.matches.length)}
          </p>
          <ol class="find-results">
            {found.matches.map((message) => (
              <li key={message.id} data-testid="find-result" data-id={message.id}>
                <span class="find-meta">
                  <strong>{message.author}</strong> <time dateTime={new Date(message.at).toISOString()}>{strings.formatDateTime(message.at)}</time>
                </span>
                <span class="find-text">{message.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
