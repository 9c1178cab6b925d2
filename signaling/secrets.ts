/** Random codes, tokens and ids, and constant-time comparison of secrets. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { JoinToken, ResumeKey, SessionCode, SessionId } from '../protocol/ids.js';
import { JOIN_TOKEN_BYTES, RESUME_KEY_BYTES, SESSION_CODE_DIGITS, SESSION_ID_BYTES } from '../protocol/limits.js';

const randomToken = (bytes: number): string => randomBytes(bytes).toString('base64url');

export const newSessionId = (): SessionId => randomToken(SESSION_ID_BYTES) as SessionId;
export const newJoinToken = (): JoinToken => randomToken(JOIN_TOKEN_BYTES) as JoinToken;
export const newResumeKey = (): ResumeKey => randomToken(RESUME_KEY_BYTES) as ResumeKey;
export const newRepToken = (): string => randomToken(24);

/** Nine uniformly random digits (leading zeros allowed). */
export function newSessionCode(): SessionCode {
  let code = '';
  for (let i = 0; i < SESSION_CODE_DIGITS; i++) code += String(randomInt(10));
  return code as SessionCode;
}

export const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares a presented secret with a stored SHA-256 digest without leaking timing. */
export function matchesDigest(presented: string, digest: Buffer): boolean {
  return timingSafeEqual(sha256(presented), digest);
}
