/**
 * One file attachment in the chat log, on both sides: name, size, type, progress with speed
 * and time left, cancel, and when done the receiver's download. Only bytes sniffed as PNG,
 * JPEG, GIF or WebP preview inline (as an <img> of a typed blob); nothing else is rendered.
 */
import type { Role } from '../../protocol/ids.js';
import { DEFAULT_FILE_RULES } from '../../protocol/fileRules.js';
import type { FileEntry } from '../../protocol/transcript.js';
import type { TransferState } from '../storage/fileStore.js';
import type { ChatStrings } from '../ui/strings.js';
import type { TransferSource } from './TransferSource.js';
import { useBlobUrl, useTransferView } from './useTransferView.js';

interface TransferEntryProps {
  readonly entry: FileEntry;
  /** The live session's transfers, or a past session's stored ones. */
  readonly manager: TransferSource | null;
  readonly selfRole: Role;
  readonly strings: ChatStrings;
}

const ACTIVE: readonly TransferState[] = ['offered', 'sending', 'receiving'];

export function TransferEntry({ entry, manager, selfRole, strings }: TransferEntryProps) {
  const s = strings.files;
  const view = useTransferView(manager, entry.transferId);
  const state: TransferState = view?.state ?? (entry.sha256 ? 'complete' : 'offered');
  const sha256 = state === 'complete' ? (view?.sha256 ?? entry.sha256) : undefined;
  const own = entry.role === selfRole;
  const active = ACTIVE.includes(state);
  const canDownload = !own && state === 'complete' && view?.direction === 'in';
  const downloadUrl = useBlobUrl(canDownload && manager ? () => manager.receivedFile(entry.transferId) : null, `${entry.transferId}:${canDownload}`);
  const canPreview = Boolean(view?.previewType) && (own || state === 'complete');
  const previewUrl = useBlobUrl(canPreview && manager ? () => manager.previewBlob(entry.transferId) : null, `${entry.transferId}:${canPreview}`);
  const who = own ? strings.you : entry.role === 'rep' ? strings.theRep : strings.theCustomer;
  const done = view?.bytesDone ?? (state === 'complete' ? entry.size : 0);
  return (
    <article
      class={`message transfer ${own ? 'own' : 'theirs'} ${state}`}
      data-testid="transfer"
      data-state={state}
      data-transfer-id={entry.transferId}
      data-role={entry.role}
      {...(sha256 ? { 'data-sha256': sha256 } : {})}
      {...(view?.contentMismatch ? { 'data-content-mismatch': 'true' } : {})}
      aria-label={s.transferLabel(entry.name)}
    >
      <header>
        <span class="author">{entry.author || who}</span>{' '}
        <time dateTime={new Date(entry.at).toISOString()}>{strings.formatTime(entry.at)}</time>
      </header>
      <p class="file-name">
        <span class="name">{entry.name}</span> <span class="file-meta">{s.size(entry.size)}{entry.mimeType ? ` · ${entry.mimeType}` : ''}</span>
      </p>
      {previewUrl && <img class="file-preview" src={previewUrl} alt={s.previewAlt(entry.name)} data-testid="transfer-preview" />}
      {view?.contentMismatch && (
        <p class="transfer-warning" data-testid="transfer-warning" data-code="FILE_CONTENT_MISMATCH" role="alert">
          {s.contentMismatch}
        </p>
      )}
      {active && (
        <div class="transfer-progress">
          <progress max={entry.size || 1} value={done} aria-label={s.state[state]} />
          <span class="transfer-figures">
            {s.state[state]} · {s.progress(done, entry.size)}
            {view?.bytesPerSecond ? ` · ${s.speed(view.bytesPerSecond)}` : ''}
            {view?.etaMs ? ` · ${s.timeLeft(view.etaMs)}` : ''}
          </span>
        </div>
      )}
      <div class="transfer-actions">
        {active && manager?.cancel && (
          <button type="button" class="secondary" data-testid="transfer-cancel" onClick={() => manager.cancel?.(entry.transferId)}>
            {s.cancel}
          </button>
        )}
        {downloadUrl && (
          <a class="button" data-testid="transfer-download" href={downloadUrl} download={entry.name}>
            {s.download}
          </a>
        )}
        {state === 'complete' && !downloadUrl && <span class="transfer-done">{s.state.complete}</span>}
        {state === 'cancelled' && (
          <span class="transfer-done">
            {view?.cancelledBy ? s.cancelledBy(view.cancelledBy === selfRole ? strings.you : view.cancelledBy === 'rep' ? strings.theRep : strings.theCustomer) : s.state.cancelled}
          </span>
        )}
      </div>
      {state === 'failed' && (
        <p class="error" data-testid="transfer-error" data-code={view?.errorCode ?? 'FILE_PROTOCOL'} role="alert">
          {s.error(view?.errorCode ?? 'FILE_PROTOCOL', manager?.rules ?? DEFAULT_FILE_RULES)}
        </p>
      )}
    </article>
  );
}
