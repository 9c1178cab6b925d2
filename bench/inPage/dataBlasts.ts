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
 * The raw blast with its two ends in two pages (two renderer processes), as the product runs:
 * `rawPeerOpen(null)` on the sending page returns its offer, `rawPeerOpen(offer)` on the
 * receiving page its answer, `rawPeerAccept(answer)` on the sending page waits for the channel to
 * open; then `rawPeerReceive` on the receiving page and `rawPeerSend` on the sending one.
 * Candidates travel inside the descriptions (gathering is awaited).
 */
export async function rawPeerOpen(offer: RTCSessionDescriptionInit | null): Promise<RTCSessionDescriptionInit> {
  const w = window as unknown as { __blastPc?: RTCPeerConnection; __blastChannel?: RTCDataChannel };
  w.__blastPc?.close();
  const pc = new RTCPeerConnection();
  const channel = pc.createDataChannel('blast', { negotiated: true, id: 1, ordered: true });
  channel.binaryType = 'arraybuffer';
  w.__blastPc = pc;
  w.__blastChannel = channel;
  if (offer) await pc.setRemoteDescription(offer);
  await pc.setLocalDescription();
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
  });
  return pc.localDescription!.toJSON();
}

/** Sending page: takes the receiver's answer and waits for the channel to open. */
export async function rawPeerAccept(answer: RTCSessionDescriptionInit): Promise<void> {
  const w = window as unknown as { __blastPc: RTCPeerConnection; __blastChannel: RTCDataChannel };
  await w.__blastPc.setRemoteDescription(answer);
  const channel = w.__blastChannel;
  await new Promise((resolve) => (channel.readyState === 'open' ? resolve(null) : channel.addEventListener('open', resolve, { once: true })));
}

/** Receiving page: resolves once `totalBytes` arrived. */
export async function rawPeerReceive(totalBytes: number): Promise<number> {
  const channel = (window as unknown as { __blastChannel: RTCDataChannel }).__blastChannel;
  await new Promise((resolve) => (channel.readyState === 'open' ? resolve(null) : channel.addEventListener('open', resolve, { once: true })));
  let received = 0;
  await new Promise<void>((resolve) => {
    channel.onmessage = (event) => {
      received += (event.data as ArrayBuffer).byteLength;
      if (received >= totalBytes) resolve();
    };
  });
  return received;
}

/** Sending page: sends `totalBytes` paced by bufferedAmount, as rawBlast does. */
export async function rawPeerSend(options: RawBlastOptions): Promise<void> {
  const send = (window as unknown as { __blastChannel: RTCDataChannel }).__blastChannel;
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
