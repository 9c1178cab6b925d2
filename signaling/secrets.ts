/** Random codes, tokens and ids, and constant-time comparison of secrets. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { JoinToken, ResumeKey, SessionCode, SessionId } from '../protocol/ids.js';
import { JOIN_TOKEN_BYTES, RESUME_KEY_BYTES, SESSION_CODE_DIGITS, SESSION_ID_BYTES } from '../protocol/limits.js';

/**
 * Random bytes come from the system's CSPRNG in blocks of this size and each byte is handed out
 * once, as Node does for `randomUUID` and `randomInt`: a session costs one call into OpenSSL per
 * hundred or so tokens instead of one per token.
 */
const RANDOM_BLOCK_BYTES = 4096;
let randomBlock = Buffer.alloc(0);
let randomBlockOffset = 0;

function randomToken(bytes: number): string {
  if (bytes > RANDOM_BLOCK_BYTES) return randomBytes(bytes).toString('base64url');
  if (randomBlockOffset + bytes > randomBlock.length) {
    randomBlock = randomBytes(RANDOM_BLOCK_BYTES);
    randomBlockOffset = 0;
  }
  const start = randomBlockOffset;
  randomBlockOffset += bytes;
  const token = randomBlock.toString('base64url', start, randomBlockOffset);
  // Used once: the bytes of a secret handed out do not stay behind in the block.
  randomBlock.fill(0, start, randomBlockOffset);
  return token;
}

export const newSessionId = (): SessionId => randomToken(SESSION_ID_BYTES) as SessionId;
export const newJoinToken = (): JoinToken => randomToken(JOIN_TOKEN_BYTES) as JoinToken;
export const newResumeKey = (): ResumeKey => randomToken(RESUME_KEY_BYTES) as ResumeKey;
export const newRepToken = (): string => randomToken(24);

/** Nine uniformly random digits (leading zeros allowed): one uniform draw below 10^9. */
export function newSessionCode(): SessionCode {
  return String(randomInt(10 ** SESSION_CODE_DIGITS)).padStart(SESSION_CODE_DIGITS, '0') as SessionCode;
}

export const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares a presented secret with a stored SHA-256 digest without leaking timing. */
export function matchesDigest(presented: string, digest: Buffer): boolean {
  return timingSafeEqual(sha256(presented), digest);
}
