/**
 * A past conversation from Recent chats, read-only: its stored transcript (loaded from this
 * browser, no connection to anyone), its details, the rep's notes and the export.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionId } from '../../protocol/ids.js';
import { StoredTransfers } from '../files/StoredTransfers.js';
import { TransferEntry } from '../files/TransferEntry.js';
import { persistTranscript } from '../storage/persistTranscript.js';
import { Transcript } from '../transcript/Transcript.js';
import { ChatLog } from '../ui/ChatLog.js';
import { SessionDetailsView } from '../ui/SessionDetailsView.js';
import { pastChatId, storedChats } from './consoleState.js';
import { ExportMenu } from './ExportMenu.js';
import { FindPane } from './FindPane.js';
import { HistoryPane } from './HistoryPane.js';
import { repMessages as strings } from './messages.js';
import { NotesPane } from './NotesPane.js';
import { chatName } from './recentChatList.js';

function useStoredTranscript(sessionId: SessionId): Transcript | null {
  const [loaded, setLoaded] = useState<Transcript | null>(null);
  const [, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    const transcript = new Transcript();
    const detach = persistTranscript(transcript, 'rep', sessionId);
    const off = transcript.on('change', () => setVersion((v) => v + 1));
    void detach.then(() => live && setLoaded(transcript));
    return () => {
      live = false;
      off();
      void detach.then((close) => {
        close();
        transcript.destroy();
      });
    };
  }, [sessionId]);
  return loaded;
}

export function PastChatView({ sessionId }: { sessionId: SessionId }) {
  const transcript = useStoredTranscript(sessionId);
  const files = useMemo(() => new StoredTransfers(sessionId), [sessionId]);
  const record = storedChats.value.find((r) => r.sessionId === sessionId);
  const label = (record && chatName(record)) || transcript?.details()?.customerName || sessionId;
  return (
    <div class="session past-chat" data-testid="past-chat" data-session-id={sessionId}>
      <div class="session-main">
        <div class="past-chat-bar">
          <h2>{strings.pastChatTitle(label)}</h2>
          {transcript && <ExportMenu transcript={transcript} label={label} />}
          <button type="button" class="secondary" onClick={() => (pastChatId.value = null)}>
            {strings.closePastChat}
          </button>
        </div>
        {transcript ? (
          <section class="chat-panel" aria-label={strings.chatLogLabel}>
            <ChatLog
              entries={transcript.entries()}
              details={transcript.details()}
              selfRole="rep"
              strings={strings}
              renderFile={(entry) => <TransferEntry entry={entry} manager={files} selfRole="rep" strings={strings} />}
            />
          </section>
        ) : (
          <p class="hint" role="status">
            {strings.loadingTranscript}
          </p>
        )}
      </div>
      <aside class="side-pane" aria-label={strings.sidePaneLabel}>
        {transcript && <SessionDetailsView details={transcript.details()} strings={strings} testId="session-details" landmark />}
        <NotesPane sessionId={sessionId} />
        {transcript && <FindPane entries={transcript.entries()} />}
        {transcript && <HistoryPane sessionId={sessionId} customerName={transcript.details()?.customerName} />}
      </aside>
    </div>
  );
}
