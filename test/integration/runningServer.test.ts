/**
 * The server as an operator runs it, as its own process: a config file, the rep CLI against a
 * running server (add, sign in, revoke, SIGHUP), logs that are JSON and carry no secrets or
 * personal data, and SIGTERM with a client connected.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../protocol/errors.js';
import { startServerProcess, TEST_REP_TOKEN, type ServerProcess } from '../support/serverProcess.js';
import { SignalingClient } from './support/signalingClient.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/tsx/dist/cli.mjs');
const CUSTOMER = { name: 'Zebulon Quartermain', query: 'Printer spits confetti-7731', os: 'Linux', browser: 'Firefox 140' };
const SDP = 'v=0 o=sdp-marker-5521';

let dir = '';
const running: ServerProcess[] = [];
const clients: SignalingClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'running-server-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ CLIENT_DIR: '', ...env });
  running.push(server);
  return server;
}

async function connect(server: ServerProcess): Promise<SignalingClient> {
  const client = await SignalingClient.connect(`ws://127.0.0.1:${server.port}/ws`);
  clients.push(client);
  return client;
}

/** The first thing the server answers to a rep's hello: `welcome` or an error code. */
async function signInReply(server: ServerProcess, token: string): Promise<string> {
  const rep = await connect(server);
  rep.hello('rep', token);
  while (rep.messages.length === 0) await new Promise((r) => setTimeout(r, 20));
  const first = rep.messages[0]!;
  return first.type === 'error' ? first.code : first.type === 'welcome' ? `welcome:${first.repName}` : first.type;
}

function repCli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [TSX, 'signaling/repCli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves once the server's stdout holds a log line with this event (after `from` characters). */
async function logged(server: ServerProcess, event: string, from = 0): Promise<Record<string, unknown>> {
  for (;;) {
    const line = server
      .stdout()
      .slice(from)
      .split('\n')
      .find((l) => l.includes(`"event":"${event}"`));
    if (line) return JSON.parse(line) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exited(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((r) => server.child.once('exit', (code) => r(code)));
}

describe('the server process', () => {
  it('takes its settings from a config file, with the environment winning', async () => {
    const repsFile = join(dir, 'reps-config.json');
    const added = repCli(['add', 'Dana'], { REPS_FILE: repsFile });
    expect(added.status).toBe(0);
    const token = /^ {2}(\S{32,})$/m.exec(added.stdout)![1]!;
    const configFile = join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify({ REPS_FILE: repsFile, LOG_LEVEL: 'warn', PORT: 1 }));
    // PORT=0 from the environment beats the file's 1.
    const server = await start({ CONFIG_FILE: configFile, REP_TOKEN: '' });
    expect(await signInReply(server, token)).toBe('welcome:Dana');
    // REP_TOKEN is empty and reps are on file: no token was generated for this run.
    expect(server.output()).not.toMatch(/#token=[\w-]{16,}/);
    // LOG_LEVEL=warn from the file: no info lines such as `start`.
    expect(server.stdout()).not.toContain('"event":"start"');
  });

  it('refuses to start on a bad config file, naming the file and every bad key', async () => {
    const configFile = join(dir, 'bad-config.json');
    await writeFile(configFile, JSON.stringify({ PORTT: 80, CODE_TTL_SECONDS: 'soon', TRUST_PROXY: null }));
    const child = spawn(process.execPath, [TSX, 'signaling/main.ts', '--config', configFile], {
      cwd: ROOT,
      env: { ...process.env, CLIENT_DIR: '', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain(`config file ${configFile}: unknown setting "PORTT"`);
    expect(stderr).toContain(`config file ${configFile}: TRUST_PROXY must be a string`);
    expect(stderr).toContain('CODE_TTL_SECONDS must be a whole number');
    expect(stderr).not.toContain('running at');
    expect(JSON.parse(stdout.trim())).toMatchObject({ level: 'error', event: 'config-invalid', problems: 3 });
  });

  it('lets the rep CLI add a rep who signs in, and revoke them so they cannot (SIGHUP reloads)', async () => {
    const repsFile = join(dir, 'reps-cli.json');
    const server = await start({ REPS_FILE: repsFile });

    const added = repCli(['add', 'Mulder'], { REPS_FILE: repsFile, PUBLIC_URL: 'https://support.example.com' });
    expect(added.status).toBe(0);
    const token = /^ {2}(\S{32,})$/m.exec(added.stdout)![1]!;
    expect(added.stdout).toContain(`https://support.example.com/rep#token=${token}`);
    const list = repCli(['list'], { REPS_FILE: repsFile });
    expect(list.stdout).toMatch(/^Mulder\tid [\w-]{16}\tcreated \d{4}-/m);
    expect(list.stdout).not.toContain(token);
    expect(repCli(['add', 'x'.repeat(81)], { REPS_FILE: repsFile }).status).toBe(1);

    let from = server.stdout().length;
    server.child.kill('SIGHUP');
    await logged(server, 'reps-reloaded', from);
    expect(await signInReply(server, token)).toBe('welcome:Mulder');

    expect(repCli(['revoke', 'mulder'], { REPS_FILE: repsFile }).status).toBe(0);
    from = server.stdout().length;
    server.child.kill('SIGHUP');
    expect(await logged(server, 'reps-reloaded', from)).toMatchObject({ accounts: 0 });
    expect(await signInReply(server, token)).toBe('UNAUTHORIZED');
    // The REP_TOKEN account still works beside the file.
    expect(await signInReply(server, TEST_REP_TOKEN)).toMatch(/^welcome:/);
    expect(server.stdout()).not.toContain(token);
  });

  it('logs JSON lines without secrets or personal data, and on SIGTERM tells clients to move and exits 0', async () => {
    const server = await start({ REPS_FILE: join(dir, 'none.json'), LOG_LEVEL: 'debug', SHUTDOWN_TIMEOUT_SECONDS: '5' });
    const rep = await connect(server);
    rep.hello('rep', TEST_REP_TOKEN);
    await rep.next('welcome');
    rep.send({ type: 'create-session', requestId: 1 });
    const created = await rep.next('session-created');
    const customer = await connect(server);
    customer.hello('customer');
    await customer.next('welcome');
    customer.send({ type: 'join', code: created.code, customer: CUSTOMER });
    await customer.next('peer-present');
    rep.send({ type: 'signal', sessionId: created.sessionId, linkId: 'link-1', description: { type: 'offer', sdp: SDP } });
    await customer.next('signal');
    const guesser = await connect(server);
    guesser.hello('customer');
    await guesser.next('welcome');
    guesser.send({ type: 'join', joinToken: created.joinToken, customer: CUSTOMER });
    await guesser.next('error');
    const spoiler = await connect(server);
    spoiler.send(`{"type":"hello","role":"rep","token":"${TEST_REP_TOKEN}"`); // broken, and quoting the token
    await spoiler.closed().catch(() => spoiler.close());

    server.child.kill('SIGTERM');
    expect((await rep.closed()).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
    expect((await customer.closed()).code).toBe(CLOSE_CODES.SHUTTING_DOWN);
    // The process's own bound (5 s) exits with 1 if closing hangs; 0 means it ended within it.
    expect(await exited(server)).toBe(0);

    const lines = server.stdout().split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(entry).toMatchObject({ time: expect.any(String), level: expect.stringMatching(/^(debug|info|warn|error)$/), event: expect.any(String) });
    }
    const events = entries.map((entry) => entry.event);
    expect(events).toEqual(expect.arrayContaining(['start', 'socket-opened', 'join-failed', 'socket-closed', 'shutdown', 'stop']));
    expect(entries.find((entry) => entry.event === 'shutdown')).toMatchObject({ signal: 'SIGTERM', connections: 3 });
    const log = server.stdout();
    for (const secret of [TEST_REP_TOKEN, created.code, created.joinToken, CUSTOMER.name, CUSTOMER.query, SDP, 'sdp-marker']) {
      expect(log).not.toContain(secret);
    }
  });
});
