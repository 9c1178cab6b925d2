/**
 * The servers the signaling load test measures, each in processes of its own: ours
 * (`signaling/main.ts`), PeerJS's `peer` server, y-webrtc's signaling server, and ours on two
 * nodes sharing one Redis. An entry's two `endpoints` are where side a (rep) and side b
 * (customer) connect: the same server twice, or two nodes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { REDIS_SERVER_BIN, startRedisServer, type RedisServer } from '../../test/support/redisServer.js';
import { errorText } from '../errorText.js';
import type { LoadDriver } from './LoadDriver.js';
import { OursDriver } from './OursDriver.js';
import { BareWsDriver } from './BareWsDriver.js';
import { PeerjsDriver } from './PeerjsDriver.js';
import { ServerChild } from './ServerChild.js';
import { YwebrtcDriver } from './YwebrtcDriver.js';

export type ServerId = 'ours' | 'peer' | 'y-webrtc' | 'ours-redis' | 'ws';
export const SERVER_IDS: readonly ServerId[] = ['ours', 'peer', 'y-webrtc', 'ours-redis', 'ws'];

export interface ServerUnderTest {
  readonly id: ServerId;
  readonly label: string;
  readonly driver: LoadDriver;
  /** Where side a (rep, offerer) and side b (customer, answerer) connect: two nodes, or one twice. */
  readonly endpoints: readonly [string, string];
  /** Every signaling process of this server; CPU is summed over them. */
  readonly processes: readonly ServerChild[];
  /** Idle memory is measured on a single process only. */
  readonly measuresIdle: boolean;
  /** The settings changed from the product's defaults for the bench, for the report. */
  readonly settings: string;
  stop(): Promise<void>;
}

export interface ServerSpec {
  readonly id: ServerId;
  readonly label: string;
  /** Why this server cannot run on this machine, or null. */
  unavailable(): string | null;
  start(connections: number): Promise<ServerUnderTest>;
}

const loopback = (port: number) => `ws://127.0.0.1:${port}`;

function single(id: ServerId, label: string, driver: LoadDriver, server: ServerChild, port: number, settings: string): ServerUnderTest {
  return {
    id,
    label,
    driver,
    endpoints: [loopback(port), loopback(port)],
    processes: [server],
    measuresIdle: true,
    settings,
    stop: async () => {
      driver.dispose();
      await server.stop();
    },
  };
}

/** A port free right now (y-webrtc's server prints the port it was given, not the one it got). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Our server's settings for a bench from one address, one rep token creating every session. */
function oursEnv(repToken: string): Record<string, string> {
  // The per-socket frame rate stays at its default (the relay spreads its load).
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    CLIENT_DIR: '',
    ICE_SERVERS: '[]',
    REP_TOKEN: `Bench:${repToken}`,
    MAX_CONNECTIONS_PER_ADDRESS: '1000000',
    MAX_SESSIONS_PER_REP: '100000',
    JOIN_FAILURES_MAX: '10000',
  };
}
const OURS_SETTINGS = 'MAX_CONNECTIONS_PER_ADDRESS=1000000, MAX_SESSIONS_PER_REP=100000, JOIN_FAILURES_MAX=10000';

function startOurs(label: string, env: Record<string, string>) {
  return ServerChild.start({
    label,
    script: 'signaling/main.ts',
    env,
    portFrom: (output) => {
      const match = /running at http:\/\/[^\s:]+:(\d+)/.exec(output);
      return match ? Number(match[1]) : null;
    },
  });
}

const OURS: ServerSpec = {
  id: 'ours',
  label: 'ours',
  unavailable: () => null,
  start: async () => {
    const repToken = randomBytes(24).toString('base64url');
    const { server, port } = await startOurs('our server', oursEnv(repToken));
    return single('ours', 'ours', new OursDriver(repToken), server, port, OURS_SETTINGS);
  },
};

/**
 * Ours on two nodes sharing one Redis (REDIS_URL): the rep on node A, the customer on node B,
 * so every pairing and every relayed signal crosses Redis. Redis's own CPU is not counted.
 */
const OURS_REDIS: ServerSpec = {
  id: 'ours-redis',
  label: 'ours, 2 nodes via Redis',
  unavailable: () => (existsSync(REDIS_SERVER_BIN) ? null : `no redis-server at ${REDIS_SERVER_BIN}`),
  start: async () => {
    const repToken = randomBytes(24).toString('base64url');
    const redis: RedisServer = await startRedisServer();
    // The nodes exit by themselves when the bench dies (memoryProbe.ts); redis-server would not.
    // stop() sends its SIGKILL at once, so it works from an exit handler too.
    const killRedis = () => void redis.stop();
    process.once('exit', killRedis);
    const nodes: ServerChild[] = [];
    try {
      const ports: number[] = [];
      for (const node of ['a', 'b']) {
        const env = { ...oursEnv(repToken), REDIS_URL: redis.url, NODE_ID: `bench-${node}` };
        const { server, port } = await startOurs(`our node ${node.toUpperCase()}`, env);
        nodes.push(server);
        ports.push(port);
      }
      const driver = new OursDriver(repToken);
      return {
        id: 'ours-redis',
        label: 'ours, 2 nodes via Redis',
        driver,
        endpoints: [loopback(ports[0]!), loopback(ports[1]!)],
        processes: nodes,
        measuresIdle: false,
        settings: `${OURS_SETTINGS}, REDIS_URL (redis-server on loopback, no persistence), NODE_ID`,
        stop: async () => {
          driver.dispose();
          await Promise.all(nodes.map((node) => node.stop()));
          await redis.stop();
          process.off('exit', killRedis);
        },
      };
    } catch (error) {
      await Promise.all(nodes.map((node) => node.stop()));
      await redis.stop();
      process.off('exit', killRedis);
      throw new Error(`two nodes via Redis: ${errorText(error)}`);
    }
  },
};

const PEER: ServerSpec = {
  id: 'peer',
  label: '`peer` (PeerJS)',
  unavailable: () => null,
  start: async (connections) => {
    const limit = String(Math.max(5000, connections * 2));
    const { server, port } = await ServerChild.start({
      label: 'the peer server',
      script: 'bench/signalingLoad/peerServerMain.ts',
      env: { PEER_CONCURRENT_LIMIT: limit },
      portFrom: (output) => {
        const match = /PeerServer listening on (\d+)/.exec(output);
        return match ? Number(match[1]) : null;
      },
    });
    return single('peer', '`peer` (PeerJS)', new PeerjsDriver(), server, port, `concurrent_limit=${limit}`);
  },
};

const YWEBRTC: ServerSpec = {
  id: 'y-webrtc',
  label: 'y-webrtc',
  unavailable: () => null,
  start: async () => {
    const port = await freePort();
    const { server } = await ServerChild.start({
      label: "y-webrtc's server",
      script: 'node_modules/y-webrtc/bin/server.js',
      env: { PORT: String(port) },
      portFrom: (output) => (output.includes('Signaling server running') ? port : null),
    });
    return single('y-webrtc', 'y-webrtc', new YwebrtcDriver(), server, port, 'none');
  },
};

/**
 * Not a product: a bare `ws` server (bareWsServerMain.ts), the floor under ours and `peer` alike.
 * Only with `--servers ...,ws`: what a connection and a pairing cost before any product's code.
 */
const BARE_WS: ServerSpec = {
  id: 'ws',
  label: 'bare `ws` (floor)',
  unavailable: () => null,
  start: async () => {
    const { server, port } = await ServerChild.start({
      label: 'the bare ws server',
      script: 'bench/signalingLoad/bareWsServerMain.ts',
      env: {},
      portFrom: (output) => {
        const match = /bare ws listening on (\d+)/.exec(output);
        return match ? Number(match[1]) : null;
      },
    });
    return single('ws', 'bare `ws` (floor)', new BareWsDriver(), server, port, 'none');
  },
};

export const SERVER_SPECS: readonly ServerSpec[] = [OURS, PEER, YWEBRTC, OURS_REDIS, BARE_WS];
