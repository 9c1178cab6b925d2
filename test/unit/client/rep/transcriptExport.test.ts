import { describe, expect, it } from 'vitest';
import { repMessages } from '../../../../client/rep/messages.js';
import {
  escapeHtml,
  exportFileName,
  exportTranscript,
  transcriptToHtml,
  transcriptToJson,
  transcriptToText,
  type TranscriptExport,
} from '../../../../client/rep/transcriptExport.js';
import type { LogEntry, SessionDetails } from '../../../../protocol/transcript.js';

const AT = Date.UTC(2024, 4, 2, 9, 30);
const DETAILS: SessionDetails = {
  sessionId: 'k3Jd9_Qa-7xWm2Lp',
  startedAt: AT,
  joinedBy: 'link',
  customerName: 'Ana <b>Souza</b>',
  query: 'Printer says "offline" & won\'t print',
  os: 'Windows 10 or 11',
  browser: 'Chrome 131',
  repName: 'Riley',
  reference: 'TICKET-42',
};
const ENTRIES: LogEntry[] = [
  { kind: 'status', id: 's1', event: 'customer-joined', name: 'Ana', at: AT },
  { kind: 'message', id: 'm1', role: 'customer', author: 'Ana', text: '<script>alert(1)</script>\nsecond line', at: AT + 1000 },
  { kind: 'message', id: 'm2', role: 'rep', author: 'Riley', text: 'Try https://example.org/fix', at: AT + 2000 },
  { kind: 'status', id: 's2', event: 'push-url-sent', by: 'rep', detail: 'https://example.org/fix', at: AT + 3000 },
  { kind: 'status', id: 's3', event: 'push-url-declined', by: 'customer', detail: 'https://example.org/fix', at: AT + 4000 },
];
const input = (entries: readonly LogEntry[] = ENTRIES): TranscriptExport => ({ details: DETAILS, entries, label: 'Ana', exportedAt: AT + 60_000, selfRole: 'rep' });

describe('transcriptToText', () => {
  it('puts the details first, then messages and status notes in order with times', () => {
    const text = transcriptToText(input(), repMessages);
    expect(text.startsWith('Support session transcript: Ana\n')).toBe(true);
    for (const fragment of ['Session ID: k3Jd9_Qa-7xWm2Lp', 'Reference: TICKET-42', 'Customer: Ana <b>Souza</b>', 'Problem: Printer says']) {
      expect(text).toContain(fragment);
    }
    const order = ['Ana joined the session', 'Ana: <script>alert(1)</script>', 'Riley: Try https://example.org/fix', 'Web page sent to open: https://example.org/fix', 'The customer declined to open https://example.org/fix'];
    const positions = order.map((fragment) => text.indexOf(fragment));
    expect(positions.every((p) => p > text.indexOf('Session ID'))).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('\n    second line');
    expect(text).toContain(`[${repMessages.formatDateTime(AT + 1000)}]`);
  });
});

describe('transcriptToHtml', () => {
  it('escapes hostile text and contains no script', () => {
    const html = transcriptToHtml(input(), repMessages);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Ana &lt;b&gt;Souza&lt;/b&gt;');
    expect(html).toContain('Printer says &quot;offline&quot; &amp; won&#39;t print');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('has the details, then every entry in order', () => {
    const html = transcriptToHtml(input(), repMessages);
    expect(html.indexOf('data-field="reference"')).toBeGreaterThan(0);
    expect(html.indexOf('data-field="reference"')).toBeLessThan(html.indexOf('<ol class="log">'));
    expect(html.match(/<li /g)?.length).toBe(ENTRIES.length);
    expect(html.indexOf('joined the session')).toBeLessThan(html.indexOf('declined to open'));
  });
});

describe('transcriptToJson', () => {
  it('keeps the raw entries with their readable text and ISO times', () => {
    const file = JSON.parse(transcriptToJson(input(), repMessages));
    expect(file.format).toBe('p2p-support-transcript');
    expect(file.version).toBe(1);
    expect(file.details.reference).toBe('TICKET-42');
    expect(file.entries).toHaveLength(ENTRIES.length);
    expect(file.entries[1]).toMatchObject({ kind: 'message', text: '<script>alert(1)</script>\nsecond line', atIso: new Date(AT + 1000).toISOString() });
    expect(file.entries[3]).toMatchObject({ kind: 'status', event: 'push-url-sent', detail: 'https://example.org/fix', text: 'Web page sent to open: https://example.org/fix' });
  });
});

describe('entries of kinds added later', () => {
  it('lists a file entry as a reference and an unknown kind by name, in every format', () => {
    const file = { kind: 'file', id: 'f1', role: 'customer', author: 'Ana', name: 'log.txt', size: 2048, at: AT + 5000 } as unknown as LogEntry;
    const odd = { kind: 'sticker', id: 'x1', at: AT + 6000 } as unknown as LogEntry;
    const entries = [...ENTRIES, file, odd];
    expect(transcriptToText(input(entries), repMessages)).toContain('Ana sent a file: log.txt (2.0 KiB)');
    expect(transcriptToHtml(input(entries), repMessages)).toContain('(sticker entry)');
    const json = JSON.parse(transcriptToJson(input(entries), repMessages));
    expect(json.entries.at(-2)).toMatchObject({ kind: 'file', name: 'log.txt', text: 'Ana sent a file: log.txt (2.0 KiB)' });
  });
});

describe('exportTranscript and exportFileName', () => {
  it('gives each format its type and a safe file name', () => {
    expect(exportTranscript('html', input(), repMessages).mimeType).toMatch(/^text\/html/);
    expect(exportTranscript('text', input(), repMessages).extension).toBe('txt');
    expect(exportTranscript('json', input(), repMessages).mimeType).toBe('application/json');
    expect(exportFileName('Ana Souza / ../etc', AT, 'html')).toBe('transcript-Ana-Souza-etc-2024-05-02.html');
    expect(exportFileName('', AT, 'txt')).toBe('transcript-session-2024-05-02.txt');
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
