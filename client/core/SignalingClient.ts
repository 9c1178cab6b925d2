/**
 * The page's one signaling socket: says hello, validates every frame from the server, and
 * reconnects by itself with back-off. It takes a WebSocket factory so tests and Node
 * peers can hand in their own implementation.
 */
import type { ProtocolError } from '../../protocol/errors.js';
import { protocolError } from '../../protocol/errors.js';
import type { InstanceId, Role } from '../../protocol/ids.js';
import { parseServerMessage, type ClientToServer, type ServerMessageOf, type ServerToClient } from '../../protocol/signaling.js';
import { PROTOCOL_VERSION } from '../../protocol/version.js';
import { Emitter } from './Emitter.js';
import { nextRetryDelayMs } from './retryDelay.js';

/** The subset of the browser's WebSocket this client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export type SignalingState = 'connecting' | 'open' | 'closed';

export interface SignalingClientEvents extends Record<string, unknown> {
  state: SignalingState;
  /** The server accepted our hello: (re)register sessions now. */
  welcome: ServerMessageOf<'welcome'>;
  message: ServerToClient;
  /** An error that retrying will not fix (bad token, version): the client stops. */
  fatal: ProtocolError;
}

export interface SignalingClientOptions {
  readonly url: string;
  /**
   * More signaling nodes to try in turn, after `url`, each time the socket is lost (several
   * nodes without a load balancer, e.g. Node participants in tests). Browsers use one URL.
   */
  readonly alternateUrls?: readonly string[];
  readonly role: Role;
  readonly instanceId: InstanceId;
  readonly token?: string;
  readonly createSocket?: WebSocketFactory;
  /** For tests: the retry policy and timers. */
  readonly retryDelayMs?: (attempt: number) => number | null;
}

const OPEN = 1;
const FATAL_CODES = new Set(['UNAUTHORIZED', 'UNSUPPORTED_VERSION']);

export class SignalingClient extends Emitter<SignalingClientEvents> {
  private socket: WebSocketLike | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private welcomed = false;
  private currentState: SignalingState = 'closed';
  /** Which of `url` and `alternateUrls` the next socket goes to. */
  private urlIndex = 0;

  constructor(private readonly options: SignalingClientOptions) {
    super();
  }

  get state(): SignalingState {
    return this.currentState;
  }

  connect(): void {
    this.stopped = false;
    if (this.socket) return;
    this.setState('connecting');
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
    let socket: WebSocketLike;
    try {
      socket = create(this.currentUrl());
    } catch {
      this.urlIndex++;
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.welcomed = false;
    socket.onopen = () => {
      socket.send(
        JSON.stringify({
          type: 'hello',
          version: PROTOCOL_VERSION,
          role: this.options.role,
          instanceId: this.options.instanceId,
          ...(this.options.token !== undefined ? { token: this.options.token } : {}),
        } satisfies ClientToServer),
      );
    };
    socket.onmessage = (event) => this.handleFrame(event.data);
    socket.onerror = () => {};
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.welcomed = false;
      this.urlIndex++;
      if (this.stopped) this.setState('closed');
      else this.scheduleRetry();
    };
  }

  /** Sends when the server has welcomed us; returns false when the message could not go. */
  send(message: ClientToServer): boolean {
    if (!this.socket || !this.welcomed || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'closing');
    this.setState('closed');
  }

  /** Drops the socket as a network failure would; the client reconnects. For fault tests. */
  dropForTest(): void {
    this.socket?.close(4000, 'test drop');
  }

  private handleFrame(data: unknown): void {
    const parsed = parseServerMessage(typeof data === 'string' ? data : data instanceof ArrayBuffer ? data : String(data));
    if (!parsed.ok) {
      // A server that speaks nonsense is not one we can trust with this session: reconnect.
      console.warn('signaling: refused a frame from the server', parsed.error);
      this.socket?.close(4400, 'bad frame');
      return;
    }
    const message = parsed.value;
    if (message.type === 'error' && FATAL_CODES.has(message.code) && !this.welcomed) {
      this.stopped = true;
      this.emit('fatal', protocolError(message.code));
      return;
    }
    if (message.type === 'welcome') {
      this.welcomed = true;
      this.attempt = 0;
      this.setState('open');
      this.emit('welcome', message);
      return;
    }
    this.emit('message', message);
  }

  private currentUrl(): string {
    const urls = [this.options.url, ...(this.options.alternateUrls ?? [])];
    return urls[this.urlIndex % urls.length]!;
  }

  private scheduleRetry(): void {
    const delay = (this.options.retryDelayMs ?? nextRetryDelayMs)(this.attempt++);
    if (delay === null) {
      this.setState('closed');
      return;
    }
    this.setState('connecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private setState(state: SignalingState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}
