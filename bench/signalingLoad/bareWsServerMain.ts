/**
 * The floor under every server measured here: a bare `ws` WebSocketServer on Node's `http` with
 * nothing of any product on top. A socket on `/?id=X` is held under that id; a text frame
 * `{"to":"Y",...}` is passed as it is to the socket held under Y. What a product costs beyond
 * this (per connection, per pairing) is its own. Prints `bare ws listening on <port>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_SIGNAL_FRAME_BYTES } from '../../protocol/limits.js';

const sockets = new Map<string, WebSocket>();
const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, maxPayload: MAX_SIGNAL_FRAME_BYTES });

wss.on('connection', (ws, req) => {
  const id = new URL(req.url ?? '/', 'http://localhost').searchParams.get('id') ?? '';
  sockets.set(id, ws);
  ws.on('message', (data) => {
    const text = String(data);
    try {
      const { to } = JSON.parse(text) as { to?: unknown };
      if (typeof to === 'string') sockets.get(to)?.send(text);
    } catch {
      ws.close(1003);
    }
  });
  ws.on('close', () => {
    if (sockets.get(id) === ws) sockets.delete(id);
  });
  ws.on('error', () => undefined);
});

http.listen(0, '127.0.0.1', () => console.log(`bare ws listening on ${(http.address() as AddressInfo).port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
