/**
 * While a chat is on screen (its panel is mounted and the page is visible), the other side's
 * messages in it count as seen: their authors' pages then mark them "seen".
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { LogEntry } from '../../protocol/transcript.js';
import type { SupportSession } from '../session/SupportSession.js';

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible';
}

export function useMarkSeen(session: SupportSession, entries: readonly LogEntry[]): void {
  const [visible, setVisible] = useState(pageVisible);
  useEffect(() => {
    const onChange = () => setVisible(pageVisible());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  // Right after the log is updated (not after the next paint): the receipt then leaves with
  // the `delivered` one, and the other side shows both in one frame rather than two.
  useLayoutEffect(() => {
    if (!visible) return;
    const theirs = entries.flatMap((entry) => (entry.kind === 'message' && entry.role !== session.role ? [entry.id] : []));
    session.receipts.markSeen(theirs);
  }, [session, entries, visible]);
}
