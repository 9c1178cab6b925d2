/**
 * The message box: Enter sends, Shift+Enter adds a line, spell check on. It stays usable while
 * disconnected: what is sent then waits in the local log and goes when the link is back.
 */
import { useRef, useState } from 'preact/hooks';
import { MAX_CHAT_MESSAGE_CHARS } from '../../protocol/limits.js';
import type { ChatStrings } from './strings.js';

interface ComposerProps {
  readonly strings: ChatStrings;
  readonly disabled?: boolean;
  readonly onSend: (text: string) => void;
  readonly onTyping: () => void;
  readonly inputRef?: { current: HTMLTextAreaElement | null };
}

export function MessageComposer({ strings, disabled = false, onSend, onTyping, inputRef }: ComposerProps) {
  const [text, setText] = useState('');
  const localRef = useRef<HTMLTextAreaElement | null>(null);
  const ref = inputRef ?? localRef;
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
        onInput={(e) => {
          setText(e.currentTarget.value);
          onTyping();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" data-testid="send-button" disabled={disabled}>
        {strings.send}
      </button>
    </form>
  );
}
