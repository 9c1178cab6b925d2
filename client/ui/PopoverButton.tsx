/**
 * A button that opens a small popover below it (scripted messages, push URL, emoji, export,
 * a recent chat's menu): `aria-expanded` on the button, closed by Escape (focus back on the
 * button), by a click outside, or by the content through `close`.
 */
import type { ComponentChildren } from 'preact';
import { usePopover } from './usePopover.js';

interface PopoverButtonProps {
  /** What the button shows. */
  readonly label: ComponentChildren;
  readonly testId: string;
  /** For a button that shows only an icon: its accessible name and tooltip. */
  readonly title?: string;
  readonly buttonClass?: string;
  readonly rootClass?: string;
  readonly disabled?: boolean;
  /** Called on every press of the button, opening or closing. */
  readonly onToggle?: () => void;
  readonly children: (close: () => void) => ComponentChildren;
}

export function PopoverButton({ label, testId, title, buttonClass = 'secondary', rootClass, disabled = false, onToggle, children }: PopoverButtonProps) {
  const { open, setOpen, rootRef, buttonRef } = usePopover();
  return (
    <div class={rootClass ? `popover-root ${rootClass}` : 'popover-root'} ref={rootRef}>
      <button
        type="button"
        class={buttonClass}
        ref={buttonRef}
        data-testid={testId}
        aria-expanded={open}
        {...(title !== undefined ? { 'aria-label': title, title } : {})}
        disabled={disabled}
        onClick={() => {
          setOpen(!open);
          onToggle?.();
        }}
      >
        {label}
      </button>
      {open && children(() => setOpen(false))}
    </div>
  );
}
