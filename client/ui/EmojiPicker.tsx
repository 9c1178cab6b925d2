/** A light emoji picker: a fixed handful of common emoji, no emoji database. */
import type { RefObject } from 'preact';
import { insertIntoTextarea } from './insertText.js';
import { usePopover } from './usePopover.js';

export const EMOJI = ['🙂', '😀', '😉', '😊', '😂', '😅', '🙁', '😢', '😮', '🤔', '👍', '👎', '👌', '👏', '🙏', '💪', '🎉', '✅', '❌', '⚠️', '❤️', '⭐', '🔧', '💻'];

interface EmojiPickerProps {
  readonly label: string;
  readonly inputRef: RefObject<HTMLTextAreaElement>;
  readonly disabled?: boolean;
}

export function EmojiPicker({ label, inputRef, disabled = false }: EmojiPickerProps) {
  const { open, setOpen, rootRef, buttonRef } = usePopover();
  return (
    <div class="popover-root" ref={rootRef}>
      <button
        type="button"
        class="secondary icon-button"
        ref={buttonRef}
        data-testid="emoji-picker"
        aria-expanded={open}
        aria-label={label}
        title={label}
        disabled={disabled}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🙂</span>
      </button>
      {open && (
        <div class="popover emoji-grid" role="group" aria-label={label}>
          {EMOJI.map((emoji) => (
            <button
              key={emoji}
              type="button"
              class="emoji"
              data-testid="emoji"
              onClick={() => {
                insertIntoTextarea(inputRef.current, emoji);
                setOpen(false);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
