import { describe, expect, it } from 'vitest';
import type { CannedResponse } from '../../../../client/rep/cannedFile.js';
import { groupByCategory, MAX_SLASH_MATCHES, searchCanned, slashMatches, slashQuery } from '../../../../client/rep/cannedSearch.js';

let id = 0;
const item = (shortcut: string, fields: Partial<CannedResponse> = {}): CannedResponse => ({
  id: `c${++id}`,
  shortcut,
  title: '',
  category: '',
  kind: 'message',
  text: `${shortcut} text`,
  updatedAt: 0,
  ...fields,
});
const ITEMS = [
  item('greet', { title: 'Greeting', category: 'Openers', text: 'Hello, how can I help?' }),
  item('greet-fr', { title: 'Bonjour', category: 'Openers' }),
  item('printer', { title: 'Printer reset', category: 'Hardware', text: 'Hold the power button for ten seconds.' }),
  item('kb', { kind: 'url', text: 'https://help.example.org/kb', category: 'Links' }),
  item('bye', { text: 'Goodbye' }),
];

describe('searchCanned', () => {
  it('finds by shortcut, title, category or text, every word, any case', () => {
    expect(searchCanned(ITEMS, 'printer').map((i) => i.shortcut)).toEqual(['printer']);
    expect(searchCanned(ITEMS, 'POWER button').map((i) => i.shortcut)).toEqual(['printer']);
    expect(searchCanned(ITEMS, 'openers').map((i) => i.shortcut)).toEqual(['greet', 'greet-fr']);
    expect(searchCanned(ITEMS, 'nothing like this')).toEqual([]);
  });

  it('lists everything, by shortcut, for an empty query', () => {
    expect(searchCanned(ITEMS, '  ').map((i) => i.shortcut)).toEqual(['bye', 'greet', 'greet-fr', 'kb', 'printer']);
  });

  it('puts shortcut matches first', () => {
    const items = [item('zz', { text: 'mentions kb in the text' }), item('kb2')];
    expect(searchCanned(items, 'kb').map((i) => i.shortcut)).toEqual(['kb2', 'zz']);
  });
});

describe('slashQuery', () => {
  it('finds a /word at the end of the draft, at its start or after a space', () => {
    expect(slashQuery('/gr')).toEqual({ prefix: 'gr', from: 0 });
    expect(slashQuery('Hi! /pri')).toEqual({ prefix: 'pri', from: 4 });
    expect(slashQuery('/')).toEqual({ prefix: '', from: 0 });
    expect(slashQuery('line one\n/kb')).toEqual({ prefix: 'kb', from: 9 });
  });

  it('ignores slashes inside words, URLs and finished words', () => {
    expect(slashQuery('and/or')).toBeNull();
    expect(slashQuery('see https://example.org/kb')).toBeNull();
    expect(slashQuery('/greet ')).toBeNull();
    expect(slashQuery('plain text')).toBeNull();
  });
});

describe('slashMatches', () => {
  it('matches shortcut prefixes, shortest first', () => {
    expect(slashMatches(ITEMS, 'gr').map((i) => i.shortcut)).toEqual(['greet', 'greet-fr']);
    expect(slashMatches(ITEMS, 'GREET-').map((i) => i.shortcut)).toEqual(['greet-fr']);
    expect(slashMatches(ITEMS, 'x')).toEqual([]);
  });

  it('offers at most a handful', () => {
    const many = Array.from({ length: 20 }, (_, i) => item(`a${i}`));
    expect(slashMatches(many, 'a')).toHaveLength(MAX_SLASH_MATCHES);
  });
});

describe('groupByCategory', () => {
  it('groups by category in name order, uncategorised last', () => {
    const groups = groupByCategory(ITEMS);
    expect(groups.map(([name]) => name)).toEqual(['Hardware', 'Links', 'Openers', '']);
    expect(groups[2]![1].map((i) => i.shortcut)).toEqual(['greet', 'greet-fr']);
  });
});
