import { describe, expect, it } from 'vitest';
import { contentMatchesName, previewTypeOf, sniffContent } from '../../../../client/files/sniffContent.js';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])));

const PNG = bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR');
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 'JFIF');
const GIF = bytes('GIF89a', 1, 0, 1, 0);
const WEBP = bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 ');
const PDF = bytes('%PDF-1.7\n');
const ZIP = bytes('PK', 3, 4, 20, 0);
const EXE = bytes('MZ', 0x90, 0, 3, 0);
const SVG = bytes('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">');
const TEXT = bytes('2024-05-01 12:00:01 ERROR disk full\n');

describe('sniffContent', () => {
  it('recognises common signatures', () => {
    expect(sniffContent(PNG)).toBe('png');
    expect(sniffContent(JPEG)).toBe('jpeg');
    expect(sniffContent(GIF)).toBe('gif');
    expect(sniffContent(WEBP)).toBe('webp');
    expect(sniffContent(PDF)).toBe('pdf');
    expect(sniffContent(ZIP)).toBe('zip');
    expect(sniffContent(EXE)).toBe('exe');
    expect(sniffContent(SVG)).toBe('markup');
    expect(sniffContent(TEXT)).toBeNull();
    expect(sniffContent(new Uint8Array())).toBeNull();
  });
});

describe('contentMatchesName', () => {
  it('accepts content that fits the extension', () => {
    expect(contentMatchesName('shot.PNG', PNG)).toBe(true);
    expect(contentMatchesName('photo.jpeg', JPEG)).toBe(true);
    expect(contentMatchesName('report.docx', ZIP)).toBe(true);
    expect(contentMatchesName('app.log', TEXT)).toBe(true);
    expect(contentMatchesName('empty.txt', new Uint8Array())).toBe(true);
  });

  it('flags a renamed executable, a fake image and markup posing as text', () => {
    expect(contentMatchesName('invoice.pdf', EXE)).toBe(false);
    expect(contentMatchesName('notes.txt', EXE)).toBe(false);
    expect(contentMatchesName('shot.png', JPEG)).toBe(false);
    expect(contentMatchesName('shot.png', TEXT)).toBe(false);
    expect(contentMatchesName('readme.txt', SVG)).toBe(false);
  });

  it('cannot tell for extensions it does not know', () => {
    expect(contentMatchesName('clip.mp4', EXE)).toBeNull();
  });
});

describe('previewTypeOf', () => {
  it('previews only raster images, judged by their bytes', () => {
    expect(previewTypeOf(PNG)).toBe('image/png');
    expect(previewTypeOf(JPEG)).toBe('image/jpeg');
    expect(previewTypeOf(GIF)).toBe('image/gif');
    expect(previewTypeOf(WEBP)).toBe('image/webp');
    expect(previewTypeOf(SVG)).toBeNull();
    expect(previewTypeOf(PDF)).toBeNull();
    expect(previewTypeOf(TEXT)).toBeNull();
  });
});
