/*
 * Where to find a Chromium binary. Playwright cannot download browsers on this network,
 * so tests use the system Chromium (or one already in Playwright's cache) via executablePath.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/**
 * Flags for headless Chromium on a closed network. The background-networking group stops
 * Chromium from flooding the network with update, sync and metrics requests; the fake media
 * flags make getDisplayMedia return a synthetic screen so thumbnails are testable.
 */
export const CHROMIUM_ARGS: string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--metrics-recording-only',
  '--no-default-browser-check',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** Newest chromium-<revision>/chrome-linux/chrome in Playwright's browser cache, if any. */
function findPlaywrightCacheChromium(): string | undefined {
  const cacheDir = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  let entries: string[];
  try {
    entries = readdirSync(cacheDir);
  } catch {
    return undefined;
  }
  const revision = (name: string): number => Number(name.slice('chromium-'.length));
  const candidates = entries
    .filter((name) => /^chromium-\d+$/.test(name))
    .sort((a, b) => revision(b) - revision(a))
    .flatMap((name) => [
      join(cacheDir, name, 'chrome-linux', 'chrome'),
      join(cacheDir, name, 'chrome-linux64', 'chrome'),
    ]);
  return candidates.find((path) => existsSync(path));
}

/**
 * Path of the Chromium to launch: CHROMIUM_PATH, then the system packages, then
 * Playwright's cache. Throws with install instructions when none exists.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;

  const system = SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path));
  if (system) return system;

  const cached = findPlaywrightCacheChromium();
  if (cached) return cached;

  const envNote = fromEnv ? ` CHROMIUM_PATH is set to ${fromEnv}, which does not exist.` : '';
  throw new Error(
    `Chromium not found.${envNote} Looked in ${SYSTEM_CHROMIUM_PATHS.join(', ')} and ~/.cache/ms-playwright/chromium-*. ` +
      'Install it with `apt-get install chromium` (Debian/Ubuntu, as root), ' +
      'or set CHROMIUM_PATH=/path/to/chrome to use a binary you already have.',
  );
}
