/**
 * Which attachments a session accepts: allowed extensions and a maximum size, set by the
 * server's configuration and sent to both browsers in `welcome`. Both sides apply them: the
 * sender before a byte goes out, the receiver again on the offer.
 */
import * as v from 'valibot';
import { err, ok, type Result } from './result.js';

/** Extensions support work needs: screenshots, documents, logs and archives. Never HTML or SVG. */
export const DEFAULT_FILE_ALLOWED_EXTENSIONS: readonly string[] = [
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp',
  'pdf', 'txt', 'log', 'csv', 'json', 'rtf',
  'zip', 'gz', '7z',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp',
];
/** 2 GiB. */
export const DEFAULT_FILE_MAX_BYTES = 2 * 1024 * 1024 * 1024;
/** The largest FILE_MAX_BYTES a server may configure (1 TiB): offsets stay exact integers. */
export const MAX_FILE_BYTES_CEILING = 1024 * 1024 * 1024 * 1024;
export const MAX_FILE_EXTENSIONS = 200;
export const MAX_FILE_EXTENSION_CHARS = 16;

const extension = v.pipe(v.string(), v.regex(/^[a-z0-9]{1,16}$/));

/** @example { allowedExtensions: ['png', 'pdf'], maxBytes: 2147483648 } */
export const FileRulesSchema = v.object({
  allowedExtensions: v.pipe(v.array(extension), v.maxLength(MAX_FILE_EXTENSIONS)),
  maxBytes: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_FILE_BYTES_CEILING)),
});
export type FileRules = v.InferOutput<typeof FileRulesSchema>;

export const DEFAULT_FILE_RULES: FileRules = {
  allowedExtensions: [...DEFAULT_FILE_ALLOWED_EXTENSIONS],
  maxBytes: DEFAULT_FILE_MAX_BYTES,
};

/** The lower-case extension after the last dot, or '' when there is none ('notes', '.bashrc'). */
export function fileExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  return name.slice(dot + 1).toLowerCase();
}

export type FileRuleViolation = 'FILE_TYPE_NOT_ALLOWED' | 'FILE_TOO_LARGE';

/** Checks a file's name and size against the rules; the type is judged by the extension. */
export function checkFileRules(name: string, size: number, rules: FileRules): Result<void, FileRuleViolation> {
  const ext = fileExtension(name);
  if (ext === '' || !rules.allowedExtensions.includes(ext)) return err('FILE_TYPE_NOT_ALLOWED');
  if (size > rules.maxBytes) return err('FILE_TOO_LARGE');
  return ok(undefined);
}
