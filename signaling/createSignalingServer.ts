/**
 * The I/O edge: an HTTP server (client files, /healthz) with the signaling WebSocket on
 * `/ws`, pinging sockets to drop dead ones. All decisions are in SessionRegistry.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES } from '../protocol/errors.js';
import { MAX_SOCKET_BUFFER_BYTES } from '../protocol/limits.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { clientAddress } from './clientAddress.js';
import type { ServerConfig } from './config.js';
import { SessionRegistry } from './SessionRegistry.js';
import { SECURITY_HEADERS, serveStatic } from './staticFiles.js';
import type { SocketLike } from './SocketLike.js';

export const SIGNALING_PATH = '/ws';
const SWEEP_INTERVAL_MS = 5_000;

export interface SignalingServer {
  readonly http: Server;
  readonly registry: SessionRegistry;
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startSignalingServer(config: ServerConfig): Promise<SignalingServer> {
  const registry = new SessionRegistry(config);
  const http = createServer((req, res) => {
    if (req.url === '/healthz') {
      const body = JSON.stringify({ ok: true, protocol: PROTOCOL_VERSION, ...registry.stats() });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end(body);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    if (!config.clientDir) {
      res.writeHead(404, SECURITY_HEADERS).end();
      return;
    }
    serveStatic(config.clientDir, req, res);
  });

  const wss = new WebSocketServer({ server: http, path: SIGNALING_PATH, maxPayload: config.maxFrameBytes });
  const alive = new WeakMap<WebSocket, boolean>();

  wss.on('connection', (ws, req) => {
    const socket: SocketLike = {
      send: (text) => {
        if (ws.readyState !== ws.OPEN) return;
        // A client that does not read what we send is dead or hostile: memory stays bounded.
        if (ws.bufferedAmount > MAX_SOCKET_BUFFER_BYTES) ws.terminate();
        else ws.send(text);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    alive.set(ws, true);
    if (!registry.handleConnect(socket, clientAddress(req, config.trustProxy))) return;
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      // The only try/catch on the socket path: one bad frame costs one socket, never the process.
      try {
        registry.handleFrame(socket, isBinary ? new Uint8Array(data as Buffer) : String(data));
      } catch (error) {
        console.error(JSON.stringify({ event: 'frame-handler-error', error: String(error) }));
        ws.close(CLOSE_CODES.PROTOCOL_ERROR, 'INTERNAL');
      }
    });
    // 1000 and 1001 are what a browser sends when its page closes or navigates away.
    ws.on('close', (code) => registry.handleClose(socket, code === 1000 || code === 1001 ? 'left' : 'disconnected'));
    // ws closes the socket itself on oversized frames (1009) and reports it here.
    ws.on('error', () => registry.handleClose(socket));
  });

  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, config.pingIntervalMs);
  const sweeper = setInterval(() => registry.sweep(), SWEEP_INTERVAL_MS);
  pinger.unref();
  sweeper.unref();

  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolvePromise());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    http,
    registry,
    port,
    url,
    close: async () => {
      clearInterval(pinger);
      clearInterval(sweeper);
      registry.shutdown();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      const closed = new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      await closed;
    },
  };
}
