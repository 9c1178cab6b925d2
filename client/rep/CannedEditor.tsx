/**
 * Scripted messages and URLs: the list by category with search, create, edit, delete, and
 * export to / import from a JSON file a team can share (an import is all or nothing).
 */
import { useState } from 'preact/hooks';
import { MAX_CANNED_FILE_BYTES, serializeCannedFile, type CannedImportError, type CannedResponse } from './cannedFile.js';
import { CannedForm } from './CannedForm.js';
import { groupByCategory, searchCanned } from './cannedSearch.js';
import { deleteCannedItem, importCannedFile } from './consoleActions.js';
import { canned, dialog } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { ModalDialog } from './ModalDialog.js';

type ImportOutcome = { ok: true; added: number; replaced: number } | { ok: false; error: CannedImportError };

function downloadFile(): void {
  const url = URL.createObjectURL(new Blob([serializeCannedFile(canned.value)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'scripted-messages.json';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function readImport(file: File): Promise<ImportOutcome> {
  if (file.size > MAX_CANNED_FILE_BYTES) return { ok: false, error: { code: 'TOO_LARGE' } };
  const result = await importCannedFile(await file.text());
  return result.ok ? { ok: true, ...result.value } : { ok: false, error: result.error };
}

export function CannedEditor() {
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const groups = groupByCategory(searchCanned(canned.value, query));
  return (
    <ModalDialog title={strings.cannedTitle} testId="canned-editor" onClose={() => (dialog.value = null)} closeLabel={strings.close}>
      {editing ? (
        <CannedForm key={editing === 'new' ? 'new' : editing.id} editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      ) : (
        <>
          <div class="canned-toolbar">
            <button type="button" data-testid="canned-new" onClick={() => setEditing('new')}>
              {strings.cannedNew}
            </button>
            <button type="button" class="secondary" data-testid="canned-export" disabled={canned.value.length === 0} onClick={downloadFile}>
              {strings.cannedExport}
            </button>
            <label class="file-button secondary">
              {strings.cannedImport}
              <input
                type="file"
                class="visually-hidden"
                accept=".json,application/json"
                data-testid="canned-import"
                onChange={async (e) => {
                  const input = e.currentTarget;
                  const file = input.files?.[0];
                  input.value = '';
                  if (file) setOutcome(await readImport(file));
                }}
              />
            </label>
          </div>
          {outcome && (
            <p
              class={outcome.ok ? 'hint' : 'error'}
              role={outcome.ok ? 'status' : 'alert'}
              data-testid="canned-import-result"
              data-ok={outcome.ok}
              data-code={outcome.ok ? undefined : outcome.error.code}
            >
              {outcome.ok ? strings.cannedImported(outcome.added, outcome.replaced) : strings.cannedImportErrors(outcome.error)}
            </p>
          )}
          <input
            type="search"
            data-testid="canned-editor-search"
            aria-label={strings.cannedSearchLabel}
            placeholder={strings.cannedSearchPlaceholder}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          {groups.length === 0 && <p class="hint">{canned.value.length === 0 ? strings.cannedNone : strings.cannedNoMatch}</p>}
          {groups.map(([category, items]) => (
            <section key={category} class="canned-group">
              <h3>{category || strings.cannedUncategorised}</h3>
              <ul class="canned-rows">
                {items.map((item) => (
                  <li key={item.id} data-testid="canned-row" data-shortcut={item.shortcut}>
                    <span class="canned-row-text">
                      <strong>/{item.shortcut}</strong> {item.title} <span class="hint">{item.kind === 'url' ? item.text : item.text.slice(0, 80)}</span>
                    </span>
                    <button type="button" class="secondary small" data-testid="canned-edit" aria-label={strings.cannedEditOne(item.shortcut)} onClick={() => setEditing(item)}>
                      {strings.edit}
                    </button>
                    <button
                      type="button"
                      class="danger small"
                      data-testid="canned-delete"
                      aria-label={strings.cannedDeleteOne(item.shortcut)}
                      onClick={() => void deleteCannedItem(item.id)}
                    >
                      {strings.delete}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </ModalDialog>
  );
}
