/**
 * Push URL: the rep sends a web address; the customer sees exactly which one and chooses to
 * open it or not. Only http and https can be pushed, and the address is checked on both sides.
 */
import * as v from 'valibot';

export const MAX_PUSH_URL_CHARS = 2_048;

/** True for an absolute http(s) URL a browser can parse (no javascript:, data:, file: ...). */
export function isPushableUrl(value: string): boolean {
  if (value.length > MAX_PUSH_URL_CHARS) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const pushId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,32}$/));
const pushableUrl = v.pipe(v.string(), v.maxLength(MAX_PUSH_URL_CHARS), v.check(isPushableUrl, 'only http and https addresses can be pushed'));

export const PUSH_URL_SCHEMAS = {
  /** @example { type: 'push-url', pushId: 'p1', url: 'https://example.org/fix' } */
  'push-url': v.object({ type: v.literal('push-url'), pushId, url: pushableUrl }),
  /** @example { type: 'push-url-answer', pushId: 'p1', accepted: true } */
  'push-url-answer': v.object({ type: v.literal('push-url-answer'), pushId, accepted: v.boolean() }),
} as const;
