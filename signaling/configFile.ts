/**
 * The optional config file: a JSON object whose keys are the environment variable names
 * (`{"PORT": 8443, "REPS_FILE": "/var/lib/support/reps.json"}`). It is merged in front of the
 * environment, which wins, and the result goes through `loadConfig` like the environment does.
 */
import { readFileSync } from 'node:fs';
import { SETTING_NAMES } from './config.js';

/** Largest config file read; a settings file is a few hundred bytes. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
/** Settings whose value is JSON: in the file they may be written as JSON instead of a string. */
const JSON_SETTINGS: ReadonlySet<string> = new Set(['ICE_SERVERS']);
/** Only the environment or the command line can name the config file. */
const NOT_IN_FILE: ReadonlySet<string> = new Set(['CONFIG_FILE']);

type Env = Readonly<Record<string, string | undefined>>;

/** The settings a config file holds (as strings, like the environment) and what was wrong with it. */
export interface ConfigFileContents {
  readonly settings: Readonly<Record<string, string>>;
  readonly errors: readonly string[];
}

/** `--config PATH` or `--config=PATH` on the command line, else CONFIG_FILE, else none. */
export function configFilePath(argv: readonly string[], env: Env): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') return argv[i + 1] ?? '';
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return env.CONFIG_FILE?.trim() || null;
}

/** Reads and checks a config file; every problem names the file and, where there is one, the key. */
export function readConfigFile(path: string): ConfigFileContents {
  const where = `config file ${path}`;
  const fail = (problem: string): ConfigFileContents => ({ settings: {}, errors: [problem] });
  if (path.trim() === '') return fail('--config needs a file path');
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_CONFIG_FILE_BYTES) return fail(`${where}: larger than ${MAX_CONFIG_FILE_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    return fail(`${where}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`${where}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return fail(`${where}: must hold one JSON object such as {"PORT": 8080}`);
  }
  const known: ReadonlySet<string> = new Set(SETTING_NAMES);
  const settings: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key)) errors.push(`${where}: unknown setting "${key}" (settings are named as the environment variables in the README)`);
    else if (NOT_IN_FILE.has(key)) errors.push(`${where}: ${key} cannot be set inside the config file`);
    else if (typeof value === 'string') settings[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) settings[key] = String(value);
    else if (typeof value === 'boolean') settings[key] = value ? 'true' : 'false';
    else if (JSON_SETTINGS.has(key) && typeof value === 'object' && value !== null) settings[key] = JSON.stringify(value);
    else errors.push(`${where}: ${key} must be a string, a number or true/false (got ${value === null ? 'null' : typeof value})`);
  }
  return { settings, errors };
}

/**
 * The settings to pass to `loadConfig`: the config file's (if any) overridden by every
 * environment variable that is set and not empty. Problems with the file come back as
 * `fileErrors`, and the settings it did read still apply, so one run lists everything.
 */
export function mergeConfigFile(argv: readonly string[], env: Env): { readonly settings: Env; readonly fileErrors: readonly string[] } {
  const path = configFilePath(argv, env);
  if (path === null) return { settings: env, fileErrors: [] };
  const file = readConfigFile(path);
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  return { settings: { ...file.settings, ...fromEnv }, fileErrors: file.errors };
}
