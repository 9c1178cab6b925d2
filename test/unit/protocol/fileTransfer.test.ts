import { describe, expect, it } from 'vitest';
import { checkFileRules, DEFAULT_FILE_RULES, fileExtension } from '../../../protocol/fileRules.js';
import {
  encodeFileChunk,
  FILE_CHUNK_HEADER_BYTES,
  MAX_FILE_FRAME_BYTES,
  parseFileChunk,
} from '../../../protocol/fileTransfer.js';
import { encodePeerMessage, parsePeerMessage, type PeerMessage } from '../../../protocol/peerMessage.js';
import { parseServerMessage } from '../../../protocol/signaling.js';

const OFFER = {
  type: 'file-offer',
  transferId: 'k2J9x0aQzz',
  tag: 7,
  name: 'error.png',
  size: 48_213,
  mimeType: 'image/png',
  chunkBytes: 65_536,
} as const;

const parse = (value: unknown) => parsePeerMessage(new TextEncoder().encode(JSON.stringify(value)));

describe('file transfer messages', () => {
  it('round-trips every message type', () => {
    const messages: PeerMessage[] = [
      OFFER,
      { type: 'file-accept', transferId: OFFER.transferId, offset: 0 },
      { type: 'file-ack', transferId: OFFER.transferId, offset: 2 * 1024 * 1024 },
      { type: 'file-complete', transferId: OFFER.transferId, sha256: 'a'.repeat(64) },
      { type: 'file-cancel', transferId: OFFER.transferId },
      { type: 'file-error', transferId: OFFER.transferId, code: 'FILE_HASH_MISMATCH' },
    ];
    for (const message of messages) expect(parsePeerMessage(encodePeerMessage(message))).toEqual({ ok: true, value: message });
  });

  it('refuses offers with path separators, control characters or empty names', () => {
    for (const name of ['../../etc/passwd', 'a\\b.txt', 'bell\u0007.txt', '', 'x'.repeat(256)]) {
      expect(parse({ ...OFFER, name }).ok).toBe(false);
    }
  });

  it('refuses impossible sizes, offsets, tags and chunk sizes', () => {
    expect(parse({ ...OFFER, size: -1 }).ok).toBe(false);
    expect(parse({ ...OFFER, size: 1.5 }).ok).toBe(false);
    expect(parse({ ...OFFER, size: 2 ** 53 }).ok).toBe(false);
    expect(parse({ ...OFFER, tag: 2 ** 32 }).ok).toBe(false);
    expect(parse({ ...OFFER, chunkBytes: 100 }).ok).toBe(false);
    expect(parse({ ...OFFER, chunkBytes: MAX_FILE_FRAME_BYTES }).ok).toBe(false);
    expect(parse({ type: 'file-accept', transferId: OFFER.transferId, offset: -5 }).ok).toBe(false);
    expect(parse({ type: 'file-ack', transferId: 'short', offset: 0 }).ok).toBe(false);
  });

  it('refuses a bad hash and an error code that is not a file error', () => {
    expect(parse({ type: 'file-complete', transferId: OFFER.transferId, sha256: 'A'.repeat(64) }).ok).toBe(false);
    expect(parse({ type: 'file-complete', transferId: OFFER.transferId, sha256: 'a'.repeat(63) }).ok).toBe(false);
    expect(parse({ type: 'file-error', transferId: OFFER.transferId, code: 'UNAUTHORIZED' }).ok).toBe(false);
  });
});

describe('file chunk frames', () => {
  it('carries tag, offset and bytes, including offsets past 4 GiB', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    for (const offset of [0, 65_536, 5 * 2 ** 32 + 17]) {
      const frame = encodeFileChunk(0xdeadbeef, offset, bytes);
      expect(frame.byteLength).toBe(FILE_CHUNK_HEADER_BYTES + bytes.byteLength);
      const parsed = parseFileChunk(frame.buffer);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.value.tag).toBe(0xdeadbeef);
      expect(parsed.value.offset).toBe(offset);
      expect([...parsed.value.bytes]).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('refuses text, empty and oversize frames', () => {
    expect(parseFileChunk('hello').ok).toBe(false);
    expect(parseFileChunk(new ArrayBuffer(FILE_CHUNK_HEADER_BYTES)).ok).toBe(false);
    expect(parseFileChunk(new ArrayBuffer(MAX_FILE_FRAME_BYTES + 1)).ok).toBe(false);
  });
});

describe('file rules', () => {
  it('takes the extension after the last dot, lower-cased', () => {
    expect(fileExtension('Report.Final.PDF')).toBe('pdf');
    expect(fileExtension('README')).toBe('');
    expect(fileExtension('.bashrc')).toBe('');
    expect(fileExtension('trailing.')).toBe('');
  });

  it('refuses a disallowed extension and an oversized file with their codes', () => {
    const rules = { allowedExtensions: ['png', 'pdf'], maxBytes: 1000 };
    expect(checkFileRules('shot.png', 1000, rules).ok).toBe(true);
    expect(checkFileRules('setup.exe', 10, rules)).toEqual({ ok: false, error: 'FILE_TYPE_NOT_ALLOWED' });
    expect(checkFileRules('noextension', 10, rules)).toEqual({ ok: false, error: 'FILE_TYPE_NOT_ALLOWED' });
    expect(checkFileRules('big.pdf', 1001, rules)).toEqual({ ok: false, error: 'FILE_TOO_LARGE' });
  });

  it('allows no HTML or SVG by default', () => {
    expect(checkFileRules('page.html', 10, DEFAULT_FILE_RULES).ok).toBe(false);
    expect(checkFileRules('logo.svg', 10, DEFAULT_FILE_RULES).ok).toBe(false);
  });

  it('reach the browsers in welcome, with defaults when a server omits them', () => {
    const welcome = { type: 'welcome', version: 1, role: 'customer', iceServers: [] };
    const parsed = parseServerMessage(JSON.stringify(welcome));
    expect(parsed.ok && parsed.value.type === 'welcome' && parsed.value.files).toEqual(DEFAULT_FILE_RULES);
    const custom = parseServerMessage(JSON.stringify({ ...welcome, files: { allowedExtensions: ['txt'], maxBytes: 5 } }));
    expect(custom.ok && custom.value.type === 'welcome' && custom.value.files).toEqual({ allowedExtensions: ['txt'], maxBytes: 5 });
    expect(parseServerMessage(JSON.stringify({ ...welcome, files: { allowedExtensions: ['.TXT'], maxBytes: 5 } })).ok).toBe(false);
  });
});
