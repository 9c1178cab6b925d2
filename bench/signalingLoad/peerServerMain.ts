/**
 * PeerJS's `peer` server in a process of its own, configured as `bench/peerjsServers.ts` does,
 * with its limit on concurrent clients raised (as our server's per-address limit is) so the idle
 * test can hold N connections. Prints `PeerServer listening on <port>` once ready.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PeerServer } from 'peer';
import { PEERJS_KEY, PEERJS_PATH } from '../peerjsServers.js';

const concurrentLimit = Number(process.env.PEER_CONCURRENT_LIMIT ?? '5000');
PeerServer(
  { host: '127.0.0.1', port: 0, path: PEERJS_PATH, key: PEERJS_KEY, allow_discovery: false, concurrent_limit: concurrentLimit },
  (server) => console.log(`PeerServer listening on ${((server as Server).address() as AddressInfo).port}`),
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
