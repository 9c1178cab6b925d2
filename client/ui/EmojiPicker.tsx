/** A light emoji picker: a fixed handful of common emoji, no emoji database. */
import type { RefObject } from 'preact';
import { insertIntoTextarea } from './insertText.js';
import { PopoverButton } from './PopoverButton.js';

export const EMOJI = ['🙂', '😀', '😉', '😊', '😂', '😅', '🙁', '😢', '😮', '🤔', '👍', '👎', '👌', '👏', '🙏', '💪', '🎉', '✅', '❌', '⚠️', '❤️', '⭐', '🔧', '💻'];

interface EmojiPickerProps {
  readonly label: string;
  readonly inputRef: RefObject<HTMLTextAreaElement>;
  readonly disabled?: boolean;
}

export function EmojiPicker({ label, inputRef, disabled = false }: EmojiPickerProps) {
  return (
    <PopoverButton label={<span aria-hidden="true">🙂</span>} title={label} testId="emoji-picker" buttonClass="secondary icon-button" disabled={disabled}>
      {(close) => (
        <div class="popover emoji-grid" role="group" aria-label={label}>
          {EMOJI.map((emoji) => (
            <button
              key={emoji}
              type="button"
              class="emoji"
              data-testid="emoji"
              onClick={() => {
                insertIntoTextarea(inputRef.current, emoji);
                close();
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </PopoverButton>
  );
}
