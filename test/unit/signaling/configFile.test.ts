import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, SETTING_NAMES } from '../../../signaling/config.js';
import { configFilePath, mergeConfigFile, readConfigFile } from '../../../signaling/configFile.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function fileWith(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'config-file-'));
  dirs.push(dir);
  const path = join(dir, 'config.json');
  await writeFile(path, text);
  return path;
}

describe('configFilePath', () => {
  it('takes --config PATH or --config=PATH before CONFIG_FILE', () => {
    expect(configFilePath(['--config', '/a.json'], { CONFIG_FILE: '/b.json' })).toBe('/a.json');
    expect(configFilePath(['--config=/c.json'], {})).toBe('/c.json');
    expect(configFilePath([], { CONFIG_FILE: '/b.json' })).toBe('/b.json');
    expect(configFilePath([], {})).toBeNull();
  });
});

describe('readConfigFile', () => {
  it('reads strings, numbers, booleans and a JSON ICE_SERVERS as the environment would hold them', async () => {
    const path = await fileWith(
      JSON.stringify({ PORT: 8443, HOST: '0.0.0.0', TRUST_PROXY: true, ICE_SERVERS: [{ urls: 'stun:stun.example.org:3478' }] }),
    );
    expect(readConfigFile(path)).toEqual({
      settings: { PORT: '8443', HOST: '0.0.0.0', TRUST_PROXY: 'true', ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]' },
      errors: [],
    });
  });

  it('names the file and every bad key at once, and keeps the good ones', async () => {
    const path = await fileWith(JSON.stringify({ PROT: 1, PORT: null, HOST: ['a'], CONFIG_FILE: '/x', CODE_TTL_SECONDS: 60 }));
    const { settings, errors } = readConfigFile(path);
    expect(settings).toEqual({ CODE_TTL_SECONDS: '60' });
    expect(errors).toHaveLength(4);
    for (const problem of errors) expect(problem).toContain(path);
    expect(errors.join('\n')).toMatch(/unknown setting "PROT"/);
    expect(errors.join('\n')).toMatch(/PORT must be a string, a number or true\/false \(got null\)/);
    expect(errors.join('\n')).toMatch(/HOST must be .*\(got object\)/);
    expect(errors.join('\n')).toMatch(/CONFIG_FILE cannot be set inside/);
  });

  it('refuses bad JSON, a non-object and a missing or unreadable file, naming the file', async () => {
    const bad = await fileWith('{"PORT": 80,');
    expect(readConfigFile(bad).errors).toEqual([expect.stringMatching(new RegExp(`^config file ${bad}: not valid JSON`))]);
    const list = await fileWith('[1, 2]');
    expect(readConfigFile(list).errors).toEqual([expect.stringContaining('must hold one JSON object')]);
    const missing = join(tmpdir(), 'no-such-dir-for-config', 'config.json');
    expect(readConfigFile(missing).errors).toEqual([`config file ${missing}: cannot read it (ENOENT)`]);
    if (process.getuid?.() !== 0) {
      const locked = await fileWith('{}');
      await chmod(locked, 0o000);
      expect(readConfigFile(locked).errors).toEqual([`config file ${locked}: cannot read it (EACCES)`]);
    }
  });
});

describe('mergeConfigFile', () => {
  it('lets set environment variables override the file, and the merge goes through loadConfig', async () => {
    const path = await fileWith(JSON.stringify({ PORT: 9000, CODE_TTL_SECONDS: 120, MAX_FRAMES_PER_SECOND: 'lots' }));
    const { settings, fileErrors } = mergeConfigFile(['--config', path], { PORT: '9100', CODE_TTL_SECONDS: '', REP_TOKEN: 'x'.repeat(20) });
    expect(fileErrors).toEqual([]);
    expect(settings).toMatchObject({ PORT: '9100', CODE_TTL_SECONDS: '120' });
    const loaded = loadConfig(settings);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error).toEqual([expect.stringMatching(/^MAX_FRAMES_PER_SECOND must be a whole number/)]);
  });

  it('passes the environment through untouched when there is no config file', () => {
    const env = { PORT: '1234' };
    expect(mergeConfigFile([], env)).toEqual({ settings: env, fileErrors: [] });
  });
});

describe('SETTING_NAMES', () => {
  /** The `NAME` cells of the README's settings table (the "## Configuration" section). */
  function readmeSettings(): string[] {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
    return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
  }

  it('lists exactly the settings in the README table, each once', () => {
    const documented = readmeSettings();
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...SETTING_NAMES].sort());
  });

  it('holds every environment variable loadConfig reads', () => {
    const read = new Set<string>();
    // A full environment so that settings read only in the presence of others are reached too.
    const full = Object.fromEntries(SETTING_NAMES.map((name) => [name, '']));
    const recording = new Proxy(full, {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key);
      },
    });
    loadConfig(recording);
    expect([...read].filter((name) => !(SETTING_NAMES as readonly string[]).includes(name))).toEqual([]);
    expect(read.size).toBeGreaterThan(10);
  });
});
