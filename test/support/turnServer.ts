/**
 * Runs Debian's coturn (`turnserver`, installed by .ci/run) for a test: loopback only, free
 * ports, TURN REST API credentials (`use-auth-secret`) with a random secret, no TLS, its own
 * configuration, log, database and pid file in a temporary folder. Either a bare
 * configuration that allows loopback peers (both browsers of a test are on this machine), or
 * the documented docs/coturn/turnserver.conf with only its addresses, ports, secret,
 * certificates and logging replaced, to test what it allows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const TURNSERVER_PATH = '/usr/bin/turnserver';
export const DOCUMENTED_CONFIG_PATH = resolve(import.meta.dirname, '../../docs/coturn/turnserver.conf');
/** Settings of the documented file that a test run replaces with its own. */
const REPLACED_SETTINGS = new Set([
  'listening-port', 'tls-listening-port', 'listening-ip', 'relay-ip', 'external-ip', 'min-port', 'max-port',
  'static-auth-secret', 'cert', 'pkey', 'syslog', 'log-file', 'simple-log', 'pidfile', 'db', 'userdb',
]);
const START_TIMEOUT_MS = 15_000;
const RELAY_PORT_COUNT = 200;

export interface TurnServer {
  /** The `turn:` URL for TURN_URLS, UDP transport. */
  readonly url: string;
  readonly port: number;
  /** The shared secret (coturn's static-auth-secret) to give the signaling server as TURN_SECRET. */
  readonly secret: string;
  readonly child: ChildProcess;
  /** coturn's log file so far (with --verbose: a line per request, with its username). */
  log(): string;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface TurnServerOptions {
  /** Start from docs/coturn/turnserver.conf (loopback peers denied) instead of the bare test setup. */
  readonly documented?: boolean;
}

/** The documented file without the settings a test run replaces. */
function documentedBase(): string[] {
  return readFileSync(DOCUMENTED_CONFIG_PATH, 'utf8')
    .split('\n')
    .filter((line) => !REPLACED_SETTINGS.has(line.trim().split('=')[0]!.trim()));
}

export async function startTurnServer(options: TurnServerOptions = {}): Promise<TurnServer> {
  if (!existsSync(TURNSERVER_PATH)) throw new Error(`${TURNSERVER_PATH} not found: install Debian's coturn (apt-get install coturn; .ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'p2p-turn-'));
  const logFile = join(dir, 'turnserver.log');
  const port = await freePort();
  // Relay ports from a random range, away from the ephemeral range the OS hands out.
  const minPort = randomInt(20_000, 30_000);
  const secret = randomBytes(24).toString('base64url');
  const common = [
    'listening-ip=127.0.0.1',
    `listening-port=${port}`,
    'relay-ip=127.0.0.1',
    `min-port=${minPort}`,
    `max-port=${minPort + RELAY_PORT_COUNT - 1}`,
    `static-auth-secret=${secret}`,
    'no-tls',
    'no-dtls',
    'no-stdout-log',
    'simple-log',
    `log-file=${logFile}`,
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `db=${join(dir, 'turndb')}`, // not the system's /var/lib/turn database
    'verbose', // one line per request, with its username: what the tests read
  ];
  const bare = ['use-auth-secret', 'realm=turn.test', 'allow-loopback-peers', 'no-multicast-peers', 'fingerprint', 'no-cli'];
  const configFile = join(dir, 'turnserver.conf');
  writeFileSync(configFile, [...(options.documented ? documentedBase() : bare), ...common].join('\n') + '\n', { mode: 0o600 });
  const child = spawn(TURNSERVER_PATH, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  // coturn does not die with its parent: a test process that ends in any way takes it along.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  const started = Date.now();
  // Ready when both listeners are up: TCP answers, and the log says UDP is open (it may come later).
  const udpOpen = `UDP listener opened on: 127.0.0.1:${port}`;
  while (!(await acceptsTcp(port)) || !log().includes(udpOpen)) {
    const failure = child.exitCode !== null ? `exited with ${child.exitCode}` : Date.now() - started > START_TIMEOUT_MS ? `did not listen on ${port}` : null;
    if (failure) {
      const output = `${log()}${stderr}`;
      child.kill('SIGKILL');
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`turnserver ${failure}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    port,
    secret,
    child,
    log,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
