/** Adapts a SupportSession's events to Preact state for the components. */
import { useEffect, useState } from 'preact/hooks';
import type { LogEntry, SessionDetails } from '../../protocol/transcript.js';
import type { ConnectionState } from '../session/connectionState.js';
import type { SupportSession } from '../session/SupportSession.js';

export interface SessionView {
  readonly entries: readonly LogEntry[];
  readonly details: SessionDetails | null;
  readonly state: ConnectionState;
  readonly remoteTyping: boolean;
  readonly remoteName: string;
}

function snapshot(session: SupportSession): SessionView {
  const details = session.transcript.details();
  return {
    entries: session.transcript.entries(),
    details,
    state: session.state,
    remoteTyping: session.isRemoteTyping,
    remoteName: (session.role === 'rep' ? details?.customerName : details?.repName) ?? '',
  };
}

export function useSessionView(session: SupportSession): SessionView {
  const [view, setView] = useState(() => snapshot(session));
  useEffect(() => {
    setView(snapshot(session));
    const update = () => setView(snapshot(session));
    const offs = [
      session.transcript.on('change', update),
      session.receipts.on('change', update),
      session.on('state', update),
      session.on('remoteTyping', update),
      session.on('ended', update),
    ];
    return () => offs.forEach((off) => off());
  }, [session]);
  return view;
}
