/**
 * Adapts a SupportSession's events to Preact state for the components. Each part has its own
 * hook, so a component re-renders only when what it shows changed: a message re-renders the
 * log, not the typing line; the typing signal re-renders the typing line, not the log.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LogEntry, SessionDetails } from '../../protocol/transcript.js';
import type { ConnectionState } from '../session/connectionState.js';
import type { SupportSession } from '../session/SupportSession.js';
import { keepIfSame } from './keepIfSame.js';

export interface SessionView {
  readonly entries: readonly LogEntry[];
  readonly details: SessionDetails | null;
  readonly state: ConnectionState;
  readonly remoteTyping: boolean;
  readonly remoteName: string;
}

/**
 * `read()` now and again whenever `subscribe` reports a change. Preact skips the re-render when
 * the value read is the one it already has, so `read` must return the same value (===) for the
 * same state: a primitive, or an object it keeps.
 */
function useSessionValue<T>(session: SupportSession, read: (session: SupportSession) => T, subscribe: (session: SupportSession, update: () => void) => (() => void)[]): T {
  const [value, setValue] = useState(() => read(session));
  useEffect(() => {
    const update = () => setValue(() => read(session));
    update();
    const offs = subscribe(session, update);
    return () => offs.forEach((off) => off());
  }, [session]);
  return value;
}

/** The log's entries (Transcript keeps one array per version of the log). */
export function useLogEntries(session: SupportSession): readonly LogEntry[] {
  return useSessionValue(session, readEntries, subscribeTranscript);
}

/** The session details; the same object until a field changes. */
export function useSessionDetails(session: SupportSession): SessionDetails | null {
  const [details, setDetails] = useState(() => session.transcript.details());
  useEffect(() => {
    const update = () => setDetails((current) => keepIfSame(current, session.transcript.details()));
    update();
    return session.transcript.on('change', update);
  }, [session]);
  return details;
}

export function useConnectionState(session: SupportSession): ConnectionState {
  return useSessionValue(session, readState, subscribeState);
}

/** True once the session has ended (the rep ended it, or it expired). */
export function useSessionEnded(session: SupportSession): boolean {
  return useSessionValue(session, (s) => s.hasEnded, (s, update) => [s.on('ended', update)]);
}

export function useRemoteTyping(session: SupportSession): boolean {
  return useSessionValue(session, readTyping, subscribeTyping);
}

/** A number that changes whenever a delivery receipt for one of this side's messages changes. */
export function useReceiptsVersion(session: SupportSession): number {
  const [version, setVersion] = useState(0);
  useEffect(() => session.receipts.on('change', () => setVersion((v) => v + 1)), [session]);
  return version;
}

/** Everything at once, for the parts that show a bit of each (side pane, attendees). */
export function useSessionView(session: SupportSession): SessionView {
  const entries = useLogEntries(session);
  const details = useSessionDetails(session);
  const state = useConnectionState(session);
  const remoteTyping = useRemoteTyping(session);
  return { entries, details, state, remoteTyping, remoteName: remoteNameOf(session, details) };
}

/** The other side's name, as the typing line shows it. */
export function remoteNameOf(session: SupportSession, details: SessionDetails | null): string {
  return (session.role === 'rep' ? details?.customerName : details?.repName) ?? '';
}

const readEntries = (session: SupportSession) => session.transcript.entries();
const subscribeTranscript = (session: SupportSession, update: () => void) => [session.transcript.on('change', update)];
const readState = (session: SupportSession) => session.state;
const subscribeState = (session: SupportSession, update: () => void) => [session.on('state', update), session.on('ended', update)];
const readTyping = (session: SupportSession) => session.isRemoteTyping;
const subscribeTyping = (session: SupportSession, update: () => void) => [session.on('remoteTyping', update)];
