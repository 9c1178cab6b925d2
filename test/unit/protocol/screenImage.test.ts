import { describe, expect, it } from 'vitest';
import { readScreenImageHeader } from '../../../protocol/screenImage.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const u16be = (n: number) => [n >> 8, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];

/** A JPEG's first segments: APP0 (JFIF), a quantisation table, then the frame header `sof`. */
function jpeg(width: number, height: number, sof = 0xc0): Uint8Array {
  const app0 = [0xff, 0xe0, ...u16be(16), ...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const dqt = [0xff, 0xdb, ...u16be(4), 0, 0];
  const frame = [0xff, sof, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return bytes(0xff, 0xd8, ...app0, ...dqt, ...frame, 0xff, 0xda, 0, 2);
}

function riff(chunk: string, body: number[]): Uint8Array {
  const padded = [...body, ...new Array(Math.max(0, 20 - body.length)).fill(0)];
  return bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP'), ...ascii(chunk), ...u16le(padded.length), 0, 0, ...padded);
}

describe('readScreenImageHeader', () => {
  it('reads a baseline JPEG size past the segments before its frame header', () => {
    expect(readScreenImageHeader(jpeg(320, 180))).toEqual({ mime: 'image/jpeg', width: 320, height: 180 });
  });

  it('reads a progressive JPEG (SOF2) and skips a Huffman table marker that looks like a frame header', () => {
    const progressive = jpeg(1280, 720, 0xc2);
    expect(readScreenImageHeader(progressive)).toEqual({ mime: 'image/jpeg', width: 1280, height: 720 });
    const dht = [0xff, 0xc4, ...u16be(6), 0, 0, 0, 0];
    const withDht = bytes(0xff, 0xd8, ...dht, ...jpeg(64, 48).subarray(2));
    expect(readScreenImageHeader(withDht)).toEqual({ mime: 'image/jpeg', width: 64, height: 48 });
  });

  it('reads a lossy WebP (VP8) size', () => {
    // The frame tag is three bytes before the start code.
    const vp8 = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(320), ...u16le(180)]);
    expect(readScreenImageHeader(vp8)).toEqual({ mime: 'image/webp', width: 320, height: 180 });
  });

  it('reads a lossless WebP (VP8L) and an extended WebP (VP8X) size', () => {
    const bits = (320 - 1) | ((180 - 1) << 14);
    const vp8l = riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
    expect(readScreenImageHeader(vp8l)).toEqual({ mime: 'image/webp', width: 320, height: 180 });
    const vp8x = riff('VP8X', [0x10, 0, 0, 0, ...u24le(1280 - 1), ...u24le(720 - 1)]);
    expect(readScreenImageHeader(vp8x)).toEqual({ mime: 'image/webp', width: 1280, height: 720 });
  });

  it('refuses other formats: PNG, GIF, SVG text, empty', () => {
    expect(readScreenImageHeader(bytes(0x89, ...ascii('PNG'), 13, 10, 26, 10, ...new Array(30).fill(0)))).toBeNull();
    expect(readScreenImageHeader(bytes(...ascii('GIF89a'), ...new Array(30).fill(0)))).toBeNull();
    expect(readScreenImageHeader(bytes(...ascii('<svg xmlns="http://www.w3.org/2000/svg"></svg>')))).toBeNull();
    expect(readScreenImageHeader(new Uint8Array(0))).toBeNull();
  });

  it('refuses a truncated JPEG, one whose scan starts before any frame header, and a zero size', () => {
    expect(readScreenImageHeader(jpeg(320, 180).subarray(0, 30))).toBeNull();
    expect(readScreenImageHeader(bytes(0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0))).toBeNull();
    expect(readScreenImageHeader(jpeg(0, 180))).toBeNull();
  });

  it('refuses a WebP with a broken start code or an unknown first chunk', () => {
    expect(readScreenImageHeader(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2b, ...u16le(320), ...u16le(180)]))).toBeNull();
    expect(readScreenImageHeader(riff('ANIM', [0, 0, 0, 0]))).toBeNull();
  });
});
