/**
 * Server configuration from environment variables, validated at start. Every setting, its
 * default and its meaning is in the README's configuration table; keep the two in step.
 */
import * as v from 'valibot';
import { IceServerSchema, type IceServer } from '../protocol/signaling.js';
import {
  CODE_TTL_MS,
  FAILED_JOIN_WINDOW_MS,
  MAX_FAILED_JOINS_PER_WINDOW,
  MAX_NAME_CHARS,
  MAX_CONNECTIONS_PER_ADDRESS,
  MAX_FRAMES_PER_SECOND,
  MAX_SESSIONS_PER_REP,
  MAX_SIGNAL_FRAME_BYTES,
  PING_INTERVAL_MS,
  SESSION_ORPHAN_TTL_MS,
} from '../protocol/limits.js';
import { DEFAULT_FILE_RULES, MAX_FILE_BYTES_CEILING, MAX_FILE_EXTENSIONS, type FileRules } from '../protocol/fileRules.js';
import { err, ok, type Result } from '../protocol/result.js';
import { newRepToken, sha256 } from './secrets.js';

/**
 * A rep who may sign in. The server keeps only the SHA-256 digest of the token; `id` names
 * the rep in session ownership and is derived from the digest, so it is the same on every
 * node and after a restart without being the secret.
 */
export interface RepAccount {
  readonly id: string;
  readonly name: string;
  readonly tokenDigest: Buffer;
}

/** The account for a token given in plain text (REP_TOKEN, or one generated at start). */
export function repAccountFromToken(name: string, token: string): RepAccount {
  const tokenDigest = sha256(token);
  return { id: tokenDigest.subarray(0, 12).toString('base64url'), name, tokenDigest };
}

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly reps: readonly RepAccount[];
  /** The token generated for this run when no rep account was configured, to print once; else null. */
  readonly generatedRepToken: string | null;
  readonly codeTtlMs: number;
  readonly maxFailedJoins: number;
  readonly failedJoinWindowMs: number;
  readonly sessionOrphanTtlMs: number;
  readonly pingIntervalMs: number;
  readonly maxFrameBytes: number;
  readonly maxFramesPerSecond: number;
  readonly maxConnectionsPerAddress: number;
  readonly maxSessionsPerRep: number;
  /** Take the client address from the last X-Forwarded-For entry (only behind your own proxy). */
  readonly trustProxy: boolean;
  readonly iceServers: readonly IceServer[];
  /** Attachment rules sent to both browsers (FILE_ALLOWED_EXTENSIONS, FILE_MAX_BYTES). */
  readonly files: FileRules;
  /** Folder of the built client; empty string to serve no client (tests of the socket alone). */
  readonly clientDir: string;
  readonly publicUrl: string | null;
}

export const DEFAULT_REP_NAME = 'Support';

export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  codeTtlMs: CODE_TTL_MS,
  maxFailedJoins: MAX_FAILED_JOINS_PER_WINDOW,
  failedJoinWindowMs: FAILED_JOIN_WINDOW_MS,
  sessionOrphanTtlMs: SESSION_ORPHAN_TTL_MS,
  pingIntervalMs: PING_INTERVAL_MS,
  maxFrameBytes: MAX_SIGNAL_FRAME_BYTES,
  maxFramesPerSecond: MAX_FRAMES_PER_SECOND,
  maxConnectionsPerAddress: MAX_CONNECTIONS_PER_ADDRESS,
  maxSessionsPerRep: MAX_SESSIONS_PER_REP,
  clientDir: 'dist/client',
  files: DEFAULT_FILE_RULES,
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** `token` or `Name:token`, comma-separated; names are shown to customers. */
function parseReps(raw: string | undefined, errors: string[]): RepAccount[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const reps: RepAccount[] = [];
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = entry.lastIndexOf(':');
    const name = colon > 0 ? entry.slice(0, colon).trim() : DEFAULT_REP_NAME;
    const token = colon > 0 ? entry.slice(colon + 1) : entry;
    if (token.length < 16) errors.push('REP_TOKEN: every token must be at least 16 characters long');
    else if (name.length > MAX_NAME_CHARS) errors.push(`REP_TOKEN: rep names are at most ${MAX_NAME_CHARS} characters`);
    else reps.push(repAccountFromToken(name, token));
  }
  return reps;
}

function parseIceServers(raw: string | undefined, errors: string[]): IceServer[] {
  if (raw === undefined || raw.trim() === '') return [];
  try {
    const parsed = v.safeParse(v.array(IceServerSchema), JSON.parse(raw));
    if (parsed.success) return parsed.output;
    errors.push(`ICE_SERVERS: ${parsed.issues[0].message}`);
  } catch {
    errors.push('ICE_SERVERS must be a JSON array such as [{"urls":"stun:stun.example.org:3478"}]');
  }
  return [];
}

/** Comma-separated extensions, case-insensitive, with or without the dot: `png,.PDF, log`. */
function parseExtensions(raw: string | undefined, errors: string[]): string[] {
  if (raw === undefined || raw.trim() === '') return [...DEFAULT_FILE_RULES.allowedExtensions];
  const list = raw.split(',').map((s) => s.trim().toLowerCase().replace(/^\./, '')).filter(Boolean);
  const bad = list.filter((ext) => !/^[a-z0-9]{1,16}$/.test(ext));
  if (bad.length > 0) errors.push(`FILE_ALLOWED_EXTENSIONS: letters and digits only, up to 16 each (bad: ${bad.slice(0, 5).join(', ')})`);
  else if (list.length > MAX_FILE_EXTENSIONS) errors.push(`FILE_ALLOWED_EXTENSIONS: at most ${MAX_FILE_EXTENSIONS} extensions`);
  return [...new Set(list)];
}

/** Reads the configuration; returns every problem at once so an operator fixes them in one go. */
export function loadConfig(env: Env = process.env): Result<ServerConfig, string[]> {
  const errors: string[] = [];
  const reps = parseReps(env.REP_TOKEN, errors);
  const seconds = (name: string, fallbackMs: number, minS: number, maxS: number) =>
    integer(env, name, fallbackMs / 1000, minS, maxS, errors) * 1000;
  const publicUrl = env.PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^/]+/.test(publicUrl)) errors.push('PUBLIC_URL must start with http:// or https://');
  const generatedRepToken = reps === null ? newRepToken() : null;
  const config: ServerConfig = {
    port: integer(env, 'PORT', DEFAULTS.port, 0, 65535, errors),
    host: env.HOST?.trim() || DEFAULTS.host,
    reps: reps ?? [repAccountFromToken(DEFAULT_REP_NAME, generatedRepToken!)],
    generatedRepToken,
    codeTtlMs: seconds('CODE_TTL_SECONDS', DEFAULTS.codeTtlMs, 10, 7 * 24 * 3600),
    maxFailedJoins: integer(env, 'JOIN_FAILURES_MAX', DEFAULTS.maxFailedJoins, 1, 10_000, errors),
    failedJoinWindowMs: seconds('JOIN_FAILURES_WINDOW_SECONDS', DEFAULTS.failedJoinWindowMs, 1, 24 * 3600),
    sessionOrphanTtlMs: seconds('SESSION_IDLE_SECONDS', DEFAULTS.sessionOrphanTtlMs, 10, 7 * 24 * 3600),
    pingIntervalMs: seconds('PING_INTERVAL_SECONDS', DEFAULTS.pingIntervalMs, 1, 3600),
    maxFrameBytes: integer(env, 'MAX_FRAME_BYTES', DEFAULTS.maxFrameBytes, 1024, MAX_SIGNAL_FRAME_BYTES, errors),
    maxFramesPerSecond: integer(env, 'MAX_FRAMES_PER_SECOND', DEFAULTS.maxFramesPerSecond, 1, 10_000, errors),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', DEFAULTS.maxConnectionsPerAddress, 1, 1_000_000, errors),
    maxSessionsPerRep: integer(env, 'MAX_SESSIONS_PER_REP', DEFAULTS.maxSessionsPerRep, 1, 100_000, errors),
    trustProxy: ['1', 'true', 'yes'].includes((env.TRUST_PROXY ?? '').trim().toLowerCase()),
    iceServers: parseIceServers(env.ICE_SERVERS, errors),
    files: {
      allowedExtensions: parseExtensions(env.FILE_ALLOWED_EXTENSIONS, errors),
      maxBytes: integer(env, 'FILE_MAX_BYTES', DEFAULTS.files.maxBytes, 0, MAX_FILE_BYTES_CEILING, errors),
    },
    clientDir: env.CLIENT_DIR ?? DEFAULTS.clientDir,
    publicUrl,
  };
  if (reps !== null && reps.length === 0 && errors.length === 0) errors.push('REP_TOKEN is set but holds no token');
  return errors.length > 0 ? err(errors) : ok(config);
}
