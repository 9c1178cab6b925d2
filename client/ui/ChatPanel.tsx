/** A session's chat: connection state, the log, the typing signal and the message box. */
import type { ComponentChildren, Ref } from 'preact';
import { fileTransfersOf } from '../files/sessionFiles.js';
import { TransferEntry } from '../files/TransferEntry.js';
import { useFileDrop } from '../files/useFileDrop.js';
import type { SupportSession } from '../session/SupportSession.js';
import { ChatLog } from './ChatLog.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { MessageComposer, type ComposerExtras } from './MessageComposer.js';
import { PeerErrorNotice } from './PeerErrorNotice.js';
import type { ChatStrings } from './strings.js';
import { useMarkSeen } from './useMarkSeen.js';
import { remoteNameOf, useConnectionState, useLogEntries, useReceiptsVersion, useRemoteTyping, useSessionDetails } from './useSessionState.js';

interface ChatPanelProps {
  readonly session: SupportSession;
  readonly strings: ChatStrings;
  readonly ended?: boolean;
  readonly inputRef?: Ref<HTMLTextAreaElement>;
  /** Prompts and indicators a feature shows above the log (push URL, screen sharing). */
  readonly banner?: ComponentChildren;
  /** Buttons a feature adds beside the message box (attach, emoji, scripted messages). */
  readonly tools?: ComponentChildren;
  /** A kept draft and `/shortcut` completions for the message box. */
  readonly composer?: ComposerExtras;
}

/**
 * The panel itself follows no session event: the log, the typing line and the connection badge
 * each follow their own, so a message, a receipt or the typing signal re-renders only its part.
 */
export function ChatPanel({ session, strings, ended = false, inputRef, banner, tools, composer }: ChatPanelProps) {
  const drop = useFileDrop(session, !ended);
  return (
    <section class={`chat-panel${drop.dragging ? ' dragging-files' : ''}`} aria-label={strings.chatLogLabel} {...drop.handlers}>
      {drop.dragging && <p class="drop-hint">{strings.files.dropHere}</p>}
      <div class="chat-bar">
        <SessionConnectionBadge session={session} strings={strings} />
      </div>
      <PeerErrorNotice session={session} strings={strings.peerError} />
      {banner}
      <SessionLog session={session} strings={strings} />
      <TypingLine session={session} strings={strings} />
      {tools && <div class="chat-tools">{tools}</div>}
      <MessageComposer
        strings={strings}
        disabled={ended}
        onSend={(text) => session.sendMessage(text)}
        onTyping={() => session.setTyping(true)}
        {...(inputRef ? { inputRef: inputRef as { current: HTMLTextAreaElement | null } } : {})}
        {...composer}
      />
    </section>
  );
}

interface SessionPartProps {
  readonly session: SupportSession;
  readonly strings: ChatStrings;
}

function SessionConnectionBadge({ session, strings }: SessionPartProps) {
  return <ConnectionBadge state={useConnectionState(session)} strings={strings} />;
}

/** Re-renders for the log, the details and this side's receipts. */
function SessionLog({ session, strings }: SessionPartProps) {
  const entries = useLogEntries(session);
  const details = useSessionDetails(session);
  useReceiptsVersion(session);
  useMarkSeen(session, entries);
  return (
    <ChatLog
      entries={entries}
      details={details}
      selfRole={session.role}
      strings={strings}
      renderFile={(entry) => <TransferEntry entry={entry} manager={fileTransfersOf(session)} selfRole={session.role} strings={strings} />}
      deliveryOf={(id) => session.receipts.deliveryOf(id)}
    />
  );
}

function TypingLine({ session, strings }: SessionPartProps) {
  const typing = useRemoteTyping(session);
  const details = useSessionDetails(session);
  return (
    <div class="typing-slot" aria-live="polite">
      {typing && (
        <p class="typing" data-testid="typing-indicator">
          {strings.typing(remoteNameOf(session, details))}
        </p>
      )}
    </div>
  );
}
