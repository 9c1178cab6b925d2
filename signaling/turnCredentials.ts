/**
 * Short-lived TURN credentials in the TURN REST API scheme that coturn checks with
 * `use-auth-secret`: the username is `<unix expiry seconds>:<random opaque id>` and the
 * password is base64(HMAC-SHA1(secret, username)). coturn recomputes the password from the
 * shared secret, so the secret itself never leaves this server. No I/O here.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IceServer } from '../protocol/signaling.js';
import { MAX_ICE_SERVERS } from '../protocol/limits.js';
import { err, ok, type Result } from '../protocol/result.js';

/** Random bytes in the opaque part of a username: it names no rep and no customer. */
export const TURN_USERNAME_ID_BYTES = 12;

export interface TurnSettings {
  /** `turn:` / `turns:` URLs, all served by relays sharing the one secret. */
  readonly urls: readonly string[];
  /** coturn's `static-auth-secret`. Never logged, never sent. */
  readonly secret: string;
  readonly ttlSeconds: number;
}

export interface TurnCredential {
  readonly username: string;
  readonly credential: string;
  /** When coturn stops accepting it, in milliseconds since the epoch (a whole second). */
  readonly expiresAt: number;
}

/** What a participant is sent: the static servers plus its own TURN entry, and when that expires. */
export interface ParticipantIceServers {
  readonly iceServers: IceServer[];
  readonly iceExpiresAt?: number;
}

export function turnPassword(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/** A fresh credential valid for `ttlSeconds` from `nowMs`; `opaqueId` only for tests. */
export function mintTurnCredential(
  secret: string,
  ttlSeconds: number,
  nowMs: number,
  opaqueId: string = randomBytes(TURN_USERNAME_ID_BYTES).toString('base64url'),
): TurnCredential {
  const expirySeconds = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expirySeconds}:${opaqueId}`;
  return { username, credential: turnPassword(secret, username), expiresAt: expirySeconds * 1000 };
}

/** The ICE servers for one participant, minting its own TURN credential when TURN is set up. */
export function participantIceServers(
  staticServers: readonly IceServer[],
  turn: TurnSettings | null,
  nowMs: number,
): ParticipantIceServers {
  if (!turn) return { iceServers: [...staticServers] };
  const minted = mintTurnCredential(turn.secret, turn.ttlSeconds, nowMs);
  return {
    iceServers: [...staticServers, { urls: [...turn.urls], username: minted.username, credential: minted.credential }],
    iceExpiresAt: minted.expiresAt,
  };
}

/**
 * `turn:host[:port][?transport=udp|tcp]` or `turns:…` (RFC 7065). The host is a name, an
 * IPv4 address or a bracketed IPv6 address; no user info, path or other parameters.
 */
const TURN_URL = /^(turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;
const HOST_NAME = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(?:\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;

/** Checks one TURN URL; returns it unchanged or why it is refused. */
export function checkTurnUrl(url: string): Result<string, string> {
  const match = TURN_URL.exec(url);
  if (!match) return err(`"${url}" is not turn:host[:port][?transport=udp|tcp] or turns:host[:port]`);
  const [, scheme, host, port, transport] = match;
  if (!host!.startsWith('[') && !HOST_NAME.test(host!)) return err(`"${url}" has no valid host name`);
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return err(`"${url}" has a port outside 1 to 65535`);
  if (scheme === 'turns' && transport === 'udp') return err(`"${url}": turns: runs over TLS, so transport=udp does not apply`);
  return ok(url);
}

/** TURN_URLS: comma-separated, at least one, at most MAX_ICE_SERVERS. */
export function parseTurnUrls(raw: string): Result<string[], string[]> {
  const urls = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const problems: string[] = [];
  if (urls.length === 0) problems.push('holds no URL');
  if (urls.length > MAX_ICE_SERVERS) problems.push(`at most ${MAX_ICE_SERVERS} URLs`);
  for (const url of urls) {
    const checked = checkTurnUrl(url);
    if (!checked.ok) problems.push(checked.error);
  }
  return problems.length > 0 ? err(problems) : ok(urls);
}
