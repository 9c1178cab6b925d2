/** The Push URL button and its small form: the customer is asked before anything opens. */
import { useState } from 'preact/hooks';
import type { SupportSession } from '../session/SupportSession.js';
import { PopoverButton } from '../ui/PopoverButton.js';
import { repMessages as strings } from './messages.js';
import { pushUrl, type PushUrlError } from './pushUrlSender.js';

export function PushUrlButton({ session, disabled = false }: { session: SupportSession; disabled?: boolean }) {
  const [address, setAddress] = useState('');
  const [error, setError] = useState<PushUrlError | null>(null);
  return (
    <PopoverButton label={strings.pushUrl} testId="push-url" disabled={disabled} onToggle={() => setError(null)}>
      {(close) => (
        <form
          class="popover push-url-form"
          aria-label={strings.pushUrl}
          onSubmit={(event) => {
            event.preventDefault();
            const sent = pushUrl(session, address);
            if (!sent.ok) {
              setError(sent.error);
              return;
            }
            setAddress('');
            setError(null);
            close();
          }}
        >
          <label for="push-url-input">{strings.pushUrlLabel}</label>
          <input
            id="push-url-input"
            type="text"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            data-testid="push-url-input"
            placeholder="https://"
            value={address}
            aria-invalid={error === 'NOT_PUSHABLE'}
            aria-describedby="push-url-help"
            onInput={(e) => setAddress(e.currentTarget.value)}
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
          <p id="push-url-help" class="hint">
            {strings.pushUrlHelp}
          </p>
          {error && (
            <p class="error" role="alert" data-testid="push-url-error" data-code={error}>
              {strings.pushUrlErrors[error]}
            </p>
          )}
          <button type="submit" data-testid="push-url-send">
            {strings.pushUrlSend}
          </button>
        </form>
      )}
    </PopoverButton>
  );
}
