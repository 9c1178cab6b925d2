/** A file name the protocol accepts: no path separators or control characters, at most 255 characters. */
import { MAX_FILE_NAME_CHARS } from '../../protocol/fileTransfer.js';

export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\\u0000-\u001f\u007f]/g, '_').trim() || 'file';
  if (cleaned.length <= MAX_FILE_NAME_CHARS) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 17 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_FILE_NAME_CHARS - ext.length) + ext;
}
