/** The suggestions under the message box (scripted messages found by `/shortcut`). */
export interface Completion {
  readonly key: string;
  /** What the list shows first (`/greet`). */
  readonly label: string;
  /** A hint after it (title or start of the text). */
  readonly detail?: string;
  /** What replaces the typed `/word`. */
  readonly text: string;
}

/** Matches for the draft: `from` is where the typed word starts. */
export interface CompletionSet {
  readonly from: number;
  readonly items: readonly Completion[];
}

export const COMPLETION_LIST_ID = 'message-completions';
export const completionOptionId = (index: number) => `message-completion-${index}`;

interface CompletionListProps {
  readonly items: readonly Completion[];
  readonly selected: number;
  readonly label: string;
  readonly onPick: (item: Completion) => void;
}

export function CompletionList({ items, selected, label, onPick }: CompletionListProps) {
  return (
    <ul class="completions" id={COMPLETION_LIST_ID} role="listbox" aria-label={label} data-testid="canned-suggestions">
      {items.map((item, index) => (
        <li
          key={item.key}
          id={completionOptionId(index)}
          role="option"
          aria-selected={index === selected}
          data-testid="canned-suggestion"
          // mousedown, not click: the message box keeps the focus.
          onMouseDown={(event) => {
            event.preventDefault();
            onPick(item);
          }}
        >
          <strong>{item.label}</strong>
          {item.detail && <span class="completion-detail"> {item.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
