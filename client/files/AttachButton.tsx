/**
 * The attach button and its hidden file input (several files at once), plus the notices for
 * files refused before a byte was sent (type or size against the server's rules).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import type { ChatStrings } from '../ui/strings.js';
import { fileTransfersOf } from './sessionFiles.js';

interface AttachButtonProps {
  readonly session: SupportSession;
  readonly strings: ChatStrings;
  readonly disabled?: boolean;
}

export function AttachButton({ session, strings, disabled = false }: AttachButtonProps) {
  const manager = fileTransfersOf(session);
  const input = useRef<HTMLInputElement>(null);
  const [refusals, setRefusals] = useState(manager?.refusals ?? []);
  useEffect(() => {
    if (!manager) return undefined;
    setRefusals(manager.refusals);
    return manager.on('change', (id) => id === null && setRefusals(manager.refusals));
  }, [manager]);
  if (!manager) return null;
  const s = strings.files;
  return (
    <>
      <button
        type="button"
        class="secondary"
        data-testid="attach-button"
        title={s.attachHint}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        {s.attach}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        aria-label={s.attach}
        disabled={disabled}
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          manager.attach(files);
        }}
      />
      {refusals.map((refusal) => (
        <div key={refusal.id} class="notice attach-refusal" data-testid="transfer" data-state="failed" role="alert">
          <strong>{s.refused(refusal.name)}</strong>
          <p data-testid="transfer-error" data-code={refusal.code}>
            {s.error(refusal.code, manager.rules)}
          </p>
          <button type="button" class="secondary" onClick={() => manager.dismissRefusal(refusal.id)}>
            {s.dismiss}
          </button>
        </div>
      ))}
    </>
  );
}
