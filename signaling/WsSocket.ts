/**
 * One signaling WebSocket as the session registry sees it (`SocketLike`), with the little the
 * server entry keeps per socket. Its methods live on the prototype, so an idle connection costs
 * one small object here rather than a closure per method.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { MAX_SOCKET_BUFFER_BYTES } from '../protocol/limits.js';
import type { SocketLike } from './SocketLike.js';

/** `WebSocket.OPEN`, without importing ws's runtime here. */
const OPEN = 1;

export class WsSocket implements SocketLike {
  /** Set by every pong and cleared by every ping: still false at the next ping means dead. */
  alive = true;
  /** True while this turn's frames are held back, to leave together at the end of the turn. */
  private corked = false;

  /** `tcp` is the socket under `ws` (the upgrade request's `req.socket`). */
  constructor(
    readonly ws: WebSocket,
    private readonly tcp: Duplex,
  ) {}

  /**
   * Everything sent to one socket within one turn of the event loop (an answer and the
   * `peer-present` behind it, say) leaves in one write instead of one system call a frame.
   */
  send(text: string): void {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return;
    // A client that does not read what we send is dead or hostile: memory stays bounded.
    if (ws.bufferedAmount > MAX_SOCKET_BUFFER_BYTES) {
      ws.terminate();
      return;
    }
    if (!this.corked) {
      this.corked = true;
      this.tcp.cork();
      process.nextTick(uncork, this);
    }
    ws.send(text);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  /** Sends what this turn held back (nothing happens on a socket already gone). */
  uncork(): void {
    this.corked = false;
    this.tcp.uncork();
  }
}

function uncork(socket: WsSocket): void {
  socket.uncork();
}
