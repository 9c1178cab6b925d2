import { describe, expect, it } from 'vitest';
import { checkTurnUrl, mintTurnCredential, participantIceServers, parseTurnUrls, turnPassword } from '../../../signaling/turnCredentials.js';

/**
 * Computed independently of this code, with
 * `printf '%s' '1700003600:c3VwcG9ydC1vcGFxdWU' | openssl dgst -sha1 -hmac 'north-relay-secret-2026' -binary | base64`.
 */
const VECTOR = {
  secret: 'north-relay-secret-2026',
  username: '1700003600:c3VwcG9ydC1vcGFxdWU',
  password: 'GFQiPL/0+8Ik77JKKLYv/z3mELw=',
};

describe('turnPassword', () => {
  it('is base64(HMAC-SHA1(secret, username)), as coturn computes it', () => {
    expect(turnPassword(VECTOR.secret, VECTOR.username)).toBe(VECTOR.password);
  });

  it('changes with the secret and with the username', () => {
    expect(turnPassword(`${VECTOR.secret}x`, VECTOR.username)).not.toBe(VECTOR.password);
    expect(turnPassword(VECTOR.secret, '1700003601:c3VwcG9ydC1vcGFxdWU')).not.toBe(VECTOR.password);
  });
});

describe('mintTurnCredential', () => {
  it('names the expiry in unix seconds and an opaque id, and signs that username', () => {
    const minted = mintTurnCredential(VECTOR.secret, 3600, 1_700_000_000_400, 'c3VwcG9ydC1vcGFxdWU');
    expect(minted).toEqual({ username: VECTOR.username, credential: VECTOR.password, expiresAt: 1_700_003_600_000 });
  });

  it('draws a fresh random id each time, naming nobody', () => {
    const usernames = new Set(Array.from({ length: 50 }, () => mintTurnCredential('s'.repeat(16), 60, 0).username));
    expect(usernames.size).toBe(50);
    for (const username of usernames) expect(username).toMatch(/^60:[A-Za-z0-9_-]{16}$/);
  });

  it('expires ttl seconds after now, rounded down to the second', () => {
    expect(mintTurnCredential('s'.repeat(16), 86_400, 1_700_000_000_999).expiresAt).toBe((1_700_000_000 + 86_400) * 1000);
  });
});

describe('participantIceServers', () => {
  const stun = { urls: 'stun:stun.example.org:3478' };

  it('passes the static servers through alone without TURN', () => {
    expect(participantIceServers([stun], null, 0)).toEqual({ iceServers: [stun] });
  });

  it('adds one TURN entry with all URLs, its own credential and the expiry', () => {
    const turn = { urls: ['turn:a.example.org:3478', 'turns:a.example.org:5349'], secret: VECTOR.secret, ttlSeconds: 600 };
    const result = participantIceServers([stun], turn, 1_700_000_000_000);
    expect(result.iceExpiresAt).toBe(1_700_000_600_000);
    expect(result.iceServers[0]).toEqual(stun);
    const entry = result.iceServers[1] as { urls: string[]; username: string; credential: string };
    expect(entry.urls).toEqual(turn.urls);
    expect(entry.username.startsWith('1700000600:')).toBe(true);
    expect(entry.credential).toBe(turnPassword(VECTOR.secret, entry.username));
    expect(JSON.stringify(result)).not.toContain(VECTOR.secret);
  });
});

describe('checkTurnUrl', () => {
  it.each([
    'turn:turn.example.org',
    'turn:turn.example.org:3478',
    'turn:turn.example.org:3478?transport=udp',
    'turn:203.0.113.7:3478?transport=tcp',
    'turn:[2001:db8::7]:3478',
    'turns:turn.example.org:5349',
    'turns:turn.example.org:443?transport=tcp',
  ])('accepts %s', (url) => {
    expect(checkTurnUrl(url)).toEqual({ ok: true, value: url });
  });

  it.each([
    ['stun:stun.example.org:3478', 'not turn:'],
    ['http://turn.example.org', 'not turn:'],
    ['turn:', 'not turn:'],
    ['turn:turn.example.org:0', 'port'],
    ['turn:turn.example.org:70000', 'port'],
    ['turn:turn.example.org:3478?transport=sctp', 'not turn:'],
    ['turn:user@turn.example.org', 'not turn:'],
    ['turn:turn.example.org/path', 'not turn:'],
    ['turn:-bad-.example.org', 'host'],
    ['turns:turn.example.org:5349?transport=udp', 'TLS'],
  ])('refuses %s', (url, reason) => {
    const checked = checkTurnUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error).toContain(reason);
  });
});

describe('parseTurnUrls', () => {
  it('splits on commas and trims', () => {
    expect(parseTurnUrls(' turn:a.example.org:3478 , turns:a.example.org:5349 ')).toEqual({
      ok: true,
      value: ['turn:a.example.org:3478', 'turns:a.example.org:5349'],
    });
  });

  it('reports every bad URL, and too many', () => {
    const parsed = parseTurnUrls([...Array(9).fill('turn:a.example.org'), 'stun:x', 'turn:b:99999'].join(','));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toEqual([expect.stringContaining('at most 8'), expect.stringContaining('stun:x'), expect.stringContaining('turn:b:99999')]);
  });

  it('refuses a list with no URL', () => {
    expect(parseTurnUrls(' , ')).toEqual({ ok: false, error: ['holds no URL'] });
  });
});
