/**
 * Tells when chat messages from the other side arrive, for alerts (sound, notification). What
 * was already in the stored log when the page loaded is not news: until the session's link
 * has first connected (it only opens once storage is loaded) the count is only taken note of.
 */
import type { Role } from '../../protocol/ids.js';
import type { ChatMessage, LogEntry } from '../../protocol/transcript.js';
import type { SupportSession } from './SupportSession.js';

function messagesFrom(entries: readonly LogEntry[], role: Role): ChatMessage[] {
  const found: ChatMessage[] = [];
  for (const entry of entries) if (entry.kind === 'message' && entry.role === role) found.push(entry);
  return found;
}

/** Calls `onIncoming` with the other side's new messages; returns the unsubscribe. */
export function watchIncomingMessages(session: SupportSession, onIncoming: (messages: ChatMessage[]) => void): () => void {
  const from: Role = session.role === 'rep' ? 'customer' : 'rep';
  let known = messagesFrom(session.transcript.entries(), from).length;
  let live = session.state === 'connected';
  const offState = session.on('state', (state) => {
    if (state === 'connected') live = true;
  });
  const offChange = session.transcript.on('change', ({ local }) => {
    const messages = messagesFrom(session.transcript.entries(), from);
    const fresh = messages.slice(known);
    known = messages.length;
    if (live && !local && fresh.length > 0) onIncoming(fresh);
  });
  return () => {
    offState();
    offChange();
  };
}
