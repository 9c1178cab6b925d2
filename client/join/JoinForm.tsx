/** The join form: code (unless a link was opened), name and problem. */
import { useState } from 'preact/hooks';
import type { ErrorCode } from '../../protocol/errors.js';
import { MAX_NAME_CHARS, MAX_QUERY_CHARS } from '../../protocol/limits.js';
import type { JoinMessages } from './messages.js';

export interface JoinFormValues {
  readonly code: string;
  readonly name: string;
  readonly query: string;
}

interface JoinFormProps {
  readonly strings: JoinMessages;
  readonly withCode: boolean;
  readonly busy: boolean;
  readonly error: ErrorCode | null;
  readonly onJoin: (values: JoinFormValues) => void;
}

export function JoinForm({ strings, withCode, busy, error, onJoin }: JoinFormProps) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  return (
    <main class="join">
      <h1>{strings.title}</h1>
      <p>{withCode ? strings.intro : strings.linkIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onJoin({ code, name, query });
        }}
      >
        {withCode && (
          <>
            <label for="join-code">{strings.codeLabel}</label>
            <input
              id="join-code"
              data-testid="join-code"
              inputMode="numeric"
              autocomplete="one-time-code"
              aria-describedby="join-code-help"
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
            <small id="join-code-help">{strings.codeHelp}</small>
          </>
        )}
        <label for="join-name">{strings.nameLabel}</label>
        <input
          id="join-name"
          data-testid="join-name"
          autocomplete="name"
          required
          maxLength={MAX_NAME_CHARS}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for="join-query">{strings.queryLabel}</label>
        <textarea
          id="join-query"
          data-testid="join-query"
          rows={3}
          maxLength={MAX_QUERY_CHARS}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <button type="submit" data-testid="join-submit" disabled={busy}>
          {busy ? strings.joining : strings.join}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="join-error" data-code={error}>
          {strings.errors[error]}
        </p>
      )}
    </main>
  );
}
