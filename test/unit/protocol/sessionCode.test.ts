import { describe, expect, it } from 'vitest';
import type { SessionCode } from '../../../protocol/ids.js';
import { formatSessionCode, isSessionCode, normalizeSessionCode } from '../../../protocol/sessionCode.js';

describe('normalizeSessionCode', () => {
  it.each([
    ['482193774', 'bare digits'],
    ['482 193 774', 'spaces'],
    ['482-193-774', 'dashes'],
    [' 482 193-774 ', 'mixed separators and surrounding spaces'],
    ['482.193.774', 'dots'],
    ['482\u00a0193\u2009774', 'no-break and thin spaces'],
    ['482\u2013193\u2014774', 'en and em dashes'],
    ['\t482\n193 774\r\n', 'tabs and newlines'],
    ['４８２１９３７７４', 'full-width digits'],
    ['４８２　１９３－７７４', 'full-width digits, ideographic space and full-width dash'],
  ])('accepts %j (%s) as 482193774', (input) => {
    expect(normalizeSessionCode(input)).toEqual({ ok: true, value: '482193774' });
  });

  it('keeps leading zeros', () => {
    expect(normalizeSessionCode('000 000 001')).toEqual({ ok: true, value: '000000001' });
  });

  it.each([
    ['48219377', 'eight digits'],
    ['4821937745', 'ten digits'],
    ['482 193 77', 'eight digits with spaces'],
    ['482 193 7745', 'ten digits with spaces'],
    ['48219377a', 'a letter instead of a digit'],
    ['ABC DEF GHI', 'letters only'],
    ['482193774x', 'nine digits and a trailing letter'],
    ['', 'empty input'],
    ['   ', 'spaces only'],
    ['---', 'dashes only'],
    ['482_193_774', 'underscores, which are not separators'],
    ['482/193/774', 'slashes, which are not separators'],
    ['+482193774', 'a sign'],
    ['4.8e8', 'a number in exponent notation'],
    ['٤٨٢١٩٣٧٧٤', 'Arabic-Indic digits, which NFKC leaves alone'],
  ])('refuses %j (%s) with CODE_INVALID', (input) => {
    expect(normalizeSessionCode(input)).toEqual({ ok: false, error: 'CODE_INVALID' });
  });
});

describe('isSessionCode', () => {
  it('accepts exactly nine ASCII digits', () => {
    expect(isSessionCode('482193774')).toBe(true);
  });

  it.each(['482 193 774', '48219377', '4821937745', '４８２１９３７７４', '482193774\n'])(
    'refuses %j, which is not already normalized',
    (input) => {
      expect(isSessionCode(input)).toBe(false);
    },
  );
});

describe('formatSessionCode', () => {
  it('groups nine digits in threes for reading aloud', () => {
    expect(formatSessionCode('482193774' as SessionCode)).toBe('482 193 774');
  });

  it('keeps leading zeros when grouping', () => {
    expect(formatSessionCode('000120003' as SessionCode)).toBe('000 120 003');
  });

  it('gives back the same code when its output is normalized again', () => {
    const normalized = normalizeSessionCode(formatSessionCode('905331007' as SessionCode));
    expect(normalized).toEqual({ ok: true, value: '905331007' });
  });
});
