/**
 * Runs inside one page (handed to page.evaluate): two peers in the same page move
 * `totalBytes` from one to the other as fast as their API allows, and report the time from
 * the first send to the last byte received. Three transports: the browser's own data channel
 * (the machine's limit), simple-peer (window.SimplePeer) and PeerJS (window.Peer, with its
 * PeerServer). Each function is self-contained: page.evaluate sends only its source.
 */

export interface BlastResult {
  readonly bytes: number;
  readonly ms: number;
  readonly error: string | null;
}

export interface RawBlastOptions {
  readonly totalBytes: number;
  readonly chunkBytes: number;
  readonly highWaterBytes: number;
  readonly lowWaterBytes: number;
}

/** Two RTCPeerConnections, one negotiated ordered channel, paced by bufferedAmount. */
export async function rawBlast(options: RawBlastOptions): Promise<BlastResult> {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  try {
    a.onicecandidate = (e) => e.candidate && void b.addIceCandidate(e.candidate);
    b.onicecandidate = (e) => e.candidate && void a.addIceCandidate(e.candidate);
    const send = a.createDataChannel('blast', { negotiated: true, id: 1, ordered: true });
    const receive = b.createDataChannel('blast', { negotiated: true, id: 1, ordered: true });
    receive.binaryType = 'arraybuffer';
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await new Promise((resolve) => (send.readyState === 'open' ? resolve(null) : (send.onopen = resolve)));
    let received = 0;
    const done = new Promise<void>((resolve) => {
      receive.onmessage = (event) => {
        received += (event.data as ArrayBuffer).byteLength;
        if (received >= options.totalBytes) resolve();
      };
    });
    const chunk = new Uint8Array(options.chunkBytes);
    send.bufferedAmountLowThreshold = options.lowWaterBytes;
    const started = performance.now();
    let sent = 0;
    while (sent < options.totalBytes) {
      while (sent < options.totalBytes && send.bufferedAmount < options.highWaterBytes) {
        const length = Math.min(options.chunkBytes, options.totalBytes - sent);
        send.send(length === chunk.byteLength ? chunk : chunk.subarray(0, length));
        sent += length;
      }
      if (sent < options.totalBytes) await new Promise((resolve) => (send.onbufferedamountlow = resolve));
    }
    await done;
    return { bytes: received, ms: performance.now() - started, error: null };
  } catch (error) {
    return { bytes: 0, ms: 0, error: String(error) };
  } finally {
    a.close();
    b.close();
  }
}

export interface SimplePeerBlastOptions {
  readonly totalBytes: number;
  readonly chunkBytes: number;
}

/** simple-peer's stream API: write() until it says to wait, then wait for 'drain'. */
export async function simplePeerBlast(options: SimplePeerBlastOptions): Promise<BlastResult> {
  type SimplePeerLike = {
    on(event: string, handler: (value: never) => void): void;
    once(event: string, handler: () => void): void;
    signal(data: unknown): void;
    write(chunk: Uint8Array): boolean;
    destroy(): void;
  };
  const SimplePeer = (window as unknown as { SimplePeer: new (options: object) => SimplePeerLike }).SimplePeer;
  const a = new SimplePeer({ initiator: true });
  const b = new SimplePeer({});
  try {
    a.on('signal', (data: never) => b.signal(data));
    b.on('signal', (data: never) => a.signal(data));
    await Promise.all([new Promise<void>((r) => a.once('connect', r)), new Promise<void>((r) => b.once('connect', r))]);
    let received = 0;
    const done = new Promise<void>((resolve) => {
      b.on('data', (data: Uint8Array) => {
        received += data.byteLength;
        if (received >= options.totalBytes) resolve();
      });
    });
    const chunk = new Uint8Array(options.chunkBytes);
    const started = performance.now();
    for (let sent = 0; sent < options.totalBytes; sent += options.chunkBytes) {
      // Each write gets its own buffer: the stream may hold on to it.
      if (!a.write(chunk.slice(0, Math.min(options.chunkBytes, options.totalBytes - sent)))) {
        await new Promise<void>((resolve) => a.once('drain', resolve));
      }
    }
    await done;
    return { bytes: received, ms: performance.now() - started, error: null };
  } catch (error) {
    return { bytes: 0, ms: 0, error: String(error) };
  } finally {
    a.destroy();
    b.destroy();
  }
}

export interface PeerjsBlastOptions {
  readonly totalBytes: number;
  readonly chunkBytes: number;
  readonly host: string;
  readonly port: number;
  readonly key: string;
  readonly path: string;
  readonly serialization: 'raw' | 'binary';
  /** Queued sends (PeerJS buffers in JavaScript past its own limit) before the sender waits. */
  readonly maxQueued: number;
}

/** Two PeerJS Peers on its PeerServer; one DataConnection; send() paced by its bufferSize. */
export async function peerjsBlast(options: PeerjsBlastOptions): Promise<BlastResult> {
  type Connection = {
    on(event: string, handler: (value: never) => void): void;
    send(data: unknown): void;
    bufferSize: number;
    open: boolean;
  };
  type PeerLike = {
    on(event: string, handler: (value: never) => void): void;
    connect(id: string, options: object): Connection;
    destroy(): void;
  };
  const Peer = (window as unknown as { Peer: new (id: string, options: object) => PeerLike }).Peer;
  const config = { host: options.host, port: options.port, key: options.key, path: options.path, secure: false, debug: 0 };
  const suffix = Math.random().toString(36).slice(2, 10);
  const opened = (peer: PeerLike) => new Promise<void>((resolve, reject) => {
    peer.on('open', () => resolve());
    peer.on('error', (error: never) => reject(new Error(String(error))));
  });
  const a = new Peer(`blast-a-${suffix}`, config);
  const b = new Peer(`blast-b-${suffix}`, config);
  try {
    await Promise.all([opened(a), opened(b)]);
    let received = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    b.on('connection', (incoming: Connection) => {
      incoming.on('data', (data: ArrayBuffer | Uint8Array) => {
        received += data.byteLength;
        if (received >= options.totalBytes) resolveDone();
      });
    });
    const connection = a.connect(`blast-b-${suffix}`, { reliable: true, serialization: options.serialization });
    await new Promise<void>((resolve) => connection.on('open', () => resolve()));
    const chunk = new Uint8Array(options.chunkBytes);
    const started = performance.now();
    for (let sent = 0; sent < options.totalBytes; sent += options.chunkBytes) {
      while (connection.bufferSize > options.maxQueued) await new Promise((resolve) => setTimeout(resolve, 5));
      connection.send(chunk.slice(0, Math.min(options.chunkBytes, options.totalBytes - sent)).buffer);
    }
    await done;
    return { bytes: received, ms: performance.now() - started, error: null };
  } catch (error) {
    return { bytes: 0, ms: 0, error: String(error) };
  } finally {
    a.destroy();
    b.destroy();
  }
}

/**
 * Each transport with its two ends in two pages (two renderer processes), as two browsers have
 * them and as the product runs. The bench connects the two pages first (untimed), then arms the
 * receiving page (`blastArm`), starts waiting on it (`blastReceived`) and runs the sender's loop;
 * the time runs on the bench's clock from the first send to the last byte received. Every
 * transport's receiving end hands each message's size to `window.__blastSink`, so one receiving
 * function serves all three.
 */
type BlastWindow = Window & {
  __blastSink?: (bytes: number) => void;
  __blastReceived?: Promise<number>;
  __blastPc?: RTCPeerConnection;
  __blastChannel?: RTCDataChannel;
  __blastSimplePeer?: { signal(data: unknown): void; once(event: string, handler: (data: never) => void): void; on(event: string, handler: (data: never) => void): void; write(chunk: Uint8Array): boolean; destroy(): void };
  __blastPeer?: { on(event: string, handler: (value: never) => void): void; connect(id: string, options: object): BlastPeerConnection; destroy(): void };
  __blastConnection?: BlastPeerConnection;
  __blastIncoming?: Promise<void>;
};
type BlastPeerConnection = { on(event: string, handler: (value: never) => void): void; send(data: unknown): void; bufferSize: number; close(): void };

/** Receiving page: from now on, count what arrives until `totalBytes`. */
export function blastArm(totalBytes: number): void {
  const w = window as BlastWindow;
  let received = 0;
  w.__blastReceived = new Promise<number>((resolve) => {
    w.__blastSink = (bytes) => {
      received += bytes;
      if (received >= totalBytes) resolve(received);
    };
  });
}

/** Receiving page: resolves with the byte count once the armed total arrived. */
export async function blastReceived(): Promise<number> {
  const w = window as BlastWindow;
  if (!w.__blastReceived) throw new Error('the receiving page was not armed');
  const received = await w.__blastReceived;
  w.__blastSink = undefined;
  w.__blastReceived = undefined;
  return received;
}

/**
 * Raw channel: `rawPeerOpen(null)` on the sending page returns its offer, `rawPeerOpen(offer)` on
 * the receiving page its answer, `rawPeerAccept(answer)` on the sending page waits for the
 * channel to open. Candidates travel inside the descriptions (gathering is awaited).
 */
export async function rawPeerOpen(offer: unknown): Promise<RTCSessionDescriptionInit> {
  const w = window as BlastWindow;
  w.__blastPc?.close();
  const pc = new RTCPeerConnection();
  const channel = pc.createDataChannel('blast', { negotiated: true, id: 1, ordered: true });
  channel.binaryType = 'arraybuffer';
  channel.onmessage = (event) => w.__blastSink?.((event.data as ArrayBuffer).byteLength);
  w.__blastPc = pc;
  w.__blastChannel = channel;
  if (offer) await pc.setRemoteDescription(offer as RTCSessionDescriptionInit);
  await pc.setLocalDescription();
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  return pc.localDescription!.toJSON();
}

/** Sending page: takes the receiver's answer and waits for the channel to open. */
export async function rawPeerAccept(answer: unknown): Promise<void> {
  const w = window as BlastWindow;
  await w.__blastPc!.setRemoteDescription(answer as RTCSessionDescriptionInit);
  const channel = w.__blastChannel!;
  await new Promise((resolve) => (channel.readyState === 'open' ? resolve(null) : channel.addEventListener('open', resolve, { once: true })));
}

/** Sending page: sends `totalBytes` paced by bufferedAmount, as rawBlast does. */
export async function rawPeerSend(options: RawBlastOptions): Promise<void> {
  const send = (window as BlastWindow).__blastChannel!;
  const chunk = new Uint8Array(options.chunkBytes);
  send.bufferedAmountLowThreshold = options.lowWaterBytes;
  let sent = 0;
  while (sent < options.totalBytes) {
    while (sent < options.totalBytes && send.bufferedAmount < options.highWaterBytes) {
      const length = Math.min(options.chunkBytes, options.totalBytes - sent);
      send.send(length === chunk.byteLength ? chunk : chunk.subarray(0, length));
      sent += length;
    }
    if (sent < options.totalBytes) await new Promise((resolve) => (send.onbufferedamountlow = resolve));
  }
}

/**
 * simple-peer without trickle, so each side signals once: `simplePeerOpen(null)` on the sending
 * page (the initiator) returns its offer, `simplePeerOpen(offer)` on the receiving page its
 * answer, `simplePeerAccept(answer)` waits for the connection.
 */
export async function simplePeerOpen(offer: unknown): Promise<unknown> {
  const w = window as BlastWindow;
  w.__blastSimplePeer?.destroy();
  const SimplePeer = (window as unknown as { SimplePeer: new (options: object) => NonNullable<BlastWindow['__blastSimplePeer']> }).SimplePeer;
  const peer = new SimplePeer({ initiator: offer === null, trickle: false });
  w.__blastSimplePeer = peer;
  peer.on('data', (data: Uint8Array) => w.__blastSink?.(data.byteLength));
  const signal = new Promise<unknown>((resolve) => peer.once('signal', resolve));
  if (offer !== null) peer.signal(offer);
  return signal;
}

export async function simplePeerAccept(answer: unknown): Promise<void> {
  const peer = (window as BlastWindow).__blastSimplePeer!;
  const connected = new Promise<void>((resolve) => peer.once('connect', () => resolve()));
  peer.signal(answer);
  await connected;
}

/** Sending page: simple-peer's write() until it says to wait, then 'drain', as simplePeerBlast. */
export async function simplePeerSend(options: SimplePeerBlastOptions): Promise<void> {
  const peer = (window as BlastWindow).__blastSimplePeer!;
  const chunk = new Uint8Array(options.chunkBytes);
  for (let sent = 0; sent < options.totalBytes; sent += options.chunkBytes) {
    if (!peer.write(chunk.slice(0, Math.min(options.chunkBytes, options.totalBytes - sent)))) {
      await new Promise<void>((resolve) => peer.once('drain', resolve));
    }
  }
}

export interface PeerjsOpenOptions {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly key: string;
  readonly path: string;
}

/** Either page: a PeerJS Peer on its PeerServer under `id`; incoming connections feed the sink. */
export async function peerjsOpen(options: PeerjsOpenOptions): Promise<void> {
  const w = window as BlastWindow;
  w.__blastPeer?.destroy();
  const Peer = (window as unknown as { Peer: new (id: string, options: object) => NonNullable<BlastWindow['__blastPeer']> }).Peer;
  const peer = new Peer(options.id, { host: options.host, port: options.port, key: options.key, path: options.path, secure: false, debug: 0 });
  w.__blastPeer = peer;
  w.__blastIncoming = new Promise<void>((resolve) =>
    peer.on('connection', (incoming: BlastPeerConnection) => {
      incoming.on('data', (data: ArrayBuffer | Uint8Array) => w.__blastSink?.(data.byteLength));
      incoming.on('open', () => resolve());
    }),
  );
  await new Promise<void>((resolve, reject) => {
    peer.on('open', () => resolve());
    peer.on('error', (error: never) => reject(new Error(String(error))));
  });
}

/** Sending page: one DataConnection to `to`, open. */
export async function peerjsConnect(options: { readonly to: string; readonly serialization: 'raw' | 'binary' }): Promise<void> {
  const w = window as BlastWindow;
  const connection = w.__blastPeer!.connect(options.to, { reliable: true, serialization: options.serialization });
  w.__blastConnection = connection;
  await new Promise<void>((resolve) => connection.on('open', () => resolve()));
}

/** Receiving page: the incoming DataConnection is open. */
export async function peerjsAccepted(): Promise<void> {
  await (window as BlastWindow).__blastIncoming;
}

/** Sending page: send() paced by the connection's bufferSize, as peerjsBlast does. */
export async function peerjsSend(options: { readonly totalBytes: number; readonly chunkBytes: number; readonly maxQueued: number }): Promise<void> {
  const connection = (window as BlastWindow).__blastConnection!;
  const chunk = new Uint8Array(options.chunkBytes);
  for (let sent = 0; sent < options.totalBytes; sent += options.chunkBytes) {
    while (connection.bufferSize > options.maxQueued) await new Promise((resolve) => setTimeout(resolve, 5));
    connection.send(chunk.slice(0, Math.min(options.chunkBytes, options.totalBytes - sent)).buffer);
  }
}
