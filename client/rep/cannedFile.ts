/**
 * Scripted messages and URLs (canned responses): the record kept locally and the JSON file a
 * team shares. An import file is untrusted input: it is parsed whole and checked item by item
 * before anything is stored, so a bad file changes nothing and says what is wrong.
 */
import * as v from 'valibot';
import { MAX_CHAT_MESSAGE_CHARS } from '../../protocol/limits.js';
import { isPushableUrl, MAX_PUSH_URL_CHARS } from '../../protocol/pushUrl.js';
import { err, ok, type Result } from '../../protocol/result.js';

export const CANNED_FILE_FORMAT = 'p2p-support-canned';
export const CANNED_FILE_VERSION = 1;
/** Largest import file read (a few thousand long responses). */
export const MAX_CANNED_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_CANNED_ITEMS = 2_000;
export const MAX_CANNED_TITLE_CHARS = 80;
export const MAX_CANNED_CATEGORY_CHARS = 40;
export const MAX_SHORTCUT_CHARS = 32;
/** A shortcut is what follows `/` in the message box: letters, digits, `-` and `_`. */
export const SHORTCUT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export type CannedKind = 'message' | 'url';

export interface CannedResponse {
  readonly id: string;
  readonly shortcut: string;
  readonly title: string;
  readonly category: string;
  readonly kind: CannedKind;
  /** The message text, or the address for a scripted URL. */
  readonly text: string;
  readonly updatedAt: number;
}

export type CannedDraft = Omit<CannedResponse, 'id' | 'updatedAt'>;

const trimmed = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `longer than ${max} characters`));

const CannedItemSchema = v.pipe(
  v.object({
    shortcut: v.pipe(
      v.string(),
      v.trim(),
      v.minLength(1, 'the shortcut is empty'),
      v.maxLength(MAX_SHORTCUT_CHARS, `the shortcut is longer than ${MAX_SHORTCUT_CHARS} characters`),
      v.regex(SHORTCUT_PATTERN, 'the shortcut may only hold letters, digits, - and _'),
    ),
    title: v.optional(trimmed(MAX_CANNED_TITLE_CHARS), ''),
    category: v.optional(trimmed(MAX_CANNED_CATEGORY_CHARS), ''),
    kind: v.optional(v.picklist(['message', 'url'], 'kind must be "message" or "url"'), 'message'),
    text: v.pipe(v.string(), v.minLength(1, 'the text is empty'), v.maxLength(MAX_CHAT_MESSAGE_CHARS, 'the text is too long')),
  }),
  v.check((item) => item.kind !== 'url' || (item.text.length <= MAX_PUSH_URL_CHARS && isPushableUrl(item.text)), 'a scripted URL must be an http or https address'),
);

const CannedFileSchema = v.object({
  format: v.literal(CANNED_FILE_FORMAT, `not a scripted-messages file (format must be "${CANNED_FILE_FORMAT}")`),
  version: v.literal(CANNED_FILE_VERSION, `unsupported version (this console reads version ${CANNED_FILE_VERSION})`),
  items: v.pipe(v.array(v.unknown()), v.maxLength(MAX_CANNED_ITEMS, `more than ${MAX_CANNED_ITEMS} items`)),
});

export type CannedImportError =
  | { readonly code: 'TOO_LARGE' }
  | { readonly code: 'NOT_JSON' }
  | { readonly code: 'BAD_FILE'; readonly detail: string }
  | { readonly code: 'BAD_ITEM'; readonly index: number; readonly detail: string }
  | { readonly code: 'DUPLICATE_SHORTCUT'; readonly shortcut: string };

/** Validates a shortcut, title, category, kind and text a person typed (same rules as a file). */
export function checkCannedDraft(draft: unknown): Result<CannedDraft, string> {
  const parsed = v.safeParse(CannedItemSchema, draft);
  return parsed.success ? ok(parsed.output) : err(parsed.issues[0].message);
}

/** Parses an import file: every item valid and every shortcut unique, or an error and nothing. */
export function parseCannedFile(text: string): Result<CannedDraft[], CannedImportError> {
  if (new TextEncoder().encode(text).byteLength > MAX_CANNED_FILE_BYTES) return err({ code: 'TOO_LARGE' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ code: 'NOT_JSON' });
  }
  const file = v.safeParse(CannedFileSchema, json);
  if (!file.success) return err({ code: 'BAD_FILE', detail: file.issues[0].message });
  const items: CannedDraft[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of file.output.items.entries()) {
    const item = checkCannedDraft(raw);
    if (!item.ok) return err({ code: 'BAD_ITEM', index, detail: item.error });
    const key = item.value.shortcut.toLowerCase();
    if (seen.has(key)) return err({ code: 'DUPLICATE_SHORTCUT', shortcut: item.value.shortcut });
    seen.add(key);
    items.push(item.value);
  }
  return ok(items);
}

/** The file a team shares: no ids or times, so importing it elsewhere starts clean. */
export function serializeCannedFile(items: readonly CannedResponse[]): string {
  const exported = [...items]
    .sort((a, b) => a.category.localeCompare(b.category) || a.shortcut.localeCompare(b.shortcut))
    .map(({ shortcut, title, category, kind, text }) => ({ shortcut, title, category, kind, text }));
  return `${JSON.stringify({ format: CANNED_FILE_FORMAT, version: CANNED_FILE_VERSION, items: exported }, null, 2)}\n`;
}
