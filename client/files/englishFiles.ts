/** English words of file attachments (see fileStrings.ts). */
import { ERROR_CODES } from '../../protocol/errors.js';
import type { FileStrings } from './fileStrings.js';
import { formatFileSize } from './formatFileSize.js';

export const englishFiles: FileStrings = {
  attach: 'Attach',
  attachHint: 'Attach files. You can also drop files on the chat or paste an image.',
  dropHere: 'Drop files here to send them',
  state: {
    offered: 'Waiting',
    sending: 'Sending',
    receiving: 'Receiving',
    complete: 'Complete',
    cancelled: 'Cancelled',
    failed: 'Failed',
  },
  cancel: 'Cancel',
  download: 'Download',
  dismiss: 'Dismiss',
  size: formatFileSize,
  progress: (done, size) => `${formatFileSize(done)} of ${formatFileSize(size)}`,
  speed: (bytesPerSecond) => `${formatFileSize(Math.round(bytesPerSecond))}/s`,
  timeLeft: (ms) => {
    const seconds = Math.ceil(ms / 1000);
    return seconds < 90 ? `${seconds} s left` : `${Math.ceil(seconds / 60)} min left`;
  },
  cancelledBy: (who) => `Cancelled by ${who.charAt(0).toLowerCase()}${who.slice(1)}`,
  sentBy: (who) => `From ${who}`,
  contentMismatch: 'Warning: this file’s content does not match its extension. Open it only if you trust it.',
  error: (code, rules) => {
    if (code === 'FILE_TYPE_NOT_ALLOWED') {
      return `This type of file cannot be sent. Allowed extensions: ${rules.allowedExtensions.join(', ') || 'none'}.`;
    }
    if (code === 'FILE_TOO_LARGE') return `The file is larger than the ${formatFileSize(rules.maxBytes)} allowed for attachments.`;
    return ERROR_CODES[code];
  },
  refused: (name) => `${name} was not sent`,
  previewAlt: (name) => `Preview of ${name}`,
  transferLabel: (name) => `File ${name}`,
};
