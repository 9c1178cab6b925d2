/**
 * Runs inside the PeerJS baseline page (handed to page.evaluate). Opens a Peer with the
 * PeerServer, and on the customer side times `peer.connect()` to the DataConnection's
 * `open` on the page's own clock. Host candidates only (`iceServers: []`), as for ours.
 */
import type { DataConnection, Peer } from 'peerjs';

export interface OpenPeerOptions {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly key: string;
  /** Rep side: accept connections and echo what arrives. */
  readonly accept: boolean;
  readonly timeoutMs: number;
}

type PeerWindow = Window & { Peer?: typeof Peer; __benchPeer?: Peer };

export async function openPeerjsPeer(options: OpenPeerOptions): Promise<void> {
  const w = window as PeerWindow;
  if (!w.Peer) throw new Error('peerjs.min.js did not load');
  const peer = new w.Peer(options.id, {
    host: options.host,
    port: options.port,
    path: options.path,
    key: options.key,
    secure: false,
    debug: 0,
    config: { iceServers: [] },
  });
  w.__benchPeer = peer;
  if (options.accept) {
    peer.on('connection', (connection: DataConnection) => {
      connection.on('data', (data) => void connection.send(data));
    });
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer ${options.id} did not open within ${options.timeoutMs} ms`)), options.timeoutMs);
    peer.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    peer.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`peer ${options.id}: ${error.type} ${error.message}`));
    });
  });
}

/** Milliseconds from `peer.connect(repId, { reliable: true })` to the connection's `open`. */
export async function measurePeerjsConnect(options: { repId: string; timeoutMs: number }): Promise<number> {
  const peer = (window as PeerWindow).__benchPeer;
  if (!peer) throw new Error('peer not opened');
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection did not open within ${options.timeoutMs} ms`)), options.timeoutMs);
    const startedAt = performance.now();
    const connection = peer.connect(options.repId, { reliable: true });
    connection.once('open', () => {
      const openedAt = performance.now();
      clearTimeout(timer);
      resolve(openedAt - startedAt);
    });
    connection.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`connection: ${error.type} ${error.message}`));
    });
    peer.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`peer: ${error.type} ${error.message}`));
    });
  });
}

export interface PeerjsPingResult {
  readonly roundTripMs: number[];
  readonly error: string | null;
}

/**
 * Opens a DataConnection to the rep (whose page echoes what it receives) and sends `ping N`
 * strings one at a time, each after the previous echo: the transport's floor for a chat
 * message, with no document, storage or UI on either side.
 */
export async function runPeerjsPingLoop(options: { repId: string; count: number; timeoutMs: number }): Promise<PeerjsPingResult> {
  const peer = (window as PeerWindow).__benchPeer;
  if (!peer) throw new Error('peer not opened');
  const connection = peer.connect(options.repId, { reliable: true });
  const opened = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), options.timeoutMs);
    connection.once('open', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!opened) return { roundTripMs: [], error: `connection did not open within ${options.timeoutMs} ms` };
  let waiting: { text: string; resolve: (at: number) => void } | null = null;
  connection.on('data', (data) => {
    const at = performance.now();
    if (waiting && data === waiting.text) waiting.resolve(at);
  });
  const roundTripMs: number[] = [];
  let error: string | null = null;
  for (let i = 0; i < options.count; i++) {
    const text = `ping ${i}`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const echoed = new Promise<number | null>((resolve) => {
      waiting = { text, resolve };
      timer = setTimeout(() => resolve(null), options.timeoutMs);
    });
    const sentAt = performance.now();
    void connection.send(text);
    const at = await echoed;
    clearTimeout(timer);
    if (at === null) {
      error = `echo of "${text}" did not arrive within ${options.timeoutMs} ms`;
      break;
    }
    roundTripMs.push(at - sentAt);
  }
  connection.close();
  return { roundTripMs, error };
}
