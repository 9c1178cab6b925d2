/** What the bench and `memoryProbe.ts` (inside a server under test) say to each other over IPC. */

export interface MemoryRequest {
  readonly type: 'memory?';
  readonly requestId: number;
  /** Run two full collections first (the server runs with --expose-gc). */
  readonly collectGarbage: boolean;
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
