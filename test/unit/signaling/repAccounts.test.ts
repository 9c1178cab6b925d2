import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_NAME_CHARS } from '../../../protocol/limits.js';
import { repAccountFromToken } from '../../../signaling/config.js';
import { addRep, checkRepName, RepAccountsFile, readRepsFile, REPS_FILE_MODE, revokeRep } from '../../../signaling/repAccounts.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function repsPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reps-'));
  dirs.push(dir);
  return join(dir, 'nested', 'reps.json');
}

function added(path: string, name: string) {
  const result = addRep(path, name, new Date('2026-11-21T10:00:00Z'));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('checkRepName', () => {
  it('trims and folds spaces, and refuses empty, too long and control characters', () => {
    expect(checkRepName('  Ana   María ')).toEqual({ ok: true, value: 'Ana María' });
    expect(checkRepName('   ').ok).toBe(false);
    expect(checkRepName('x'.repeat(MAX_NAME_CHARS)).ok).toBe(true);
    expect(checkRepName('x'.repeat(MAX_NAME_CHARS + 1))).toEqual({ ok: false, error: `a rep name is at most ${MAX_NAME_CHARS} characters` });
    expect(checkRepName('Bob\u0007').ok).toBe(false);
  });
});

describe('rep accounts file', () => {
  it('adds a rep with a fresh token stored only as its SHA-256, in a file only its owner can read', async () => {
    const path = await repsPath();
    const { record, token } = added(path, 'Alice');
    const account = repAccountFromToken('Alice', token);
    expect(record).toEqual({ id: account.id, name: 'Alice', tokenSha256: account.tokenDigest.toString('hex'), created: '2026-11-21T10:00:00.000Z' });
    expect(token.length).toBeGreaterThanOrEqual(32);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(token);
    expect((await stat(path)).mode & 0o777).toBe(REPS_FILE_MODE);
    expect(readRepsFile(path)).toEqual({ ok: true, value: [record] });
  });

  it('refuses a second rep of the same name, ignoring case', async () => {
    const path = await repsPath();
    added(path, 'Alice');
    expect(addRep(path, 'ALICE')).toEqual({ ok: false, error: 'there is already a rep named "ALICE"' });
    const tokens = [added(path, 'Bob').token, added(path, 'Carol').token];
    expect(new Set(tokens).size).toBe(2);
    const names = (() => {
      const read = readRepsFile(path);
      return read.ok ? read.value.map((rep) => rep.name) : read.error;
    })();
    expect(names).toEqual(['Alice', 'Bob', 'Carol']);
  });

  it('revokes by name and says when there is no such rep', async () => {
    const path = await repsPath();
    const alice = added(path, 'Alice');
    const bob = added(path, 'Bob');
    expect(revokeRep(path, 'alice')).toEqual({ ok: true, value: alice.record });
    expect(readRepsFile(path)).toEqual({ ok: true, value: [bob.record] });
    expect(revokeRep(path, 'Alice')).toEqual({ ok: false, error: 'no rep named "Alice"' });
  });

  it('treats a missing file as no accounts and names the file when it is broken', async () => {
    const path = await repsPath();
    expect(readRepsFile(path)).toEqual({ ok: true, value: [] });
    const broken = join(dirs[0]!, 'broken.json');
    await writeFile(broken, '{"version":1,"reps":[{"id":"short","name":"A","tokenSha256":"00","created":"x"}]}');
    const read = readRepsFile(broken);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(new RegExp(`^reps file ${broken}: reps\\.0\\.id`));
    await writeFile(broken, 'not json');
    expect(readRepsFile(broken)).toEqual({ ok: false, error: `reps file ${broken}: not valid JSON` });
  });
});

describe('RepAccountsFile', () => {
  it('serves the accounts last read well, keeping them when a reload finds a broken file', async () => {
    const path = await repsPath();
    const file = new RepAccountsFile(path);
    expect(file.reload()).toEqual({ ok: true, value: 0 });
    const { token } = added(path, 'Alice');
    const seen: unknown[] = [];
    file.onReload((result) => seen.push(result));
    expect(file.reload()).toEqual({ ok: true, value: 1 });
    expect(file.accounts).toEqual([repAccountFromToken('Alice', token)]);
    await writeFile(path, '{"version": 1, "reps": [');
    expect(file.reload().ok).toBe(false);
    expect(file.accounts).toEqual([repAccountFromToken('Alice', token)]);
    expect(seen).toEqual([{ ok: true, value: 1 }, { ok: false, error: expect.stringContaining('not valid JSON') }]);
  });

  it('notices by itself when the file changes', async () => {
    const path = await repsPath();
    const file = new RepAccountsFile(path);
    file.reload();
    const stop = file.watch(50);
    try {
      const reloaded = new Promise((resolve) => file.onReload(resolve));
      added(path, 'Alice');
      expect(await reloaded).toEqual({ ok: true, value: 1 });
      expect(file.accounts.map((a) => a.name)).toEqual(['Alice']);
    } finally {
      stop();
    }
  });
});
