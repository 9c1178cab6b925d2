import { useState } from 'preact/hooks';
import type { ErrorCode } from '../../protocol/errors.js';
import type { RepMessages } from './messages.js';

export function SignIn({ strings, error, onSignIn }: { strings: RepMessages; error: ErrorCode | null; onSignIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <main class="sign-in">
      <h1>{strings.signInTitle}</h1>
      <p>{strings.signInHelp}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) onSignIn(token.trim());
        }}
      >
        <label for="rep-token">{strings.tokenLabel}</label>
        <input id="rep-token" type="password" autocomplete="current-password" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
        <button type="submit">{strings.signIn}</button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="sign-in-error" data-code={error}>
          {strings.errors[error]}
        </p>
      )}
    </main>
  );
}
