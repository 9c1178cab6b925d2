/**
 * A lightweight `ws` client for the load generator: every frame the server sends is parsed and
 * validated first (an invalid frame fails the socket), then handed to `onFrame` or kept for
 * `next()`. One waiter at a time: each step of a handshake waits for one answer.
 */
import WebSocket from 'ws';

/** Long enough for a loaded 2-core machine; a bound on waiting, not a claim about speed. */
export const WAIT_TIMEOUT_MS = 15_000;
/** Frames nobody waits for are kept up to this many (the oldest are dropped). */
const MAX_UNREAD_FRAMES = 64;
/** A socket whose closing handshake takes longer than this is cut. */
const CLOSE_GRACE_MS = 5_000;

export type FrameParser<T> = (text: string) => { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface LoadSocketOptions<T> {
  readonly parse: FrameParser<T>;
  /** A frame that means the step failed (an error message); returns why, or null. */
  readonly failure?: (frame: T) => string | null;
}

interface Waiter<T> {
  readonly accept: (frame: T) => boolean;
  readonly resolve: (frame: T) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class LoadSocket<T> {
  /** Set to take every valid frame as it arrives instead of keeping it for `next()`. */
  onFrame: ((frame: T) => void) | null = null;
  private readonly unread: T[] = [];
  private waiter: Waiter<T> | null = null;
  private failed: Error | null = null;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: LoadSocketOptions<T>,
  ) {
    this.closedPromise = new Promise((done) => ws.once('close', () => done()));
    ws.on('message', (data, isBinary) => this.receive(isBinary ? '' : String(data)));
    ws.on('close', (code) => this.fail(new Error(`socket closed (${code})`)));
    ws.on('error', (error) => this.fail(error));
  }

  static open<T>(url: string, options: LoadSocketOptions<T>, timeoutMs = WAIT_TIMEOUT_MS): Promise<LoadSocket<T>> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
      const socket = new LoadSocket(ws, options);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`socket closed before opening (${code})`)));
    });
  }

  /** Why the socket failed (an invalid or error frame, a close), or null. */
  get error(): Error | null {
    return this.failed;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** The next frame that `accept` takes, among those kept or still to come. */
  next(accept: (frame: T) => boolean, what: string, timeoutMs = WAIT_TIMEOUT_MS): Promise<T> {
    if (this.failed) return Promise.reject(new Error(`${what}: ${this.failed.message}`));
    if (this.waiter) return Promise.reject(new Error(`${what}: already waiting for another frame`));
    const index = this.unread.findIndex(accept);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`${what}: nothing after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        accept,
        resolve,
        reject: (error) => reject(new Error(`${what}: ${error.message}`)),
        timer,
      };
    });
  }

  /** Starts the closing handshake; `closed()` resolves when the socket is gone. */
  close(): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  closed(): Promise<void> {
    return this.closedPromise;
  }

  private receive(text: string): void {
    const parsed = this.options.parse(text);
    if (!parsed.ok) {
      this.fail(new Error(`invalid frame from the server: ${parsed.error}`));
      this.close();
      return;
    }
    const frame = parsed.value;
    const failure = this.options.failure?.(frame) ?? null;
    if (failure !== null) {
      this.fail(new Error(failure));
      return;
    }
    if (this.onFrame) {
      this.onFrame(frame);
      return;
    }
    const waiter = this.waiter;
    if (waiter?.accept(frame)) {
      this.waiter = null;
      clearTimeout(waiter.timer);
      waiter.resolve(frame);
      return;
    }
    this.unread.push(frame);
    if (this.unread.length > MAX_UNREAD_FRAMES) this.unread.shift();
  }

  private fail(error: Error): void {
    this.failed ??= error;
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }
}
