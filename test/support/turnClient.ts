/**
 * Just enough of a TURN client (RFC 5389 / 5766, over UDP) to test a coturn configuration
 * from Node: Allocate with long-term credentials (answering the 401 challenge with the realm
 * and nonce), and CreatePermission for a peer address, which is where coturn applies its
 * `denied-peer-ip` rules. Test support only; browsers have their own.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

const MAGIC_COOKIE = 0x2112a442;
const METHOD = { allocate: 0x003, createPermission: 0x008 } as const;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  xorPeerAddress: 0x0012,
  realm: 0x0014,
  nonce: 0x0015,
  requestedTransport: 0x0019,
} as const;
const UDP = 17;
const ANSWER_TIMEOUT_MS = 3_000;

type Method = keyof typeof METHOD;

export interface TurnAnswer {
  readonly success: boolean;
  /** The STUN error code (401, 403, 437, …), or null on success. */
  readonly errorCode: number | null;
}

interface Response extends TurnAnswer {
  readonly attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function xorPeerAddress(ipv4: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1);
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const address = ipv4.split('.').reduce((n, octet) => (n << 8) | Number(octet), 0) >>> 0;
  value.writeUInt32BE((address ^ MAGIC_COOKIE) >>> 0, 4);
  return value;
}

/** A request; with a key, MESSAGE-INTEGRITY is appended (the length field counts it, RFC 5389 15.4). */
function request(method: Method, attributes: Buffer[], key: Buffer | null): { bytes: Buffer; transactionId: Buffer } {
  const transactionId = randomBytes(12);
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(METHOD[method], 0);
  header.writeUInt16BE(body.length + (key ? 24 : 0), 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  const message = Buffer.concat([header, body]);
  if (!key) return { bytes: message, transactionId };
  const integrity = createHmac('sha1', key).update(message).digest();
  return { bytes: Buffer.concat([message, attribute(ATTR.messageIntegrity, integrity)]), transactionId };
}

function parse(bytes: Buffer): { transactionId: Buffer; response: Response } | null {
  if (bytes.length < 20 || bytes.readUInt32BE(4) !== MAGIC_COOKIE) return null;
  const type = bytes.readUInt16BE(0);
  const attributes = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= bytes.length; ) {
    const kind = bytes.readUInt16BE(at);
    const length = bytes.readUInt16BE(at + 2);
    attributes.set(kind, bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  const error = attributes.get(ATTR.errorCode);
  const errorCode = error ? (error.readUInt8(2) & 0x7) * 100 + error.readUInt8(3) : null;
  // Class bits: 0x0100 success response, 0x0110 error response.
  return { transactionId: bytes.subarray(8, 20), response: { success: (type & 0x0110) === 0x0100, errorCode, attributes } };
}

/** One client with one allocation at a time, on its own UDP socket. */
export class TurnClient {
  private readonly socket: Socket = createSocket('udp4');
  private realm: Buffer | null = null;
  private nonce: Buffer | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Allocate a UDP relay: the unauthenticated first try is answered 401 with realm and nonce. */
  async allocate(): Promise<TurnAnswer> {
    const transport = attribute(ATTR.requestedTransport, Buffer.from([UDP, 0, 0, 0]));
    const challenge = await this.send(request('allocate', [transport], null));
    if (challenge.errorCode !== 401) return challenge;
    this.realm = challenge.attributes.get(ATTR.realm) ?? null;
    this.nonce = challenge.attributes.get(ATTR.nonce) ?? null;
    return this.authenticated('allocate', [transport]);
  }

  /** Ask the relay to accept traffic from this peer (coturn answers 403 for a denied address). */
  createPermission(peerIpv4: string): Promise<TurnAnswer> {
    return this.authenticated('createPermission', [attribute(ATTR.xorPeerAddress, xorPeerAddress(peerIpv4, 9))]);
  }

  close(): void {
    this.socket.close();
  }

  private authenticated(method: Method, attributes: Buffer[]): Promise<Response> {
    if (!this.realm || !this.nonce) throw new Error('no realm and nonce yet: allocate first');
    const key = createHash('md5').update(`${this.username}:${this.realm.toString('utf8')}:${this.password}`).digest();
    const credentials = [
      attribute(ATTR.username, Buffer.from(this.username, 'utf8')),
      attribute(ATTR.realm, this.realm),
      attribute(ATTR.nonce, this.nonce),
    ];
    return this.send(request(method, [...attributes, ...credentials], key));
  }

  private send({ bytes, transactionId }: { bytes: Buffer; transactionId: Buffer }): Promise<Response> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        reject(new Error('no answer from the TURN server'));
      }, ANSWER_TIMEOUT_MS);
      const onMessage = (message: Buffer) => {
        const parsed = parse(message);
        if (!parsed || !parsed.transactionId.equals(transactionId)) return;
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        resolve(parsed.response);
      };
      this.socket.on('message', onMessage);
      this.socket.send(bytes, this.port, this.host);
    });
  }
}
