/**
 * The PeerJS baseline's two servers on free loopback ports: a PeerServer (`peer` package,
 * the baseline's own signaling) and a tiny static server for a page that loads the PeerJS
 * browser bundle. Separate origins are fine: PeerServer allows cross-origin requests.
 */
import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { PeerServer } from 'peer';
import { ROOT } from './buildClient.js';
import { withTimeout } from './withTimeout.js';

export const PEERJS_BUNDLE_PATH = resolve(ROOT, 'node_modules/peerjs/dist/peerjs.min.js');
const PAGE_PATH = resolve(import.meta.dirname, 'peerjs/baseline.html');
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
/** The PeerServer key and path the page's Peer objects must use. */
export const PEERJS_KEY = 'peerjs';
export const PEERJS_PATH = '/';

export interface PeerjsServers {
  readonly pageUrl: string;
  readonly peerHost: string;
  readonly peerPort: number;
  stop(): Promise<void>;
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return withTimeout(new Promise<void>((done) => server.close(() => done())), STOP_TIMEOUT_MS, 'closing a PeerJS baseline server').catch(
    () => undefined,
  );
}

export async function startPeerjsServers(): Promise<PeerjsServers> {
  const peerServer = await withTimeout(
    new Promise<Server>((resolvePromise) => {
      PeerServer({ host: HOST, port: 0, path: PEERJS_PATH, key: PEERJS_KEY, allow_discovery: false }, (server) =>
        resolvePromise(server as Server),
      );
    }),
    START_TIMEOUT_MS,
    'starting PeerServer',
  );
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: PAGE_PATH, type: 'text/html; charset=utf-8' },
    '/peerjs.min.js': { file: PEERJS_BUNDLE_PATH, type: 'text/javascript; charset=utf-8' },
  };
  const pageServer = createServer((request, response) => {
    const entry = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (!entry) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' });
    createReadStream(entry.file).pipe(response);
  });
  await withTimeout(new Promise<void>((done) => pageServer.listen(0, HOST, done)), START_TIMEOUT_MS, 'starting the baseline page server');
  return {
    pageUrl: `http://${HOST}:${portOf(pageServer)}/`,
    peerHost: HOST,
    peerPort: portOf(peerServer),
    stop: async () => {
      await Promise.all([close(pageServer), close(peerServer)]);
    },
  };
}
