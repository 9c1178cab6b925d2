/**
 * The message box: Enter sends, Shift+Enter adds a line, spell check on. It stays usable while
 * disconnected: what is sent then waits in the local log and goes when the link is back.
 */
import { useRef, useState } from 'preact/hooks';
import { MAX_CHAT_MESSAGE_CHARS } from '../../protocol/limits.js';
import { COMPLETION_LIST_ID, CompletionList, completionOptionId, type Completion, type CompletionSet } from './CompletionList.js';
import type { ChatStrings } from './strings.js';

/** What a page may add to the message box: a kept draft and `/word` completions. */
export interface ComposerExtras {
  /** The text the box starts with (a draft kept while another tab was open). */
  readonly initialValue?: string;
  readonly onValueChange?: (text: string) => void;
  /** Suggestions for the draft, or null; Tab or Enter takes the selected one. */
  readonly completions?: (text: string) => CompletionSet | null;
}

interface ComposerProps extends ComposerExtras {
  readonly strings: ChatStrings;
  readonly disabled?: boolean;
  readonly onSend: (text: string) => void;
  readonly onTyping: () => void;
  readonly inputRef?: { current: HTMLTextAreaElement | null };
}

export function MessageComposer({ strings, disabled = false, onSend, onTyping, inputRef, initialValue = '', onValueChange, completions }: ComposerProps) {
  const [text, setTextState] = useState(initialValue);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [focused, setFocused] = useState(false);
  const localRef = useRef<HTMLTextAreaElement | null>(null);
  const ref = inputRef ?? localRef;
  const setText = (value: string) => {
    setTextState(value);
    setDismissed(false);
    setSelected(0);
    onValueChange?.(value);
  };
  const found = completions && focused && !dismissed && !disabled ? completions(text) : null;
  const shown = found && found.items.length > 0 ? found : null;
  const pick = (item: Completion) => {
    if (!shown) return;
    setText(text.slice(0, shown.from) + item.text);
    ref.current?.focus();
  };
  const send = () => {
    if (text.trim() === '' || disabled) return;
    onSend(text);
    setText('');
    ref.current?.focus();
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label class="visually-hidden" for="message-input">
        {strings.messageInputLabel}
      </label>
      <div class="composer-input">
      {shown && <CompletionList items={shown.items} selected={Math.min(selected, shown.items.length - 1)} label={strings.suggestionsLabel} onPick={pick} />}
      <textarea
        id="message-input"
        ref={ref}
        data-testid="message-input"
        value={text}
        rows={2}
        spellcheck={true}
        maxLength={MAX_CHAT_MESSAGE_CHARS}
        placeholder={strings.messageInputPlaceholder}
        disabled={disabled}
        aria-autocomplete={completions ? 'list' : undefined}
        aria-controls={shown ? COMPLETION_LIST_ID : undefined}
        aria-activedescendant={shown ? completionOptionId(Math.min(selected, shown.items.length - 1)) : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          onTyping();
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (shown && !e.isComposing) {
            const count = shown.items.length;
            const current = Math.min(selected, count - 1);
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setSelected((current + (e.key === 'ArrowDown' ? 1 : count - 1)) % count);
              return;
            }
            if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
              e.preventDefault();
              pick(shown.items[current]!);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setDismissed(true);
              return;
            }
          }
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      </div>
      <button type="submit" data-testid="send-button" disabled={disabled}>
        {strings.send}
      </button>
    </form>
  );
}
