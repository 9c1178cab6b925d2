/** Export a transcript as HTML, plain text or JSON: built by transcriptExport.ts, downloaded from a blob. */
import type { Transcript } from '../transcript/Transcript.js';
import { PopoverButton } from '../ui/PopoverButton.js';
import { repMessages as strings } from './messages.js';
import { EXPORT_FORMATS, exportFileName, exportTranscript, type ExportFormat } from './transcriptExport.js';

/** How long the blob URL of a download is kept before it is released. */
const DOWNLOAD_URL_TTL_MS = 10_000;

function download(format: ExportFormat, transcript: Transcript, label: string): void {
  const exportedAt = Date.now();
  const file = exportTranscript(format, { details: transcript.details(), entries: transcript.entries(), label, exportedAt, selfRole: 'rep' }, strings);
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = exportFileName(label, exportedAt, file.extension);
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_TTL_MS);
}

export function ExportMenu({ transcript, label }: { transcript: Transcript; label: string }) {
  return (
    <PopoverButton label={strings.exportTranscript} testId="export-transcript">
      {(close) => (
        <div class="popover export-menu" role="group" aria-label={strings.exportTranscript}>
          {EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              class="secondary"
              data-testid="export-format"
              data-format={format}
              onClick={() => {
                download(format, transcript, label);
                close();
              }}
            >
              {strings.exportFormats[format]}
            </button>
          ))}
        </div>
      )}
    </PopoverButton>
  );
}
