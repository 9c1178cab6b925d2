/**
 * Server configuration from environment variables, validated at start. Every setting, its
 * default and its meaning is in the README's configuration table; keep the two in step.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import * as v from 'valibot';
import { IceServerSchema, IceTransportPolicySchema, type IceServer, type IceTransportPolicy } from '../protocol/signaling.js';
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
import {
  MAX_TURN_CREDENTIAL_TTL_SECONDS,
  MIN_TURN_CREDENTIAL_TTL_SECONDS,
  MIN_TURN_SECRET_CHARS,
  TURN_CREDENTIAL_TTL_SECONDS,
} from '../protocol/limits.js';
import { parseTurnUrls, type TurnSettings } from './turnCredentials.js';
import { DEFAULT_REDIS_KEY_PREFIX } from './store/constants.js';

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
  /** TURN relays and their shared secret (TURN_URLS, TURN_SECRET): each participant gets its own short-lived credentials. */
  readonly turn: TurnSettings | null;
  /** ICE_TRANSPORT_POLICY: `relay` keeps both browsers on the TURN relay, hiding their addresses from each other. */
  readonly iceTransportPolicy: IceTransportPolicy;
  /** Attachment rules sent to both browsers (FILE_ALLOWED_EXTENSIONS, FILE_MAX_BYTES). */
  readonly files: FileRules;
  /** Folder of the built client; empty string to serve no client (tests of the socket alone). */
  readonly clientDir: string;
  readonly publicUrl: string | null;
  /** Named rep accounts (REPS_FILE), loaded at start and reloaded when the file changes. */
  readonly repsFile: string;
  /** Certificate and key (PEM) to serve https and wss directly; null for plain http. */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer } | null;
  /** Bearer token `/metrics` asks for; null leaves it open (block it at the proxy). */
  readonly metricsToken: string | null;
  readonly logLevel: LogLevel;
  /** How long a graceful stop may take before hanging sockets are cut. */
  readonly shutdownTimeoutMs: number;
  /** Several nodes share sessions through this Redis (REDIS_URL); null keeps everything in memory. */
  readonly redis: RedisSettings | null;
}

export interface RedisSettings {
  readonly url: string;
  /** Put before every key and channel name (REDIS_KEY_PREFIX). */
  readonly keyPrefix: string;
  /** This node's name, unique among the nodes (NODE_ID; random when not set). */
  readonly nodeId: string;
}

export const DEFAULT_REP_NAME = 'Support';

/**
 * Every setting the server knows, by its environment variable name. A config file may hold
 * exactly these keys, and the README's settings table lists exactly these (a unit test checks
 * both): add a new setting here when you add it to `loadConfig`.
 */
export const SETTING_NAMES = [
  'CONFIG_FILE',
  'PORT',
  'HOST',
  'PUBLIC_URL',
  'REP_TOKEN',
  'REPS_FILE',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'TRUST_PROXY',
  'CODE_TTL_SECONDS',
  'JOIN_FAILURES_MAX',
  'JOIN_FAILURES_WINDOW_SECONDS',
  'SESSION_IDLE_SECONDS',
  'PING_INTERVAL_SECONDS',
  'MAX_FRAME_BYTES',
  'MAX_FRAMES_PER_SECOND',
  'MAX_CONNECTIONS_PER_ADDRESS',
  'MAX_SESSIONS_PER_REP',
  'ICE_SERVERS',
  'TURN_URLS',
  'TURN_SECRET',
  'TURN_CREDENTIAL_TTL_SECONDS',
  'ICE_TRANSPORT_POLICY',
  'CLIENT_DIR',
  'FILE_ALLOWED_EXTENSIONS',
  'FILE_MAX_BYTES',
  'METRICS_TOKEN',
  'LOG_LEVEL',
  'SHUTDOWN_TIMEOUT_SECONDS',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'NODE_ID',
] as const;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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
  repsFile: 'data/reps.json',
  logLevel: 'info',
  shutdownTimeoutMs: 10_000,
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

/** TURN_URLS with TURN_SECRET (required together) and TURN_CREDENTIAL_TTL_SECONDS; null without TURN_URLS. */
function parseTurn(env: Env, errors: string[]): TurnSettings | null {
  const ttlSeconds = integer(env, 'TURN_CREDENTIAL_TTL_SECONDS', TURN_CREDENTIAL_TTL_SECONDS, MIN_TURN_CREDENTIAL_TTL_SECONDS, MAX_TURN_CREDENTIAL_TTL_SECONDS, errors);
  const rawUrls = env.TURN_URLS?.trim() ?? '';
  const secret = env.TURN_SECRET ?? '';
  if (rawUrls === '') {
    if (secret !== '') errors.push('TURN_SECRET is set but TURN_URLS is not: set both, or neither');
    return null;
  }
  const urls = parseTurnUrls(rawUrls);
  if (!urls.ok) errors.push(...urls.error.map((problem) => `TURN_URLS: ${problem}`));
  // The secret's value never goes into a message.
  if (secret === '') errors.push('TURN_SECRET is required with TURN_URLS (the static-auth-secret in turnserver.conf)');
  else if (secret.length < MIN_TURN_SECRET_CHARS) errors.push(`TURN_SECRET must be at least ${MIN_TURN_SECRET_CHARS} characters long`);
  return urls.ok ? { urls: urls.value, secret, ttlSeconds } : null;
}

function parseIceTransportPolicy(raw: string | undefined, errors: string[]): IceTransportPolicy {
  if (raw === undefined || raw.trim() === '') return 'all';
  const parsed = v.safeParse(IceTransportPolicySchema, raw.trim().toLowerCase());
  if (parsed.success) return parsed.output;
  errors.push(`ICE_TRANSPORT_POLICY must be "all" or "relay" (got "${raw}")`);
  return 'all';
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

/** TLS_CERT_FILE and TLS_KEY_FILE: both or neither, readable, and a key that fits the certificate. */
function readTls(env: Env, errors: string[]): ServerConfig['tls'] {
  const certFile = env.TLS_CERT_FILE?.trim() || null;
  const keyFile = env.TLS_KEY_FILE?.trim() || null;
  if (certFile === null && keyFile === null) return null;
  if (certFile === null || keyFile === null) {
    errors.push('TLS_CERT_FILE and TLS_KEY_FILE go together: set both (https) or neither (http)');
    return null;
  }
  const read = (name: string, path: string): Buffer | null => {
    try {
      return readFileSync(path);
    } catch (error) {
      errors.push(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return null;
    }
  };
  const cert = read('TLS_CERT_FILE', certFile);
  const key = read('TLS_KEY_FILE', keyFile);
  if (cert === null || key === null) return null;
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    errors.push(`TLS_CERT_FILE / TLS_KEY_FILE: not a PEM certificate and its matching private key (${(error as Error).message})`);
    return null;
  }
  return { cert, key };
}

function logLevel(raw: string | undefined, errors: string[]): LogLevel {
  const value = raw?.trim().toLowerCase() || DEFAULTS.logLevel;
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  errors.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${raw}")`);
  return DEFAULTS.logLevel;
}

/** REDIS_URL switches several-node mode on; REDIS_KEY_PREFIX and NODE_ID only matter with it. */
function parseRedis(env: Env, errors: string[]): RedisSettings | null {
  const url = env.REDIS_URL?.trim() ?? '';
  const keyPrefix = env.REDIS_KEY_PREFIX ?? DEFAULT_REDIS_KEY_PREFIX;
  const nodeId = env.NODE_ID?.trim() || randomBytes(8).toString('hex');
  if (url === '') {
    if ((env.REDIS_KEY_PREFIX ?? '') !== '' || (env.NODE_ID ?? '').trim() !== '') errors.push('REDIS_KEY_PREFIX and NODE_ID need REDIS_URL');
    return null;
  }
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) errors.push('REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380/0');
  if (!/^[\w:.-]{0,64}$/.test(keyPrefix)) errors.push('REDIS_KEY_PREFIX: up to 64 letters, digits, "_", "-", "." or ":"');
  if (!/^[\w.-]{1,64}$/.test(nodeId)) errors.push('NODE_ID: 1 to 64 letters, digits, "_", "-" or "."');
  return { url, keyPrefix, nodeId };
}

/** Reads the configuration; returns every problem at once so an operator fixes them in one go. */
export function loadConfig(env: Env = process.env): Result<ServerConfig, string[]> {
  const errors: string[] = [];
  const reps = parseReps(env.REP_TOKEN, errors);
  const seconds = (name: string, fallbackMs: number, minS: number, maxS: number) =>
    integer(env, name, fallbackMs / 1000, minS, maxS, errors) * 1000;
  const publicUrl = env.PUBLIC_URL?.trim() || null;
  if (publicUrl !== null && !/^https?:\/\/[^/]+/.test(publicUrl)) errors.push('PUBLIC_URL must start with http:// or https://');
  const repsFile = env.REPS_FILE?.trim() || DEFAULTS.repsFile;
  // With named accounts on file, nobody needs a token made up for this run.
  const generatedRepToken = reps === null && !existsSync(repsFile) ? newRepToken() : null;
  const config: ServerConfig = {
    port: integer(env, 'PORT', DEFAULTS.port, 0, 65535, errors),
    host: env.HOST?.trim() || DEFAULTS.host,
    reps: reps ?? (generatedRepToken === null ? [] : [repAccountFromToken(DEFAULT_REP_NAME, generatedRepToken)]),
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
    turn: parseTurn(env, errors),
    iceTransportPolicy: parseIceTransportPolicy(env.ICE_TRANSPORT_POLICY, errors),
    files: {
      allowedExtensions: parseExtensions(env.FILE_ALLOWED_EXTENSIONS, errors),
      maxBytes: integer(env, 'FILE_MAX_BYTES', DEFAULTS.files.maxBytes, 0, MAX_FILE_BYTES_CEILING, errors),
    },
    clientDir: env.CLIENT_DIR ?? DEFAULTS.clientDir,
    publicUrl,
    repsFile,
    tls: readTls(env, errors),
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    logLevel: logLevel(env.LOG_LEVEL, errors),
    shutdownTimeoutMs: seconds('SHUTDOWN_TIMEOUT_SECONDS', DEFAULTS.shutdownTimeoutMs, 1, 3600),
    redis: parseRedis(env, errors),
  };
  if (reps !== null && reps.length === 0 && errors.length === 0) errors.push('REP_TOKEN is set but holds no token');
  const hasTurn = config.turn !== null || config.iceServers.some((server) => [server.urls].flat().some((url) => /^turns?:/.test(url)));
  if (config.iceTransportPolicy === 'relay' && !hasTurn && (env.TURN_URLS ?? '').trim() === '') {
    errors.push('ICE_TRANSPORT_POLICY=relay needs a TURN relay: set TURN_URLS and TURN_SECRET (or a turn: entry in ICE_SERVERS)');
  }
  return errors.length > 0 ? err(errors) : ok(config);
}
