/**
 * The I/O edge: an HTTP or HTTPS server (client files, /healthz, /metrics) with the signaling
 * WebSocket on `/ws`, pinging sockets to drop dead ones. All decisions are in SessionRegistry.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES } from '../protocol/errors.js';
import { PROTOCOL_VERSION } from '../protocol/version.js';
import { clientAddress } from './clientAddress.js';
import type { RepAccount, ServerConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { METRICS_CONTENT_TYPE, METRICS_PATH, metricsAuthorized, SignalingMetrics } from './metrics.js';
import { RepAccountsFile } from './repAccounts.js';
import { SessionRegistry } from './SessionRegistry.js';
import { connectRedis } from './store/connectRedis.js';
import { SECURITY_HEADERS, serveStatic } from './staticFiles.js';
import { WsSocket } from './WsSocket.js';
import type { RegistryObserver } from './RegistryObserver.js';

export const SIGNALING_PATH = '/ws';
const SWEEP_INTERVAL_MS = 5_000;
/** How often connection counts go to the log (only when they changed). */
const STATS_LOG_INTERVAL_MS = 60_000;
/** Of a graceful stop's bound, what is kept for cutting hanging sockets and exiting. */
const SHUTDOWN_FORCE_MARGIN_MS = 1_000;

export interface SignalingServer {
  readonly http: Server | HttpsServer;
  readonly registry: SessionRegistry;
  /** The bound port (useful with port 0). */
  readonly port: number;
  readonly url: string;
  /** Reads REPS_FILE again now (SIGHUP); it is also polled. */
  reloadReps(): void;
  /**
   * Stops: with `gracefulMs`, refuses new sockets (and /healthz says 503) while every client is
   * told to move (close 4503) and given that long to go, then cuts what is left; without, at once.
   */
  close(options?: { readonly gracefulMs?: number }): Promise<void>;
}

export interface SignalingServerOptions {
  /** Where log lines go; by default JSON lines on stdout at `config.logLevel`. */
  readonly log?: Logger;
}

export async function startSignalingServer(config: ServerConfig, options: SignalingServerOptions = {}): Promise<SignalingServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const metrics = new SignalingMetrics();
  const repsFile = new RepAccountsFile(config.repsFile);
  const firstRead = repsFile.reload();
  if (!firstRead.ok) throw new Error(firstRead.error);
  // REP_TOKEN accounts and the named ones on file; replaced on reload, read at each sign-in.
  let reps: readonly RepAccount[] = [...config.reps, ...repsFile.accounts];
  repsFile.onReload((result) => {
    if (result.ok) reps = [...config.reps, ...repsFile.accounts];
    if (result.ok) log.info('reps-reloaded', { accounts: result.value });
    else log.error('reps-reload-failed', { problem: 'the reps file is unreadable or invalid; the previous accounts stay' });
  });
  const stopWatchingReps = repsFile.watch();
  // With REDIS_URL, sessions live in Redis and reach sockets on other nodes through pub/sub.
  const redis = config.redis
    ? await connectRedis({
        url: config.redis.url,
        prefix: config.redis.keyPrefix,
        nodeId: config.redis.nodeId,
        codeTtlMs: config.codeTtlMs,
        sessionOrphanTtlMs: config.sessionOrphanTtlMs,
        maxFailedJoins: config.maxFailedJoins,
        failedJoinWindowMs: config.failedJoinWindowMs,
        report: (event, fields) => log.warn(event, fields),
      })
    : null;
  const registry = new SessionRegistry({
    ...config,
    get reps() {
      return reps;
    },
    observer: observed(metrics, log),
    ...(redis ? { store: redis.store, relay: redis.relay } : {}),
    reportError: (event, fields) => log.error(event, fields),
  });
  // Seats may have expired while Redis was away: every client registers again.
  redis?.onRecovered(() => void registry.moveClients('STORE_RECOVERED'));
  let stopping = false;
  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') {
      // 503 while stopping, so a load balancer sends new clients elsewhere.
      const body = JSON.stringify({
        ok: !stopping,
        protocol: PROTOCOL_VERSION,
        ...registry.stats(),
        ...(redis ? { redis: registry.storeHealthy(), node: config.redis!.nodeId } : {}),
      });
      res.writeHead(stopping ? 503 : 200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end(body);
      return;
    }
    if (req.url === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!metricsAuthorized(req.headers.authorization, config.metricsToken)) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end();
        return;
      }
      const body = metrics.render(registry.stats(), sockets.size, redis ? registry.storeHealthy() : null);
      res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store', ...SECURITY_HEADERS }).end(body);
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
  };
  const http = config.tls ? createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, handleRequest) : createServer(handleRequest);

  const wss = new WebSocketServer({
    server: http,
    path: SIGNALING_PATH,
    maxPayload: config.maxFrameBytes,
    // `sockets` below is the list of clients (it also holds the ping state): ws need not keep its own.
    clientTracking: false,
    // A stopping server takes no new sockets: clients retry and reach another node or the next process.
    verifyClient: (_info, accept) => (stopping ? accept(false, 503) : accept(true)),
  });
  /** Every open signaling socket. */
  const sockets = new Map<WebSocket, WsSocket>();
  // ws repeats the HTTP server's errors here; a failed listen is reported by the listen below.
  wss.on('error', (error: NodeJS.ErrnoException) => log.error('server-error', { error: error.code ?? error.name }));

  // One listener of each kind for all sockets (`this` is the WebSocket), not closures per socket.
  function onPong(this: WebSocket): void {
    const socket = sockets.get(this);
    if (socket) socket.alive = true;
  }
  function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    const socket = sockets.get(this);
    if (!socket) return;
    // The only try/catch on the socket path: one bad frame costs one socket, never the process.
    try {
      registry.handleFrame(socket, isBinary ? new Uint8Array(data as Buffer) : String(data));
    } catch (error) {
      // The error's class only: its message could quote the frame.
      log.error('frame-handler-error', { error: error instanceof Error ? error.name : typeof error });
      this.close(CLOSE_CODES.PROTOCOL_ERROR, 'INTERNAL');
    }
  }
  // 1000 and 1001 are what a browser sends when its page closes or navigates away.
  function onClose(this: WebSocket, code: number): void {
    const socket = sockets.get(this);
    if (!socket) return;
    sockets.delete(this);
    registry.handleClose(socket, code === 1000 || code === 1001 ? 'left' : 'disconnected');
    log.debug('socket-closed', { closeCode: code, connections: sockets.size });
  }
  // ws closes the socket itself on oversized frames (1009) and reports it here.
  function onError(this: WebSocket): void {
    const socket = sockets.get(this);
    if (socket) registry.handleClose(socket);
  }

  wss.on('connection', (ws, req) => {
    const socket = new WsSocket(ws, req.socket);
    sockets.set(ws, socket);
    log.debug('socket-opened', { connections: sockets.size });
    ws.on('close', onClose);
    ws.on('error', onError);
    if (!registry.handleConnect(socket, clientAddress(req, config.trustProxy))) return;
    ws.on('pong', onPong);
    ws.on('message', onMessage);
  });

  const pinger = setInterval(() => {
    for (const [ws, socket] of sockets) {
      if (!socket.alive) {
        ws.terminate();
        continue;
      }
      socket.alive = false;
      ws.ping();
    }
  }, config.pingIntervalMs);
  const sweeper = setInterval(() => registry.sweep(), SWEEP_INTERVAL_MS);
  let lastLoggedStats = '';
  const statsLogger = setInterval(() => {
    const { connections, sessions, liveCodes } = registry.stats();
    const counts = { connections, sessions, liveCodes };
    if (JSON.stringify(counts) === lastLoggedStats) return;
    lastLoggedStats = JSON.stringify(counts);
    log.info('stats', counts);
  }, STATS_LOG_INTERVAL_MS);
  pinger.unref();
  sweeper.unref();
  statsLogger.unref();

  await new Promise<void>((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolvePromise());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const scheme = config.tls ? 'https' : 'http';
  const url = config.publicUrl ?? `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  /** Resolves when every WebSocket has closed, or after `ms`, whichever comes first. */
  const socketsGone = (ms: number) =>
    new Promise<void>((resolvePromise) => {
      let open = sockets.size;
      if (open === 0) return resolvePromise();
      const timer = setTimeout(resolvePromise, ms);
      timer.unref();
      for (const ws of sockets.keys()) {
        ws.once('close', () => {
          if (--open > 0) return;
          clearTimeout(timer);
          resolvePromise();
        });
      }
    });
  const delay = (ms: number) => new Promise<void>((resolvePromise) => setTimeout(resolvePromise, Math.max(0, ms)).unref());

  return {
    http,
    registry,
    port,
    url,
    reloadReps: () => void repsFile.reload(),
    close: async ({ gracefulMs = 0 } = {}) => {
      stopping = true;
      clearInterval(pinger);
      clearInterval(sweeper);
      clearInterval(statsLogger);
      stopWatchingReps();
      // Every client hears 4503 ("reconnect with back-off") and closes its side.
      const registryIdle = registry.shutdown();
      const deadline = Date.now() + Math.max(0, gracefulMs - SHUTDOWN_FORCE_MARGIN_MS);
      if (gracefulMs > 0) await socketsGone(deadline - Date.now());
      const closed = new Promise<void>((r) => http.close(() => r()));
      // Requests already in flight may finish within the bound; then whatever hangs is cut.
      if (gracefulMs > 0) await Promise.race([closed, delay(deadline - Date.now())]);
      for (const ws of sockets.keys()) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      http.closeAllConnections();
      await closed;
      await Promise.race([registryIdle, delay(deadline - Date.now())]);
      await redis?.close();
    },
  };
}

/** Counts everything for /metrics, and logs the refusals an operator may want to see. */
function observed(metrics: SignalingMetrics, log: Logger): RegistryObserver {
  return {
    paired: () => metrics.paired(),
    relayed: () => metrics.relayed(),
    joinFailed: (error) => {
      metrics.joinFailed(error);
      log.debug('join-failed', { error });
    },
    limitHit: (error) => {
      metrics.limitHit(error);
      log.warn('limit-hit', { error });
    },
  };
}
