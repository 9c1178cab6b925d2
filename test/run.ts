/*
 * `npm test`: make sure Chromium exists, build the client the e2e tests serve, run Vitest and
 * Playwright, then print one summary line `N passed, M failed[, K skipped]` from their JSON reports.
 * Usage: tsx test/run.ts [--unit-only | --e2e-only]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './support/chromium';

const ROOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const UNIT_REPORT_PATH = join(ROOT_DIR, 'test-results', 'unit.json');
const INTEGRATION_REPORT_PATH = join(ROOT_DIR, 'test-results', 'integration.json');
// Must match the json reporter's outputFile in playwright.config.ts.
const E2E_REPORT_PATH = join(ROOT_DIR, 'test-results', 'e2e.json');

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** The fields of Vitest's JSON reporter we read (JsonTestResults in vitest's reporters.d.ts). */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  testResults?: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ status: string }>;
  }>;
}

/** The fields of Playwright's JSON reporter we read (JSONReport in playwright/types/testReporter.d.ts). */
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  errors?: Array<{ message?: string }>;
}

const problems: string[] = [];

function note(problem: string): void {
  problems.push(problem);
  console.error(`\n[test] ${problem}`);
}

function header(title: string): void {
  console.log(`\n[test] === ${title} ===`);
}

/** Runs a command with inherited stdio; returns true when it exits 0. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT_DIR, stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const shown = [relative(ROOT_DIR, command) || command, ...args].join(' ');
  if (result.error) {
    note(`${shown} could not start: ${result.error.message}`);
    return false;
  }
  if (result.status !== 0) {
    const how = result.signal ? `signal ${result.signal}` : `code ${result.status}`;
    note(`${shown} failed with ${how} after ${seconds}s`);
    return false;
  }
  console.log(`[test] ${shown} ok in ${seconds}s`);
  return true;
}

/** The locally installed binary, as `npx` would find it, without npx's registry fallback. */
function localBin(name: string): string {
  const path = join(ROOT_DIR, 'node_modules', '.bin', name);
  if (!existsSync(path)) {
    console.error(`[test] ${name} is not installed in node_modules; run \`npm ci\` first.`);
    process.exit(1);
  }
  return path;
}

function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/** Finds Chromium, installing Debian's package when we are root on a Debian-like system. */
function ensureChromium(): void {
  header('chromium');
  try {
    console.log(`[test] using ${findChromium()}`);
    return;
  } catch (error) {
    if (!canInstallWithApt()) {
      console.error(`[test] ${(error as Error).message}`);
      process.exit(1);
    }
    console.log('[test] Chromium not found; installing Debian package `chromium` with apt-get');
  }
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log('[test] $ apt-get update');
  run('apt-get', ['update'], aptEnv);
  console.log('[test] $ apt-get install -y chromium');
  run('apt-get', ['install', '-y', 'chromium'], aptEnv);
  try {
    console.log(`[test] using ${findChromium()}`);
  } catch (error) {
    console.error(`[test] ${(error as Error).message}`);
    process.exit(1);
  }
}

function readReport<T>(path: string, label: string): T | undefined {
  if (!existsSync(path)) {
    note(`${label} report ${relative(ROOT_DIR, path)} was not written; counting ${label} as 1 failure`);
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    note(`${label} report ${relative(ROOT_DIR, path)} is not valid JSON (${(error as Error).message}); counting ${label} as 1 failure`);
    return undefined;
  }
}

function tallyUnit(report: VitestReport | undefined, label: string): Tally {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  // A test file that fails to load has no failed tests, only a failed file: count it too.
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  );
  for (const file of brokenFiles) {
    note(`${label}: ${relative(ROOT_DIR, file.name)} failed outside any test: ${file.message.split('\n')[0] ?? ''}`);
  }
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles.length,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
  };
}

function tallyE2e(report: PlaywrightReport | undefined): Tally {
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  // Errors outside tests (a file that fails to load, a broken fixture) count as failures.
  const errors = report.errors ?? [];
  for (const error of errors) {
    note(`e2e: error outside any test: ${(error.message ?? 'unknown error').split('\n')[0] ?? ''}`);
  }
  const { expected, unexpected, skipped, flaky } = report.stats;
  return { passed: expected + flaky, failed: unexpected + errors.length, skipped };
}

/**
 * Unit tests run in parallel; integration tests one file at a time, since each starts real
 * servers, coturn, Redis, nginx or fifty WebRTC peers and, on a 2-core machine, running them
 * side by side starves the very timeouts they check (a fuzzed server's well-behaved session).
 */
function runVitest(label: string, dir: string, reportPath: string, extraArgs: string[]): Tally {
  header(`${label} tests (vitest)`);
  rmSync(reportPath, { force: true });
  run(localBin('vitest'), ['run', dir, ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${relative(ROOT_DIR, reportPath)}`]);
  // Read now: Playwright empties test-results/ (its outputDir) when it starts.
  return tallyUnit(readReport<VitestReport>(reportPath, label), label);
}

function runUnit(): Tally[] {
  return [
    runVitest('unit', 'test/unit', UNIT_REPORT_PATH, []),
    runVitest('integration', 'test/integration', INTEGRATION_REPORT_PATH, ['--no-file-parallelism']),
  ];
}

function runE2e(built: boolean): Tally {
  header('browser end-to-end tests (playwright)');
  rmSync(E2E_REPORT_PATH, { force: true });
  if (!built) {
    note('e2e skipped: the client build failed, so there is nothing to serve');
    return { passed: 0, failed: 1, skipped: 0 };
  }
  run(localBin('playwright'), ['test']);
  return tallyE2e(readReport<PlaywrightReport>(E2E_REPORT_PATH, 'e2e'));
}

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--unit-only' && arg !== '--e2e-only');
  if (unknown.length > 0 || args.length > 1) {
    console.error('usage: tsx test/run.ts [--unit-only | --e2e-only]');
    process.exit(2);
  }
  const wantUnit = !args.includes('--e2e-only');
  const wantE2e = !args.includes('--unit-only');

  let built = true;
  if (wantE2e) {
    ensureChromium();
    header('client build (vite)');
    built = run(localBin('vite'), ['build']);
  }

  const tallies: Tally[] = [];
  if (wantUnit) tallies.push(...runUnit());
  if (wantE2e) tallies.push(runE2e(built));

  const total = tallies.reduce(
    (sum, t) => ({ passed: sum.passed + t.passed, failed: sum.failed + t.failed, skipped: sum.skipped + t.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
  if (total.passed + total.failed + total.skipped === 0) note('no tests ran');

  if (problems.length > 0) {
    console.log(`\n[test] ${problems.length} problem(s):`);
    for (const problem of problems) console.log(`[test]   - ${problem}`);
  }
  const skippedPart = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
  console.log(`\n${total.passed} passed, ${total.failed} failed${skippedPart}`);
  process.exit(problems.length > 0 || total.failed > 0 ? 1 : 0);
}

main();
