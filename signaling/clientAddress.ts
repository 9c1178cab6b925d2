/** The address failed joins are counted against. */
import type { IncomingMessage } from 'node:http';

/**
 * The socket's peer address, or, only when the operator says a proxy of theirs sits in front,
 * the last entry of X-Forwarded-For (the one that proxy appended; earlier ones are the
 * client's own claims and can be forged).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return direct;
  const header = req.headers['x-forwarded-for'];
  const value = Array.isArray(header) ? header[header.length - 1] : header;
  const last = value?.split(',').map((s) => s.trim()).filter(Boolean).pop();
  return last && last.length <= 64 ? last : direct;
}
