/**
 * What a file's first bytes say it is (magic numbers), compared with what its name says.
 * A renamed executable (`invoice.pdf` that starts with `MZ`) is flagged to the receiver; only
 * PNG, JPEG, GIF and WebP bytes are ever previewed, whatever the name or declared type.
 */
import { fileExtension } from '../../protocol/fileRules.js';
import type { PreviewType } from '../storage/fileStore.js';

/** Bytes to read from the start of a file for sniffing. */
export const SNIFF_BYTES = 32;

export type ContentKind =
  | 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'pdf' | 'zip' | 'gzip' | '7z' | 'rtf' | 'ole'
  | 'exe' | 'elf' | 'markup';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

function startsWith(head: Uint8Array, bytes: readonly number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((byte, i) => head[at + i] === byte);
}

/** Signatures that identify a kind on their own. `bmp` ('BM') is too short and only confirms. */
const SIGNATURES: readonly [ContentKind, (head: Uint8Array) => boolean][] = [
  ['png', (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['jpeg', (h) => startsWith(h, [0xff, 0xd8, 0xff])],
  ['gif', (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a'))],
  ['webp', (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8)],
  ['pdf', (h) => startsWith(h, ascii('%PDF-'))],
  ['zip', (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) || startsWith(h, [0x50, 0x4b, 0x05, 0x06])],
  ['gzip', (h) => startsWith(h, [0x1f, 0x8b])],
  ['7z', (h) => startsWith(h, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['rtf', (h) => startsWith(h, ascii('{\\rtf'))],
  ['ole', (h) => startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
  ['exe', (h) => startsWith(h, ascii('MZ'))],
  ['elf', (h) => startsWith(h, [0x7f, 0x45, 0x4c, 0x46])],
  ['markup', (h) => /^(\ufeff)?\s*<(\?xml|svg|!doctype|html|script|head|body)/i.test(new TextDecoder().decode(h))],
];

/** The kind the first bytes identify, or null when they match no known signature. */
export function sniffContent(head: Uint8Array): ContentKind | null {
  for (const [kind, matches] of SIGNATURES) if (matches(head)) return kind;
  return null;
}

/** Extension → the kinds its content may be; 'text' means "no binary or markup signature". */
const EXPECTED: Record<string, readonly (ContentKind | 'text')[]> = {
  png: ['png'],
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  gif: ['gif'],
  webp: ['webp'],
  bmp: ['bmp'],
  pdf: ['pdf'],
  zip: ['zip'],
  docx: ['zip'],
  xlsx: ['zip'],
  pptx: ['zip'],
  odt: ['zip'],
  ods: ['zip'],
  odp: ['zip'],
  gz: ['gzip'],
  '7z': ['7z'],
  rtf: ['rtf'],
  doc: ['ole', 'rtf'],
  xls: ['ole'],
  ppt: ['ole'],
  txt: ['text'],
  log: ['text'],
  csv: ['text'],
  json: ['text'],
};

/**
 * True when the first bytes fit the name's extension, false when they do not, null when the
 * extension is not one we know how to check (an administrator may allow any extension).
 */
export function contentMatchesName(name: string, head: Uint8Array): boolean | null {
  const expected = EXPECTED[fileExtension(name)];
  if (!expected) return null;
  const kind = sniffContent(head);
  if (expected.includes('text')) return kind === null;
  if (expected.includes('bmp')) return kind === null && startsWith(head, ascii('BM'));
  return kind !== null && expected.includes(kind);
}

const PREVIEWABLE: Partial<Record<ContentKind, PreviewType>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** The image type to preview the bytes as, or null: only raster images, judged by content. */
export function previewTypeOf(head: Uint8Array): PreviewType | null {
  const kind = sniffContent(head);
  return kind === null ? null : (PREVIEWABLE[kind] ?? null);
}
