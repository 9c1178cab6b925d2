/** Creating or editing one scripted message or URL; checked with the same rules as an import file. */
import { useState } from 'preact/hooks';
import { checkCannedDraft, MAX_CANNED_CATEGORY_CHARS, MAX_CANNED_TITLE_CHARS, MAX_SHORTCUT_CHARS, type CannedKind, type CannedResponse } from './cannedFile.js';
import { saveCannedItem } from './consoleActions.js';
import { canned } from './consoleState.js';
import { repMessages as strings } from './messages.js';

interface CannedFormProps {
  /** The response being edited, or null for a new one. */
  readonly editing: CannedResponse | null;
  readonly onDone: () => void;
}

export function CannedForm({ editing, onDone }: CannedFormProps) {
  const [shortcut, setShortcut] = useState(editing?.shortcut ?? '');
  const [title, setTitle] = useState(editing?.title ?? '');
  const [category, setCategory] = useState(editing?.category ?? '');
  const [kind, setKind] = useState<CannedKind>(editing?.kind ?? 'message');
  const [text, setText] = useState(editing?.text ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const categories = [...new Set(canned.value.map((item) => item.category).filter(Boolean))].sort();
  return (
    <form
      class="canned-form"
      data-testid="canned-form"
      aria-label={editing ? strings.cannedEditTitle : strings.cannedNewTitle}
      onSubmit={async (event) => {
        event.preventDefault();
        const checked = checkCannedDraft({ shortcut, title, category, kind, text });
        if (!checked.ok) {
          setProblem(checked.error);
          return;
        }
        const clash = canned.value.find((item) => item.shortcut.toLowerCase() === checked.value.shortcut.toLowerCase() && item.id !== editing?.id);
        if (clash) {
          setProblem(strings.cannedShortcutTaken(clash.shortcut));
          return;
        }
        await saveCannedItem(checked.value, editing?.id);
        onDone();
      }}
    >
      <h3>{editing ? strings.cannedEditTitle : strings.cannedNewTitle}</h3>
      <label for="canned-shortcut">{strings.cannedShortcut}</label>
      <input
        id="canned-shortcut"
        data-testid="canned-shortcut"
        maxLength={MAX_SHORTCUT_CHARS}
        spellcheck={false}
        aria-describedby="canned-shortcut-help"
        value={shortcut}
        onInput={(e) => setShortcut(e.currentTarget.value)}
      />
      <p id="canned-shortcut-help" class="hint">
        {strings.cannedShortcutHelp}
      </p>
      <label for="canned-title">{strings.cannedTitleLabel}</label>
      <input id="canned-title" data-testid="canned-title" maxLength={MAX_CANNED_TITLE_CHARS} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      <label for="canned-category">{strings.cannedCategory}</label>
      <input
        id="canned-category"
        data-testid="canned-category"
        list="canned-categories"
        maxLength={MAX_CANNED_CATEGORY_CHARS}
        value={category}
        onInput={(e) => setCategory(e.currentTarget.value)}
      />
      <datalist id="canned-categories">
        {categories.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <label for="canned-kind">{strings.cannedKind}</label>
      <select id="canned-kind" data-testid="canned-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as CannedKind)}>
        <option value="message">{strings.cannedKinds.message}</option>
        <option value="url">{strings.cannedKinds.url}</option>
      </select>
      <label for="canned-text">{kind === 'url' ? strings.cannedUrl : strings.cannedText}</label>
      <textarea id="canned-text" data-testid="canned-text" rows={4} spellcheck={kind === 'message'} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      {problem && (
        <p class="error" role="alert" data-testid="canned-error">
          {problem}
        </p>
      )}
      <div class="dialog-actions">
        <button type="submit" data-testid="canned-save">
          {strings.save}
        </button>
        <button type="button" class="secondary" onClick={onDone}>
          {strings.cancel}
        </button>
      </div>
    </form>
  );
}
