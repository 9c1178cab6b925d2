/**
 * A throwaway `redis-server` (Debian's, /usr/bin/redis-server) on a free loopback port, with no
 * persistence, for tests of several signaling nodes. It can be stopped and started again on
 * the same port to test a Redis outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { connect } from 'node:net';

export const REDIS_SERVER_BIN = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (its data is gone: there is no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

/** Resolves once the port answers PING with PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += String(chunk);
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolvePromise(reply.startsWith('+PONG')));
    socket.on('error', () => {});
  });
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    child = spawn(REDIS_SERVER_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk) => (output = (output + String(chunk)).slice(-4000)));
    child.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-4000)));
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await answersPing(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const stop = () =>
    new Promise<void>((resolvePromise) => {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return resolvePromise();
      running.once('exit', () => resolvePromise());
      running.kill('SIGKILL');
    });

  await start();
  return { port, url: `redis://127.0.0.1:${port}`, stop, start };
}
