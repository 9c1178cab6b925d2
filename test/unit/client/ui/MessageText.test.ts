import { describe, expect, it } from 'vitest';
import { safeHttpUrl, splitLinks } from '../../../../client/ui/MessageText.js';

describe('splitLinks', () => {
  it('returns plain text as one text part', () => {
    expect(splitLinks('My printer says offline.')).toEqual([{ text: 'My printer says offline.' }]);
  });

  it('returns no parts for an empty message', () => {
    expect(splitLinks('')).toEqual([]);
  });

  it('turns an https address into a link', () => {
    expect(splitLinks('https://example.com/help')).toEqual([{ href: 'https://example.com/help' }]);
  });

  it('turns an http address into a link', () => {
    expect(splitLinks('http://example.com/')).toEqual([{ href: 'http://example.com/' }]);
  });

  it('keeps the text around a link exactly, spaces included', () => {
    expect(splitLinks('  see https://example.com/a  and then reply ')).toEqual([
      { text: '  see ' },
      { href: 'https://example.com/a' },
      { text: '  and then reply ' },
    ]);
  });

  it('splits several links and the text between them', () => {
    expect(splitLinks('one http://a.example/x two https://b.example/y three')).toEqual([
      { text: 'one ' },
      { href: 'http://a.example/x' },
      { text: ' two ' },
      { href: 'https://b.example/y' },
      { text: ' three' },
    ]);
  });

  it.each([
    ['a full stop', 'Go to https://example.com/help.', 'https://example.com/help', '.'],
    ['a comma', 'Open https://example.com/a, then wait', 'https://example.com/a', ', then wait'],
    ['a question mark', 'Did you try https://example.com/reset?', 'https://example.com/reset', '?'],
    ['an exclamation mark', 'Try https://example.com/x!', 'https://example.com/x', '!'],
    ['a closing parenthesis', '(see https://example.com/docs)', 'https://example.com/docs', ')'],
    ['several marks', 'Really https://example.com/x?!).', 'https://example.com/x', '?!).'],
    ['a colon', 'Here https://example.com/x: it works', 'https://example.com/x', ': it works'],
  ])('leaves %s after a link out of the link', (_label, text, href, after) => {
    const parts = splitLinks(text);
    expect(parts.find((part) => 'href' in part)).toEqual({ href });
    expect(parts.at(-1)).toEqual({ text: after });
    expect(parts.map((part) => ('href' in part ? part.href : part.text)).join('')).toBe(text);
  });

  it('keeps a query string and fragment in the link', () => {
    const url = 'https://example.com/search?q=printer+offline&lang=en#results';
    expect(splitLinks(`Look at ${url} please`)).toEqual([{ text: 'Look at ' }, { href: url }, { text: ' please' }]);
  });

  it.each([
    ['javascript:', 'Click javascript:alert(document.cookie) now'],
    ['data:', 'Open data:text/html,<script>alert(1)</script> here'],
    ['file:', 'My file is at file:///C:/Users/ana/invoice.pdf'],
    ['ftp:', 'Download from ftp://files.example.com/driver.zip'],
    ['a scheme-less address', 'Go to www.example.com or example.com/help'],
  ])('leaves a %s address as text', (_label, text) => {
    expect(splitLinks(text)).toEqual([{ text }]);
  });

  it('leaves an http address that does not parse as text, joined with the text around it', () => {
    expect(splitLinks('See https://exa%mple.com/x or https://example.com/y')).toEqual([
      { text: 'See https://exa%mple.com/x or ' },
      { href: 'https://example.com/y' },
    ]);
  });

  it('does not link an address that hides behind another scheme', () => {
    const parts = splitLinks('javascript://example.com/%0Aalert(1)');
    expect(parts.some((part) => 'href' in part && part.href.startsWith('javascript'))).toBe(false);
  });

  it('keeps every character of the message across its parts', () => {
    const text = 'Logs: https://example.com/l?id=1#x, (http://example.org/), ftp://x.example and done.';
    const joined = splitLinks(text)
      .map((part) => ('href' in part ? part.href : part.text))
      .join('');
    expect(joined).toBe(text);
  });
});

describe('safeHttpUrl', () => {
  it('returns an https URL', () => {
    expect(safeHttpUrl('https://example.com/help')).toBe('https://example.com/help');
  });

  it('returns an http URL in its normalised form', () => {
    expect(safeHttpUrl('HTTP://Example.COM')).toBe('http://example.com/');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<b>hi</b>',
    'file:///etc/passwd',
    'ftp://files.example.com/',
    'mailto:help@example.com',
  ])('refuses %s', (candidate) => {
    expect(safeHttpUrl(candidate)).toBeNull();
  });

  it.each(['', 'not a url', 'http://', '//example.com/path'])('refuses %j, which does not parse as an absolute URL', (candidate) => {
    expect(safeHttpUrl(candidate)).toBeNull();
  });
});
