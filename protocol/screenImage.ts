/**
 * Reads the type and pixel size of a JPEG or WebP image from its first bytes, without
 * decoding it. The rep checks a frame against what was negotiated before handing it to the
 * browser's decoder, so a peer cannot make it decode another format or a huge picture.
 */
import type { ScreenImageType } from './screenShare.js';

export interface ScreenImageHeader {
  readonly mime: ScreenImageType;
  readonly width: number;
  readonly height: number;
}

/** Segments walked in a JPEG before giving up on finding its frame header. */
const MAX_JPEG_SEGMENTS = 64;

export function readScreenImageHeader(bytes: Uint8Array): ScreenImageHeader | null {
  if (bytes.byteLength >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return readJpeg(bytes);
  if (bytes.byteLength >= 30 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes);
  return null;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

/** Walks the marker segments up to the SOFn header, which holds the size. */
function readJpeg(bytes: Uint8Array): ScreenImageHeader | null {
  let offset = 2;
  for (let segment = 0; segment < MAX_JPEG_SEGMENTS; segment++) {
    if (offset + 4 > bytes.byteLength || bytes[offset] !== 0xff) return null;
    let marker = bytes[offset + 1]!;
    while (marker === 0xff && offset + 2 < bytes.byteLength) marker = bytes[++offset + 1]!;
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan before any frame header
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    const length = u16be(bytes, offset + 2);
    if (length < 2) return null;
    const isFrameHeader = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrameHeader) {
      if (length < 8 || offset + 9 > bytes.byteLength) return null;
      const height = u16be(bytes, offset + 5);
      const width = u16be(bytes, offset + 7);
      return width > 0 && height > 0 ? { mime: 'image/jpeg', width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}

/** The first chunk says which WebP flavour it is; each keeps the size in its own place. */
function readWebp(bytes: Uint8Array): ScreenImageHeader | null {
  const chunk = ascii(bytes, 12, 4);
  let width = 0;
  let height = 0;
  if (chunk === 'VP8 ') {
    // Lossy: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return null;
    width = u16le(bytes, 26) & 0x3fff;
    height = u16le(bytes, 28) & 0x3fff;
  } else if (chunk === 'VP8L') {
    // Lossless: signature 0x2f, then width-1 and height-1 in 14 bits each.
    if (bytes[20] !== 0x2f) return null;
    const bits = (bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24)) >>> 0;
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (chunk === 'VP8X') {
    // Extended: canvas width-1 and height-1, 24 bits each.
    width = u24le(bytes, 24) + 1;
    height = u24le(bytes, 27) + 1;
  } else {
    return null;
  }
  return width > 0 && height > 0 ? { mime: 'image/webp', width, height } : null;
}
