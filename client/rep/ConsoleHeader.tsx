/** The console's header: rep name, console connection, unread total, search and the main actions. */
import { ConnectionBadge } from '../ui/ConnectionBadge.js';
import { newSession, signOut } from './consoleActions.js';
import { consoleConnection, createError, creatingSession, dialog, repName, search, unreadTotal } from './consoleState.js';
import { repMessages as strings } from './messages.js';

function toConnectionView(state: typeof consoleConnection.value) {
  return state === 'open' ? 'connected' : state === 'connecting' ? 'reconnecting' : 'offline';
}

export function ConsoleHeader() {
  const total = unreadTotal.value;
  return (
    <header class="top-bar">
      <h1>{strings.title}</h1>
      <nav class="main-menu" aria-label={strings.mainMenu}>
        <span class="menu-item">
          {strings.chatsMenu}{' '}
          <span class={`badge${total === 0 ? ' zero' : ''}`} data-testid="unread-total" data-count={total}>
            {total}
          </span>
          <span class="visually-hidden"> {strings.unreadWord}</span>
        </span>
      </nav>
      <input
        type="search"
        class="console-search"
        data-testid="console-search"
        aria-label={strings.searchLabel}
        placeholder={strings.searchPlaceholder}
        value={search.value}
        onInput={(e) => (search.value = e.currentTarget.value)}
      />
      <span class="who" data-testid="rep-name">
        {repName.value ? strings.signedInAs(repName.value) : ''}
      </span>
      <span class="console-state">
        <span class="visually-hidden">{strings.consoleState}: </span>
        <ConnectionBadge state={toConnectionView(consoleConnection.value)} strings={strings} testId="console-status" />
      </span>
      <button
        type="button"
        data-testid="new-session"
        disabled={creatingSession.value || consoleConnection.value !== 'open'}
        onClick={() => void newSession()}
      >
        {strings.newSession}
      </button>
      <button type="button" class="secondary" data-testid="open-canned-editor" onClick={() => (dialog.value = 'canned')}>
        {strings.cannedTitle}
      </button>
      <button type="button" class="secondary" data-testid="open-preferences" onClick={() => (dialog.value = 'preferences')}>
        {strings.preferencesTitle}
      </button>
      <button type="button" class="secondary" onClick={signOut}>
        {strings.signOut}
      </button>
      {createError.value && (
        <p class="error" role="alert" data-testid="create-error" data-code={createError.value}>
          {strings.errors[createError.value]}
        </p>
      )}
    </header>
  );
}
