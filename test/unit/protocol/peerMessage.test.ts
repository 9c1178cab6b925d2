import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../protocol/errors.js';
import type { InstanceId } from '../../../protocol/ids.js';
import { MAX_ID_CHARS } from '../../../protocol/limits.js';
import { encodePeerMessage, parsePeerMessage, type PeerMessage } from '../../../protocol/peerMessage.js';
import { isSupportedVersion, PROTOCOL_VERSION } from '../../../protocol/version.js';

/** peerMessage.ts keeps this limit private; it is part of the wire contract all the same. */
const MAX_PEER_MESSAGE_BYTES = 16 * 1024;

const INSTANCE_ID = 'Zx8fQ2-pL0_aa' as InstanceId;
const REP_HELLO: PeerMessage = { type: 'hello', version: PROTOCOL_VERSION, role: 'rep', instanceId: INSTANCE_ID };
const CUSTOMER_HELLO: PeerMessage = { type: 'hello', version: PROTOCOL_VERSION, role: 'customer', instanceId: INSTANCE_ID };

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

function expectError(result: ReturnType<typeof parsePeerMessage>, code: ErrorCode): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

describe('encodePeerMessage', () => {
  it('writes the message as UTF-8 JSON', () => {
    expect(JSON.parse(new TextDecoder().decode(encodePeerMessage(REP_HELLO)))).toEqual(REP_HELLO);
  });
});

describe('parsePeerMessage', () => {
  describe('round trip with encodePeerMessage', () => {
    it.each([
      ['a rep hello', REP_HELLO],
      ['a customer hello', CUSTOMER_HELLO],
    ])('gives back %s', (_label, message) => {
      expect(parsePeerMessage(encodePeerMessage(message))).toEqual({ ok: true, value: message });
    });

    it.each(Object.keys(ERROR_CODES) as ErrorCode[])('gives back an error message with code %s', (code) => {
      const message: PeerMessage = { type: 'error', code };
      expect(parsePeerMessage(encodePeerMessage(message))).toEqual({ ok: true, value: message });
    });

    it('gives back an instanceId of exactly MAX_ID_CHARS', () => {
      const message: PeerMessage = { ...REP_HELLO, instanceId: 'a'.repeat(MAX_ID_CHARS) as InstanceId };
      expect(parsePeerMessage(encodePeerMessage(message))).toEqual({ ok: true, value: message });
    });
  });

  it('accepts a hello from another version, leaving the refusal to isSupportedVersion', () => {
    const result = parsePeerMessage(json({ ...REP_HELLO, version: PROTOCOL_VERSION + 1 }));
    expect(result.ok && result.value.type === 'hello' && result.value.version).toBe(PROTOCOL_VERSION + 1);
    expect(isSupportedVersion(PROTOCOL_VERSION + 1)).toBe(false);
  });

  it('drops fields the protocol does not define', () => {
    expect(parsePeerMessage(json({ ...REP_HELLO, admin: true }))).toEqual({ ok: true, value: REP_HELLO });
  });

  it('accepts a payload of exactly 16 KiB', () => {
    const base = JSON.stringify({ ...REP_HELLO, pad: '' });
    const padded = json({ ...REP_HELLO, pad: 'x'.repeat(MAX_PEER_MESSAGE_BYTES - base.length) });
    expect(padded.byteLength).toBe(MAX_PEER_MESSAGE_BYTES);
    expect(parsePeerMessage(padded)).toEqual({ ok: true, value: REP_HELLO });
  });

  it('refuses a payload one byte over 16 KiB with MESSAGE_TOO_LARGE', () => {
    const base = JSON.stringify({ ...REP_HELLO, pad: '' });
    const padded = json({ ...REP_HELLO, pad: 'x'.repeat(MAX_PEER_MESSAGE_BYTES + 1 - base.length) });
    expect(padded.byteLength).toBe(MAX_PEER_MESSAGE_BYTES + 1);
    expectError(parsePeerMessage(padded), 'MESSAGE_TOO_LARGE');
  });

  it('refuses a huge payload by its size before decoding it', () => {
    expectError(parsePeerMessage(new Uint8Array(8 * 1024 * 1024).fill(0xff)), 'MESSAGE_TOO_LARGE');
  });

  it.each([
    ['a lone 0xff byte', [0xff]],
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['an encoded UTF-16 surrogate', [0xed, 0xa0, 0x80]],
    ['a truncated three-byte sequence', [0xe2, 0x82]],
    ['a stray continuation byte', [0x80]],
  ])('refuses invalid UTF-8 (%s) with INVALID_MESSAGE', (_label, bytes) => {
    expectError(parsePeerMessage(new Uint8Array(bytes)), 'INVALID_MESSAGE');
  });

  it('refuses invalid UTF-8 even inside a field it would otherwise drop', () => {
    const text = JSON.stringify({ ...REP_HELLO, note: '' });
    const bytes = utf8(text);
    const at = text.indexOf('"note":"') + '"note":"'.length;
    const broken = new Uint8Array([...bytes.subarray(0, at), 0xff, ...bytes.subarray(at)]);
    expect(parsePeerMessage(bytes)).toEqual({ ok: true, value: REP_HELLO });
    expectError(parsePeerMessage(broken), 'INVALID_MESSAGE');
  });

  it.each(['', 'hello', '{', "{'type':'hello'}", 'NaN', '{"type":"hello",}'])('refuses the non-JSON text %j with INVALID_MESSAGE', (text) => {
    expectError(parsePeerMessage(utf8(text)), 'INVALID_MESSAGE');
  });

  it.each(['welcome', 'join', 'signal', 'HELLO', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses the type %j with UNKNOWN_TYPE',
    (type) => {
      expectError(parsePeerMessage(json({ ...REP_HELLO, type })), 'UNKNOWN_TYPE');
    },
  );

  it.each(['{}', '{"type":1}', '{"type":null}', '{"type":["hello"]}'])('refuses %s, which has no string type, with UNKNOWN_TYPE', (text) => {
    expectError(parsePeerMessage(utf8(text)), 'UNKNOWN_TYPE');
  });

  it.each(['null', '42', '[]', '"hello"', '[{"type":"hello"}]'])('refuses the JSON text %s, which is not a message', (text) => {
    const result = parsePeerMessage(utf8(text));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(['INVALID_MESSAGE', 'UNKNOWN_TYPE']).toContain(result.error.code);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a fractional version', { ...REP_HELLO, version: 1.5 }],
    ['a negative version', { ...REP_HELLO, version: -1 }],
    ['a version as text', { ...REP_HELLO, version: '1' }],
    ['a version over 1,000,000', { ...REP_HELLO, version: 1_000_001 }],
    ['no version', { type: 'hello', role: 'rep', instanceId: INSTANCE_ID }],
    ['an unknown role', { ...REP_HELLO, role: 'admin' }],
    ['an empty instanceId', { ...REP_HELLO, instanceId: '' }],
    ['an instanceId with a space', { ...REP_HELLO, instanceId: 'a b' }],
    ['an instanceId over MAX_ID_CHARS', { ...REP_HELLO, instanceId: 'a'.repeat(MAX_ID_CHARS + 1) }],
    ['an error code outside the catalogue', { type: 'error', code: 'TEAPOT' }],
    ['an error without a code', { type: 'error' }],
  ])('refuses a message with %s with INVALID_MESSAGE', (_label, message) => {
    expectError(parsePeerMessage(json(message)), 'INVALID_MESSAGE');
  });

  it('refuses the JSON numbers 1e400 and NaN as a version', () => {
    const text = JSON.stringify(REP_HELLO);
    for (const number of ['1e400', 'NaN']) {
      const bad = text.replace(`"version":${PROTOCOL_VERSION}`, `"version":${number}`);
      expect(bad).not.toBe(text);
      expectError(parsePeerMessage(utf8(bad)), 'INVALID_MESSAGE');
    }
  });

  it('ignores __proto__ and constructor keys and leaves every prototype alone', () => {
    const text = `${JSON.stringify(REP_HELLO).slice(0, -1)},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`;
    const result = parsePeerMessage(utf8(text));
    expect(result).toEqual({ ok: true, value: REP_HELLO });
    if (result.ok) {
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      expect(Object.hasOwn(result.value, '__proto__')).toBe(false);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('returns an error for deeply nested arrays within the size limit', () => {
    expectError(parsePeerMessage(utf8('['.repeat(MAX_PEER_MESSAGE_BYTES))), 'INVALID_MESSAGE');
    const closed = utf8('['.repeat(MAX_PEER_MESSAGE_BYTES / 2) + ']'.repeat(MAX_PEER_MESSAGE_BYTES / 2));
    expect(parsePeerMessage(closed).ok).toBe(false);
  });
});
