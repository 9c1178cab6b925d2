/**
 * Named rep accounts kept in a JSON file (REPS_FILE): each rep's name, id, creation time and
 * the SHA-256 of their token, never the token. The CLI (`repCli.ts`) writes it; the server
 * reads it at start and again whenever it changes, so a revoked rep cannot sign in again.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, stat, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import * as v from 'valibot';
import { MAX_NAME_CHARS } from '../protocol/limits.js';
import { err, ok, type Result } from '../protocol/result.js';
import { repAccountFromToken, type RepAccount } from './config.js';
import { newRepToken } from './secrets.js';

export const REPS_FILE_VERSION = 1;
/** More accounts than any support team has; bounds the work of each sign-in. */
export const MAX_REP_ACCOUNTS = 10_000;
/** The file holds digests only, but nobody but the server's user needs to read it. */
export const REPS_FILE_MODE = 0o600;
/** How often the server looks at the file for changes (SIGHUP reloads at once). */
export const REPS_FILE_POLL_MS = 2_000;

const RepRecordSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16}$/)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_NAME_CHARS)),
  tokenSha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  created: v.pipe(v.string(), v.isoTimestamp()),
});
export type RepRecord = v.InferOutput<typeof RepRecordSchema>;

const RepsFileSchema = v.object({
  version: v.literal(REPS_FILE_VERSION),
  reps: v.pipe(v.array(RepRecordSchema), v.maxLength(MAX_REP_ACCOUNTS)),
});

/** A rep's name as customers will see it: trimmed, 1 to MAX_NAME_CHARS characters, no control characters. */
export function checkRepName(raw: string): Result<string, string> {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name === '') return err('a rep name cannot be empty');
  if ([...name].length > MAX_NAME_CHARS) return err(`a rep name is at most ${MAX_NAME_CHARS} characters`);
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return err('a rep name cannot hold control characters');
  return ok(name);
}

const sameName = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

export const accountOf = (record: RepRecord): RepAccount => ({
  id: record.id,
  name: record.name,
  tokenDigest: Buffer.from(record.tokenSha256, 'hex'),
});

/** The accounts on file; a file that does not exist holds none. */
export function readRepsFile(path: string): Result<RepRecord[], string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? ok([]) : err(`reps file ${path}: cannot read it (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err(`reps file ${path}: not valid JSON`);
  }
  const parsed = v.safeParse(RepsFileSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const at = v.getDotPath(issue);
    return err(`reps file ${path}: ${at ? `${at}: ` : ''}${issue.message}`);
  }
  return ok(parsed.output.reps);
}

/** Replaces the file in one step (write aside, then rename), readable by its owner only. */
export function writeRepsFile(path: string, reps: readonly RepRecord[]): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const aside = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(aside, JSON.stringify({ version: REPS_FILE_VERSION, reps }, null, 2) + '\n', { mode: REPS_FILE_MODE, flag: 'wx' });
  chmodSync(aside, REPS_FILE_MODE);
  renameSync(aside, path);
}

/** Adds a rep with a new random token, which is returned here and stored nowhere. */
export function addRep(path: string, rawName: string, now: Date = new Date()): Result<{ record: RepRecord; token: string }, string> {
  const name = checkRepName(rawName);
  if (!name.ok) return name;
  const existing = readRepsFile(path);
  if (!existing.ok) return existing;
  if (existing.value.some((rep) => sameName(rep.name, name.value))) return err(`there is already a rep named "${name.value}"`);
  if (existing.value.length >= MAX_REP_ACCOUNTS) return err(`at most ${MAX_REP_ACCOUNTS} reps`);
  const token = newRepToken();
  const account = repAccountFromToken(name.value, token);
  const record: RepRecord = { id: account.id, name: name.value, tokenSha256: account.tokenDigest.toString('hex'), created: now.toISOString() };
  writeRepsFile(path, [...existing.value, record]);
  return ok({ record, token });
}

/** Removes the rep of that name (case-insensitive); their token stops working once the server reloads. */
export function revokeRep(path: string, rawName: string): Result<RepRecord, string> {
  const existing = readRepsFile(path);
  if (!existing.ok) return existing;
  const name = rawName.trim().replace(/\s+/g, ' ');
  const found = existing.value.find((rep) => sameName(rep.name, name));
  if (!found) return err(`no rep named "${name}"`);
  writeRepsFile(path, existing.value.filter((rep) => rep !== found));
  return ok(found);
}

/**
 * The server's view of the file: the accounts it held when last read well. A reload that
 * fails (a half-edited file) keeps the previous accounts and says why.
 */
/** What tells one version of the file from the next (editors and the CLI replace the file). */
const versionOf = (stats: Stats | undefined): string => (stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : 'absent');

function versionNow(path: string): string {
  try {
    return versionOf(statSync(path, { throwIfNoEntry: false }));
  } catch {
    return 'unreadable';
  }
}

export class RepAccountsFile {
  private current: readonly RepAccount[] = [];
  /** The version of the file the last reload read, so a poll can tell whether it changed since. */
  private readVersion = 'absent';
  private readonly listeners: ((result: Result<number, string>) => void)[] = [];

  constructor(readonly path: string) {}

  get accounts(): readonly RepAccount[] {
    return this.current;
  }

  /** Reads the file again; on success the new accounts apply to the next sign-in. */
  reload(): Result<number, string> {
    this.readVersion = versionNow(this.path);
    const read = readRepsFile(this.path);
    const result: Result<number, string> = read.ok ? ok(read.value.length) : read;
    if (read.ok) this.current = read.value.map(accountOf);
    for (const listener of this.listeners) listener(result);
    return result;
  }

  /** Called after every reload with the number of accounts or the problem. Returns an unsubscribe. */
  onReload(listener: (result: Result<number, string>) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  /**
   * Polls the file (it may not exist yet, and editors replace it) and reloads when it differs
   * from what the last reload read, including a change made before the polling started.
   */
  watch(intervalMs = REPS_FILE_POLL_MS): () => void {
    let stopped = false;
    const timer = setInterval(() => {
      stat(this.path, (error, stats) => {
        if (stopped) return;
        const version = error ? (error.code === 'ENOENT' ? 'absent' : 'unreadable') : versionOf(stats);
        if (version !== this.readVersion) this.reload();
      });
    }, intervalMs);
    timer.unref();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }
}
