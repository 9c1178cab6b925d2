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
import { useSessionView } from './useSessionState.js';

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

export function ChatPanel({ session, strings, ended = false, inputRef, banner, tools, composer }: ChatPanelProps) {
  const view = useSessionView(session);
  const drop = useFileDrop(session, !ended);
  useMarkSeen(session, view.entries);
  return (
    <section class={`chat-panel${drop.dragging ? ' dragging-files' : ''}`} aria-label={strings.chatLogLabel} {...drop.handlers}>
      {drop.dragging && <p class="drop-hint">{strings.files.dropHere}</p>}
      <div class="chat-bar">
        <ConnectionBadge state={view.state} strings={strings} />
      </div>
      <PeerErrorNotice session={session} strings={strings.peerError} />
      {banner}
      <ChatLog
        entries={view.entries}
        details={view.details}
        selfRole={session.role}
        strings={strings}
        renderFile={(entry) => <TransferEntry entry={entry} manager={fileTransfersOf(session)} selfRole={session.role} strings={strings} />}
        deliveryOf={(id) => session.receipts.deliveryOf(id)}
      />
      <div class="typing-slot" aria-live="polite">
        {view.remoteTyping && (
          <p class="typing" data-testid="typing-indicator">
            {strings.typing(view.remoteName)}
          </p>
        )}
      </div>
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
