import { describe, expect, it } from 'vitest';
import { MAX_ICE_SERVERS, MAX_ICE_URL_CHARS, MAX_TOKEN_CHARS } from '../../../protocol/limits.js';
import { parseClientMessage, parseServerMessage } from '../../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';

const TURN = { urls: ['turn:turn.example.org:3478?transport=udp'], username: '1700003600:c3VwcG9ydC1vcGFxdWU', credential: 'GFQiPL/0+8Ik77JKKLYv/z3mELw=' };
const ICE_SERVERS = { type: 'ice-servers', iceServers: [{ urls: 'stun:stun.example.org:3478' }, TURN], iceExpiresAt: 1_700_003_600_000 };

function refused(result: ReturnType<typeof parseServerMessage>): string {
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.error.code;
}

describe('refresh-ice', () => {
  it('parses from a client', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'refresh-ice' }))).toEqual({ ok: true, value: { type: 'refresh-ice' } });
  });
});

describe('ice-servers', () => {
  it('parses a list with TURN credentials and an expiry, and one without expiry', () => {
    expect(parseServerMessage(JSON.stringify(ICE_SERVERS))).toEqual({ ok: true, value: ICE_SERVERS });
    expect(parseServerMessage({ type: 'ice-servers', iceServers: [] }).ok).toBe(true);
  });

  it.each<[string, unknown]>([
    ['no list', { type: 'ice-servers', iceExpiresAt: 1 }],
    ['a list that is not an array', { ...ICE_SERVERS, iceServers: TURN }],
    ['a server without urls', { ...ICE_SERVERS, iceServers: [{ username: 'u', credential: 'p' }] }],
    ['a numeric username', { ...ICE_SERVERS, iceServers: [{ ...TURN, username: 1700003600 }] }],
    ['an over-long username', { ...ICE_SERVERS, iceServers: [{ ...TURN, username: 'u'.repeat(MAX_TOKEN_CHARS + 1) }] }],
    ['an over-long credential', { ...ICE_SERVERS, iceServers: [{ ...TURN, credential: 'p'.repeat(MAX_TOKEN_CHARS + 1) }] }],
    ['an over-long URL', { ...ICE_SERVERS, iceServers: [{ urls: `turn:${'a'.repeat(MAX_ICE_URL_CHARS)}` }] }],
    ['too many servers', { ...ICE_SERVERS, iceServers: Array(MAX_ICE_SERVERS + 1).fill(TURN) }],
    ['too many URLs in one server', { ...ICE_SERVERS, iceServers: [{ ...TURN, urls: Array(MAX_ICE_SERVERS + 1).fill(TURN.urls[0]) }] }],
    ['an expiry in seconds as text', { ...ICE_SERVERS, iceExpiresAt: '1700003600' }],
    ['a negative expiry', { ...ICE_SERVERS, iceExpiresAt: -1 }],
    ['a fractional expiry', { ...ICE_SERVERS, iceExpiresAt: 1.5 }],
  ])('refuses %s', (_label, frame) => {
    expect(refused(parseServerMessage(frame))).toBe('INVALID_MESSAGE');
  });
});

describe('welcome with TURN', () => {
  const welcome = { type: 'welcome', version: PROTOCOL_VERSION, role: 'rep', repName: 'Riley', iceServers: [TURN], iceExpiresAt: 1_700_003_600_000 };

  it('carries the expiry and the transport policy, "all" when a server omits it', () => {
    const parsed = parseServerMessage({ ...welcome, iceTransportPolicy: 'relay' });
    expect(parsed.ok && parsed.value).toMatchObject({ iceExpiresAt: 1_700_003_600_000, iceTransportPolicy: 'relay' });
    const older = parseServerMessage({ type: 'welcome', version: PROTOCOL_VERSION, role: 'customer', iceServers: [] });
    expect(older.ok && older.value).toMatchObject({ iceTransportPolicy: 'all' });
  });

  it('refuses an unknown transport policy and a bad expiry', () => {
    expect(refused(parseServerMessage({ ...welcome, iceTransportPolicy: 'direct' }))).toBe('INVALID_MESSAGE');
    expect(refused(parseServerMessage({ ...welcome, iceExpiresAt: 'soon' }))).toBe('INVALID_MESSAGE');
  });
});
