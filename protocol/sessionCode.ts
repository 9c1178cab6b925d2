/** Session codes: nine digits, typed by a customer with or without spaces or dashes. */
import type { SessionCode } from './ids.js';
import { SESSION_CODE_DIGITS } from './limits.js';
import { err, ok, type Result } from './result.js';

const CODE_PATTERN = new RegExp(`^\\d{${SESSION_CODE_DIGITS}}$`);
/** What a person may type between digits: spaces (any kind), dashes and dots. */
const SEPARATORS = /[\s\-\u2010-\u2015.]/g;

export function isSessionCode(value: string): value is SessionCode {
  return CODE_PATTERN.test(value);
}

/** `" 482-193 774 "` → `482193774`; anything else that is not nine digits is refused. */
export function normalizeSessionCode(input: string): Result<SessionCode, 'CODE_INVALID'> {
  const digits = input.normalize('NFKC').replace(SEPARATORS, '');
  return isSessionCode(digits) ? ok(digits) : err('CODE_INVALID');
}

/** `482193774` → `482 193 774`, for reading aloud over the phone. */
export function formatSessionCode(code: SessionCode): string {
  return code.replace(/(\d{3})(?=\d)/g, '$1 ');
}
