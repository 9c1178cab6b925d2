/**
 * One server under test in a process of its own, so its memory and CPU are its alone: started
 * as `node --expose-gc --import tsx --import memoryProbe.ts <script>` (the same flags for all
 * three products), through `sh` so its open-file limit is raised to the hard limit first.
 * Memory comes from the probe (`process.memoryUsage()` after a full collection) and from
 * `/proc/<pid>/status`; CPU time from `/proc/<pid>/stat`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProfileRequest, MemoryReply, MemoryRequest } from './memoryMessages.js';
import { withTimeout } from '../withTimeout.js';

export const ROOT = resolve(import.meta.dirname, '../..');
const PROBE_URL = pathToFileURL(resolve(import.meta.dirname, 'memoryProbe.ts')).href;
const START_TIMEOUT_MS = 30_000;
const MEMORY_TIMEOUT_MS = 10_000;
/** Writing a heap snapshot of thousands of sockets takes a while on a loaded machine. */
const SNAPSHOT_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5_000;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ServerMemory {
  /** VmRSS from /proc/<pid>/status, read right after the probe's collection. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly collected: boolean;
}

export interface ServerChildOptions {
  /** For messages and errors. */
  readonly label: string;
  /** Script to run, relative to the project root. */
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  /** Finds the port in what the server printed; null until it has printed it. */
  readonly portFrom: (output: string) => number | null;
  /** More node flags for the server process. */
  readonly nodeFlags?: readonly string[];
}

export class ServerChild {
  private output = '';
  private nextRequestId = 1;
  private readonly pending = new Map<number, (reply: MemoryReply) => void>();

  private constructor(
    readonly label: string,
    readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk) => this.keep(String(chunk)));
    child.stderr!.on('data', (chunk) => this.keep(String(chunk)));
    child.on('message', (message: unknown) => {
      const reply = message as MemoryReply;
      if (reply?.type !== 'memory') return;
      this.pending.get(reply.requestId)?.(reply);
      this.pending.delete(reply.requestId);
    });
    // The IPC channel errors if the child dies while the bench writes to it; 'exit' says the rest.
    child.on('error', () => undefined);
  }

  static async start(options: ServerChildOptions): Promise<{ server: ServerChild; port: number }> {
    const node = [process.execPath, '--expose-gc', ...(options.nodeFlags ?? []), '--import', 'tsx', '--import', PROBE_URL, options.script];
    const child = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"', 'sh', ...node], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const server = new ServerChild(options.label, child);
    const port = await withTimeout(
      new Promise<number>((resolvePort, reject) => {
        const check = () => {
          const found = options.portFrom(server.output);
          if (found !== null) resolvePort(found);
        };
        child.stdout!.on('data', check);
        // Our server prints its "running at" banner on stderr (stdout is its JSON log).
        child.stderr!.on('data', check);
        child.once('exit', (code) => reject(new Error(`${options.label} exited with ${code} before listening: ${server.output.slice(-500)}`)));
        check();
      }),
      START_TIMEOUT_MS,
      `starting ${options.label}`,
    ).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    return { server, port };
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The server's last output (it should say little: ours logs no tokens, codes or content). */
  tail(chars = 500): string {
    return this.output.slice(-chars);
  }

  async memory(collectGarbage = true): Promise<ServerMemory> {
    const reply = await this.ask((requestId): MemoryRequest => ({ type: 'memory?', requestId, collectGarbage }), MEMORY_TIMEOUT_MS, `memory of ${this.label}`);
    return { rssBytes: this.statusRssBytes() ?? reply.rss, heapUsedBytes: reply.heapUsed, collected: reply.collected };
  }

  /**
   * profileOurs.ts: a heap snapshot of the server written to `path` (after full collections),
   * or its CPU profiler started, or stopped with the profile written to `path`.
   */
  async profile(type: ProfileRequest['type'], path: string): Promise<void> {
    await this.ask((requestId): ProfileRequest => ({ type, requestId, path }), SNAPSHOT_TIMEOUT_MS, `${type.slice(0, -1)} of ${this.label}`);
  }

  private ask(request: (requestId: number) => MemoryRequest | ProfileRequest, timeoutMs: number, what: string): Promise<MemoryReply> {
    const requestId = this.nextRequestId++;
    return withTimeout(
      new Promise<MemoryReply>((resolveReply) => {
        this.pending.set(requestId, resolveReply);
        this.child.send(request(requestId));
      }),
      timeoutMs,
      what,
    ).finally(() => this.pending.delete(requestId));
  }

  /** User + system CPU time the server has used so far, in milliseconds. */
  cpuMs(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  private statusRssBytes(): number | null {
    try {
      const match = readFileSync(`/proc/${this.pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  stop(): Promise<void> {
    if (!this.running) return Promise.resolve();
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill('SIGTERM');
    return withTimeout(exited, STOP_TIMEOUT_MS, `stopping ${this.label}`).catch(() => {
      this.child.kill('SIGKILL');
      return exited;
    });
  }

  private keep(text: string): void {
    // Bounded: only the tail is ever shown.
    this.output = (this.output + text).slice(-20_000);
  }
}
