/**
 * A real `ws` client of the signaling socket for integration tests: it keeps every message the
 * server sent, checked against the protocol, and lets a test await the next one of a type.
 */
import WebSocket from 'ws';
import { parseServerMessage, type ServerMessageOf, type ServerToClient } from '../../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../../protocol/version.js';

/** Long enough for a loaded CI machine; a bound on waiting, not a claim about speed. */
const WAIT_TIMEOUT_MS = 5_000;

type ServerType = ServerToClient['type'];

export interface CloseEvent {
  readonly code: number;
  readonly reason: string;
}

interface Waiter {
  readonly type: ServerType;
  readonly resolve: (msg: ServerToClient) => void;
}

let instanceCounter = 0;

export class SignalingClient {
  /** Every message received, in order, including those already taken by `next()`. */
  readonly messages: ServerToClient[] = [];
  /** Frames the server sent that are not valid protocol messages (should stay empty). */
  readonly invalidFrames: string[] = [];
  readonly instanceId = `it-${process.pid}-${++instanceCounter}`;
  private readonly unread: ServerToClient[] = [];
  private waiters: Waiter[] = [];
  private closeEvent: CloseEvent | null = null;
  private readonly closeListeners: ((event: CloseEvent) => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => this.receive(isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data)));
    socket.on('close', (code, reason) => {
      this.closeEvent = { code, reason: reason.toString('utf8') };
      for (const listener of this.closeListeners.splice(0)) listener(this.closeEvent);
    });
    // Errors (refused connection, 1009 from our own oversized frame) also end in 'close'.
    socket.on('error', () => {});
  }

  /** `options` as for `ws` (e.g. `{ ca }` to trust a test certificate for wss). */
  static connect(url: string, options?: WebSocket.ClientOptions): Promise<SignalingClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options);
      const client = new SignalingClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Sends an object as JSON, or a string or bytes exactly as given. */
  send(frame: object | string | Buffer): void {
    const payload = typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame);
    this.socket.send(payload);
  }

  hello(role: 'rep' | 'customer', token?: string): void {
    this.send({ type: 'hello', version: PROTOCOL_VERSION, role, instanceId: this.instanceId, ...(token === undefined ? {} : { token }) });
  }

  /** The next message of this type not yet taken, waiting for it if need be. */
  next<T extends ServerType>(type: T, timeoutMs = WAIT_TIMEOUT_MS): Promise<ServerMessageOf<T>> {
    const index = this.unread.findIndex((m) => m.type === type);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0] as ServerMessageOf<T>);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        type,
        resolve: (msg) => {
          clearTimeout(timer);
          resolve(msg as ServerMessageOf<T>);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.messages.map((m) => (m.type === 'error' ? `error:${m.code}` : m.type)).join(', ') || 'nothing';
        const closed = this.closeEvent ? `; socket closed with ${this.closeEvent.code}` : '';
        reject(new Error(`no ${type} within ${timeoutMs} ms (received: ${seen}${closed})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** All received messages of one type, taken or not. */
  all<T extends ServerType>(type: T): ServerMessageOf<T>[] {
    return this.messages.filter((m): m is ServerMessageOf<T> => m.type === type);
  }

  /** Resolves with the close code and reason once the socket has closed. */
  closed(timeoutMs = WAIT_TIMEOUT_MS): Promise<CloseEvent> {
    if (this.closeEvent) return Promise.resolve(this.closeEvent);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
      this.closeListeners.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Closes from this side (1000 by default) and waits for the close to finish. */
  async close(code = 1000): Promise<void> {
    if (this.closeEvent) return;
    const done = this.closed();
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close(code);
    await done.catch(() => this.socket.terminate());
  }

  private receive(text: string): void {
    const parsed = parseServerMessage(text);
    if (!parsed.ok) {
      this.invalidFrames.push(text);
      return;
    }
    const msg = parsed.value;
    this.messages.push(msg);
    const waiter = this.waiters.find((w) => w.type === msg.type);
    if (waiter) {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(msg);
    } else {
      this.unread.push(msg);
    }
  }
}
