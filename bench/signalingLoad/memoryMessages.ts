/** What the bench and `memoryProbe.ts` (inside a server under test) say to each other over IPC. */

export interface MemoryRequest {
  readonly type: 'memory?';
  readonly requestId: number;
  /** Run two full collections first (the server runs with --expose-gc). */
  readonly collectGarbage: boolean;
}

/**
 * For profileOurs.ts, each answered with a MemoryReply once done: a heap snapshot written to
 * `path` (after full collections), or the CPU profiler started, or stopped and its profile
 * written to `path` (`.cpuprofile`, as `node --cpu-prof` writes them).
 */
export interface ProfileRequest {
  readonly type: 'heap-snapshot?' | 'cpu-profile-start?' | 'cpu-profile-stop?';
  readonly requestId: number;
  readonly path: string;
}

/** `process.memoryUsage()` of the server, in bytes. */
export interface MemoryReply {
  readonly type: 'memory';
  readonly requestId: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** False when the server was not started with --expose-gc. */
  readonly collected: boolean;
}
