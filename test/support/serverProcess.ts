/**
 * Starts the real signaling server as its own process (`tsx signaling/main.ts`) on a free
 * port, serving the built client, so browser tests and benchmarks talk to exactly what a
 * user runs, and fault tests can kill and restart it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const TEST_REP_TOKEN = 'test-rep-token-0123456789abcdef';
export const TEST_REP_NAME = 'Riley';
const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 20_000;

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly repToken: string;
  readonly child: ChildProcess;
  /** Everything the server printed, for assertions on logs. */
  readonly output: () => string;
  /** What it printed on stdout only: the JSON log lines. */
  readonly stdout: () => string;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  // tsx as a loader in the server's own process (not its CLI, which is a second process that
  // does not pass SIGHUP on), so signals reach the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      REP_TOKEN: `${TEST_REP_NAME}:${TEST_REP_TOKEN}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), START_TIMEOUT_MS);
    const check = () => {
      // The banner for people goes to stderr (stdout carries the JSON log).
      const match = output.match(/running at (https?:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    repToken: env.REP_TOKEN ? (env.REP_TOKEN.split(',')[0]!.split(':').pop() ?? '') : TEST_REP_TOKEN,
    child,
    output: () => output,
    stdout: () => stdout,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGTERM');
      }),
  };
}
