/**
 * The rep's private notes on a session: kept in this browser only (consoleStore), never in the
 * shared transcript and never sent to the customer. Saved as the rep types.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionId } from '../../protocol/ids.js';
import { getSessionNote, saveSessionNote } from '../storage/consoleStore.js';
import { repMessages as strings } from './messages.js';

/** Notes are written this long after the last keystroke (and at once when the pane closes). */
export const NOTES_SAVE_DELAY_MS = 400;

export function NotesPane({ sessionId }: { sessionId: SessionId }) {
  const [text, setText] = useState<string | null>(null);
  const [saved, setSaved] = useState(true);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (pending.current === null) return;
    const value = pending.current;
    pending.current = null;
    void saveSessionNote(sessionId, value).then(() => setSaved(pending.current === null));
  };
  useEffect(() => {
    let live = true;
    void getSessionNote(sessionId).then((stored) => live && setText(stored));
    return () => {
      live = false;
      flush();
    };
  }, [sessionId]);
  return (
    <section class="pane" aria-labelledby="notes-heading">
      <h2 id="notes-heading">{strings.notesTitle}</h2>
      <label class="visually-hidden" for="session-notes">
        {strings.notesTitle}
      </label>
      <textarea
        id="session-notes"
        class="notes"
        data-testid="notes"
        rows={5}
        spellcheck={true}
        aria-describedby="notes-help"
        disabled={text === null}
        value={text ?? ''}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          setSaved(false);
          pending.current = value;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(flush, NOTES_SAVE_DELAY_MS);
        }}
        onBlur={flush}
      />
      <p id="notes-help" class="hint" data-testid="notes-state" data-saved={saved}>
        {saved ? strings.notesHelp : strings.notesSaving}
      </p>
    </section>
  );
}
