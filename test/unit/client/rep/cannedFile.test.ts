import { describe, expect, it } from 'vitest';
import { checkCannedDraft, MAX_CANNED_FILE_BYTES, parseCannedFile, serializeCannedFile, type CannedResponse } from '../../../../client/rep/cannedFile.js';

const file = (items: unknown[], extra: object = {}) => JSON.stringify({ format: 'p2p-support-canned', version: 1, items, ...extra });
const GREET = { shortcut: 'greet', title: 'Greeting', category: 'Openers', kind: 'message', text: 'Hello, how can I help?' };

describe('parseCannedFile', () => {
  it('reads a valid file and fills defaults', () => {
    const parsed = parseCannedFile(file([GREET, { shortcut: 'kb', kind: 'url', text: 'https://help.example.org/kb' }, { shortcut: 'bye', text: 'Bye!' }]));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toHaveLength(3);
    expect(parsed.value[2]).toEqual({ shortcut: 'bye', title: '', category: '', kind: 'message', text: 'Bye!' });
  });

  it('round-trips what the console exports', () => {
    const stored: CannedResponse[] = [{ ...GREET, kind: 'message', id: 'x', updatedAt: 1 }];
    const parsed = parseCannedFile(serializeCannedFile(stored));
    expect(parsed.ok && parsed.value).toEqual([{ shortcut: 'greet', title: 'Greeting', category: 'Openers', kind: 'message', text: 'Hello, how can I help?' }]);
  });

  it('refuses text that is not JSON', () => {
    expect(parseCannedFile('{not json')).toEqual({ ok: false, error: { code: 'NOT_JSON' } });
  });

  it('refuses another kind of file or version', () => {
    const other = parseCannedFile(JSON.stringify({ format: 'something-else', version: 1, items: [] }));
    expect(!other.ok && other.error.code).toBe('BAD_FILE');
    const newer = parseCannedFile(file([], { version: 2 }));
    expect(!newer.ok && newer.error.code).toBe('BAD_FILE');
    const notArray = parseCannedFile(JSON.stringify({ format: 'p2p-support-canned', version: 1, items: 'x' }));
    expect(!notArray.ok && notArray.error.code).toBe('BAD_FILE');
  });

  it('names the bad item and why', () => {
    const parsed = parseCannedFile(file([GREET, { shortcut: 'has space', text: 'x' }]));
    expect(parsed).toEqual({ ok: false, error: { code: 'BAD_ITEM', index: 1, detail: 'the shortcut may only hold letters, digits, - and _' } });
  });

  it('refuses a scripted URL that is not http or https', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'not a url']) {
      const parsed = parseCannedFile(file([{ shortcut: 'x', kind: 'url', text }]));
      expect(!parsed.ok && parsed.error.code).toBe('BAD_ITEM');
    }
  });

  it('refuses wrong types, empty text and unknown kinds', () => {
    for (const item of [{ shortcut: 5, text: 'x' }, { shortcut: 'a', text: '' }, { shortcut: 'a', text: 'x', kind: 'script' }, null, 'greet']) {
      const parsed = parseCannedFile(file([item]));
      expect(!parsed.ok && parsed.error.code).toBe('BAD_ITEM');
    }
  });

  it('refuses the same shortcut twice, whatever the case', () => {
    const parsed = parseCannedFile(file([GREET, { ...GREET, shortcut: 'GREET' }]));
    expect(parsed).toEqual({ ok: false, error: { code: 'DUPLICATE_SHORTCUT', shortcut: 'GREET' } });
  });

  it('refuses a file that is too large before parsing it', () => {
    expect(parseCannedFile(' '.repeat(MAX_CANNED_FILE_BYTES + 1))).toEqual({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('ignores keys a hostile file adds (no prototype pollution)', () => {
    const parsed = parseCannedFile('{"format":"p2p-support-canned","version":1,"items":[{"shortcut":"a","text":"x","__proto__":{"polluted":true}}]}');
    expect(parsed.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.ok && Object.keys(parsed.value[0]!)).toEqual(['shortcut', 'title', 'category', 'kind', 'text']);
  });
});

describe('checkCannedDraft', () => {
  it('trims fields and accepts a good draft', () => {
    expect(checkCannedDraft({ shortcut: ' greet ', title: ' Hi ', category: '', kind: 'message', text: 'Hello' })).toEqual({
      ok: true,
      value: { shortcut: 'greet', title: 'Hi', category: '', kind: 'message', text: 'Hello' },
    });
  });

  it('says what is wrong', () => {
    expect(checkCannedDraft({ shortcut: '', text: 'x' })).toEqual({ ok: false, error: 'the shortcut is empty' });
    expect(checkCannedDraft({ shortcut: 'u', kind: 'url', text: 'javascript:alert(1)' })).toEqual({ ok: false, error: 'a scripted URL must be an http or https address' });
  });
});
