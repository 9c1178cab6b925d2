/**
 * Puts text into the message box at the caret, as if typed: the box's own input handler sees
 * it, so pickers (emoji, scripted messages) need no API of the composer beyond its element.
 */
export function insertIntoTextarea(textarea: HTMLTextAreaElement | null, text: string): void {
  if (!textarea || textarea.disabled) return;
  const start = textarea.selectionStart ?? textarea.value.length;
  const end = textarea.selectionEnd ?? start;
  textarea.focus();
  textarea.setRangeText(text, start, end, 'end');
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}
