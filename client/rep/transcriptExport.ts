/**
 * A session's transcript as a file: self-contained HTML, plain text or JSON, each with the
 * session details at the top and messages and status notes in log order, with times. Pure
 * functions producing strings (unit tested); the page only turns them into a download.
 * Entry kinds this module does not know (a later feature's) are listed, never dropped.
 */
import type { Role } from '../../protocol/ids.js';
import type { LogEntry, SessionDetails, StatusNote } from '../../protocol/transcript.js';
import { sessionDetailRows } from '../ui/sessionDetailRows.js';
import type { ChatStrings } from '../ui/strings.js';

export const TRANSCRIPT_FILE_FORMAT = 'p2p-support-transcript';
export const TRANSCRIPT_FILE_VERSION = 1;
export type ExportFormat = 'html' | 'text' | 'json';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['html', 'text', 'json'];

export interface ExportStrings extends Pick<ChatStrings, 'details' | 'status' | 'you' | 'theRep' | 'theCustomer' | 'formatDateTime'> {
  readonly transcriptTitle: (label: string) => string;
  readonly exportedAt: string;
  readonly fileEntry: (author: string, name: string) => string;
  readonly otherEntry: (kind: string) => string;
}

export interface TranscriptExport {
  readonly details: SessionDetails | null;
  /** Entries in log order; kinds other than message and status are allowed. */
  readonly entries: readonly LogEntry[];
  /** A label for the title and the file name (customer name or reference). */
  readonly label: string;
  readonly exportedAt: number;
  /** Whose copy this is: status notes name the sides from this point of view. */
  readonly selfRole: Role;
}

/** One entry as the export shows it: who, what and when. */
export interface ExportLine {
  readonly kind: string;
  readonly at: number | null;
  readonly author: string | null;
  readonly role: Role | 'system';
  readonly text: string;
}

function who(by: Role | undefined, selfRole: Role, strings: ExportStrings): string {
  if (by === undefined) return '';
  return by === selfRole ? strings.you : by === 'rep' ? strings.theRep : strings.theCustomer;
}

function asRecord(entry: unknown): Record<string, unknown> {
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
}

export function exportLine(entry: LogEntry, selfRole: Role, strings: ExportStrings): ExportLine {
  if (entry.kind === 'message') {
    return { kind: 'message', at: entry.at, author: entry.author, role: entry.role, text: entry.text };
  }
  if (entry.kind === 'status') {
    const note = entry as StatusNote;
    const text = strings.status[note.event]?.(note, who(note.by, selfRole, strings)) ?? note.event;
    return { kind: 'status', at: note.at, author: null, role: 'system', text };
  }
  // A kind added by a later feature (issue 4's files): keep it as a reference line.
  const other = asRecord(entry);
  const at = typeof other.at === 'number' ? other.at : null;
  const author = typeof other.author === 'string' ? other.author : null;
  const role = other.role === 'rep' || other.role === 'customer' ? other.role : 'system';
  const kind = typeof other.kind === 'string' ? other.kind : 'unknown';
  const text =
    kind === 'file' && typeof other.name === 'string'
      ? strings.fileEntry(author ?? '', typeof other.size === 'number' ? `${other.name} (${formatBytes(other.size)})` : other.name)
      : strings.otherEntry(kind);
  return { kind, at, author, role, text };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function detailRows(input: TranscriptExport, strings: ExportStrings): [string, string, string][] {
  return input.details ? sessionDetailRows(input.details, strings) : [];
}

export function transcriptToText(input: TranscriptExport, strings: ExportStrings): string {
  const lines = [strings.transcriptTitle(input.label), ''];
  for (const [label, value] of detailRows(input, strings)) lines.push(`${label}: ${value.replace(/\n/g, '\n  ')}`);
  lines.push(`${strings.exportedAt}: ${strings.formatDateTime(input.exportedAt)}`, '', '-'.repeat(60), '');
  for (const entry of input.entries) {
    const line = exportLine(entry, input.selfRole, strings);
    const time = line.at === null ? '' : `[${strings.formatDateTime(line.at)}] `;
    const body = line.text.replace(/\n/g, '\n    ');
    lines.push(line.role === 'system' && line.author === null ? `${time}* ${body}` : `${time}${line.author ?? ''}: ${body}`);
  }
  return `${lines.join('\n')}\n`;
}

export function transcriptToJson(input: TranscriptExport, strings: ExportStrings): string {
  const file = {
    format: TRANSCRIPT_FILE_FORMAT,
    version: TRANSCRIPT_FILE_VERSION,
    exportedAt: new Date(input.exportedAt).toISOString(),
    details: input.details,
    entries: input.entries.map((entry) => {
      const line = exportLine(entry, input.selfRole, strings);
      return { ...asRecord(entry), ...(line.at !== null ? { atIso: new Date(line.at).toISOString() } : {}), text: line.text };
    }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const EXPORT_CSS = [
  'body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;color:#1d2330;line-height:1.4}',
  'dl{display:grid;grid-template-columns:10rem 1fr;gap:.2rem .8rem}dt{font-weight:600}dd{margin:0;white-space:pre-wrap}',
  'ol{list-style:none;padding:0}li{margin:.4rem 0;white-space:pre-wrap;overflow-wrap:anywhere}',
  'time{color:#555e6e;font-size:.85em;margin-right:.5rem}.author{font-weight:600}.system{color:#555e6e;font-style:italic}',
].join('');

/** A standalone page: text escaped, no scripts, and a policy that would block any anyway. */
export function transcriptToHtml(input: TranscriptExport, strings: ExportStrings): string {
  const title = escapeHtml(strings.transcriptTitle(input.label));
  const details = detailRows(input, strings)
    .map(([label, value, field]) => `<div data-field="${escapeHtml(field)}"><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`)
    .join('\n');
  const items = input.entries
    .map((entry) => {
      const line = exportLine(entry, input.selfRole, strings);
      const time = line.at === null ? '' : `<time datetime="${new Date(line.at).toISOString()}">${escapeHtml(strings.formatDateTime(line.at))}</time>`;
      const author = line.author === null ? '' : `<span class="author">${escapeHtml(line.author)}</span>: `;
      return `<li class="${escapeHtml(line.role)}" data-kind="${escapeHtml(line.kind)}">${time}${author}<span class="text">${escapeHtml(line.text)}</span></li>`;
    })
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${title}</title>`,
    `<style>${EXPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    `<dl class="details">\n${details}\n<div><dt>${escapeHtml(strings.exportedAt)}</dt><dd>${escapeHtml(strings.formatDateTime(input.exportedAt))}</dd></div>\n</dl>`,
    `<ol class="log">\n${items}\n</ol>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function exportTranscript(format: ExportFormat, input: TranscriptExport, strings: ExportStrings): { text: string; mimeType: string; extension: string } {
  switch (format) {
    case 'html':
      return { text: transcriptToHtml(input, strings), mimeType: 'text/html;charset=utf-8', extension: 'html' };
    case 'text':
      return { text: transcriptToText(input, strings), mimeType: 'text/plain;charset=utf-8', extension: 'txt' };
    case 'json':
      return { text: transcriptToJson(input, strings), mimeType: 'application/json', extension: 'json' };
  }
}

/** A file name safe on every system: transcript-<label>-<yyyy-mm-dd>.<ext>. */
export function exportFileName(label: string, exportedAt: number, extension: string): string {
  const safe = label.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'session';
  return `transcript-${safe}-${new Date(exportedAt).toISOString().slice(0, 10)}.${extension}`;
}
