/**
 * Builds the client with Vite before measuring, so the figures are of the current sources.
 * It builds into a private temporary folder, not dist/client: tests running at the same time
 * rebuild dist/client (emptying it first), which would pull files from under the bench's server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
/** Where `npm run build` puts the client; measured as is with --no-build. */
export const DEFAULT_CLIENT_DIR = resolve(ROOT, 'dist/client');
const BUILD_TIMEOUT_MS = 180_000;

export interface ClientBuild {
  readonly dir: string;
  dispose(): void;
}

export function buildClient(): ClientBuild {
  const dir = mkdtempSync(join(tmpdir(), 'p2p-support-bench-client-'));
  const args = [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: BUILD_TIMEOUT_MS,
  });
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  if (result.error || result.status !== 0) {
    dispose();
    throw result.error ?? new Error(`vite build exited with ${result.status}`);
  }
  return { dir, dispose };
}
