import { describe, expect, it } from 'vitest';
import { JOIN_TOKEN_BYTES, RESUME_KEY_BYTES, SESSION_CODE_DIGITS, SESSION_ID_BYTES } from '../../../protocol/limits.js';
import { isSessionCode } from '../../../protocol/sessionCode.js';
import { matchesDigest, newJoinToken, newRepToken, newResumeKey, newSessionCode, newSessionId, sha256 } from '../../../signaling/secrets.js';

const bytesOf = (token: string) => Buffer.from(token, 'base64url');

describe('secrets', () => {
  it('makes session codes of nine digits, every digit at every place, spread over all 10^9', () => {
    const codes = Array.from({ length: 20_000 }, () => newSessionCode());
    expect(codes.every((code) => isSessionCode(code) && code.length === SESSION_CODE_DIGITS)).toBe(true);
    // 20,000 draws from 10^9 repeat a code 0.2 times on average: more than 3 says the range is small.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(codes.length - 3);
    for (let place = 0; place < SESSION_CODE_DIGITS; place++) {
      expect(new Set(codes.map((code) => code[place])).size).toBe(10);
    }
    // Leading zeros are kept: about one code in ten starts with 0.
    const leadingZeros = codes.filter((code) => code.startsWith('0')).length;
    expect(leadingZeros).toBeGreaterThan(1_500);
    expect(leadingZeros).toBeLessThan(2_500);
  });

  it('makes ids and tokens of their full size, distinct across many blocks of random bytes', () => {
    const sizes: [() => string, number][] = [
      [newSessionId, SESSION_ID_BYTES],
      [newJoinToken, JOIN_TOKEN_BYTES],
      [newResumeKey, RESUME_KEY_BYTES],
      [newRepToken, 24],
    ];
    const seen = new Set<string>();
    // 2,000 rounds of 104 bytes: about fifty 4 KiB blocks, so every refill boundary is crossed.
    for (let round = 0; round < 2_000; round++) {
      for (const [make, bytes] of sizes) {
        const token = make();
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(bytesOf(token).length).toBe(bytes);
        seen.add(token);
      }
    }
    expect(seen.size).toBe(2_000 * sizes.length);
  });

  it('never hands out all-zero bytes (the block is wiped only after a token is taken)', () => {
    for (let i = 0; i < 5_000; i++) expect(bytesOf(newJoinToken()).some((byte) => byte !== 0)).toBe(true);
  });

  it('matches a secret against its digest only', () => {
    expect(matchesDigest('a-secret-of-some-length', sha256('a-secret-of-some-length'))).toBe(true);
    expect(matchesDigest('a-secret-of-some-lengtH', sha256('a-secret-of-some-length'))).toBe(false);
  });
});
