/** The connection state at a glance: a coloured dot and a word. */
import type { ConnectionState } from '../session/connectionState.js';
import type { ChatStrings } from './strings.js';

export function ConnectionBadge({ state, strings, testId = 'connection-status' }: { state: ConnectionState; strings: ChatStrings; testId?: string }) {
  return (
    <span class={`connection ${state}`} data-testid={testId} data-state={state} role="status">
      <span class="dot" aria-hidden="true" />
      <span class="visually-hidden">{strings.connectionLabel}: </span>
      {strings.connection[state]}
    </span>
  );
}
