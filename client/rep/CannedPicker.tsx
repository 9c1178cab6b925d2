/** Scripted messages and URLs at hand: search, pick one to put in the message box, or push a URL. */
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import { insertIntoTextarea } from '../ui/insertText.js';
import { PopoverButton } from '../ui/PopoverButton.js';
import { groupByCategory, searchCanned } from './cannedSearch.js';
import { canned, dialog } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { pushUrl, type PushUrlError } from './pushUrlSender.js';

interface CannedPickerProps {
  readonly session: SupportSession;
  readonly inputRef: RefObject<HTMLTextAreaElement>;
  readonly disabled?: boolean;
}

export function CannedPicker({ session, inputRef, disabled = false }: CannedPickerProps) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<PushUrlError | null>(null);
  const groups = groupByCategory(searchCanned(canned.value, query));
  return (
    <PopoverButton label={strings.cannedPicker} testId="canned-picker" disabled={disabled} onToggle={() => setError(null)}>
      {(close) => (
        <div class="popover canned-popover" role="group" aria-label={strings.cannedPicker}>
          <input
            type="search"
            data-testid="canned-search"
            aria-label={strings.cannedSearchLabel}
            placeholder={strings.cannedSearchPlaceholder}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
          {error && (
            <p class="error" role="alert" data-testid="push-url-error" data-code={error}>
              {strings.pushUrlErrors[error]}
            </p>
          )}
          {groups.length === 0 && <p class="hint">{canned.value.length === 0 ? strings.cannedNone : strings.cannedNoMatch}</p>}
          {groups.map(([category, items]) => (
            <section key={category} class="canned-group">
              <h3>{category || strings.cannedUncategorised}</h3>
              <ul>
                {items.map((item) => (
                  <li key={item.id} class="canned-choice">
                    <button
                      type="button"
                      class="link-like"
                      data-testid="canned-item"
                      data-shortcut={item.shortcut}
                      onClick={() => {
                        insertIntoTextarea(inputRef.current, item.text);
                        close();
                      }}
                    >
                      <strong>/{item.shortcut}</strong> {item.title || item.text.slice(0, 60)}
                    </button>
                    {item.kind === 'url' && (
                      <button
                        type="button"
                        class="secondary small"
                        data-testid="canned-push"
                        aria-label={strings.pushThisUrl(item.text)}
                        onClick={() => {
                          const sent = pushUrl(session, item.text);
                          if (sent.ok) close();
                          else setError(sent.error);
                        }}
                      >
                        {strings.pushUrl}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <button
            type="button"
            class="secondary small"
            onClick={() => {
              close();
              dialog.value = 'canned';
            }}
          >
            {strings.cannedManage}
          </button>
        </div>
      )}
    </PopoverButton>
  );
}
