/**
 * Generators of what a hostile peer can put on the data channels: random bytes, truncated and
 * fragmented control frames, peer messages with garbage, huge or prototype-polluting values,
 * file chunks and screen-frame parts with bad headers, and Yjs updates that are random,
 * mutated from real ones, or well-formed but forbidden (deleting entries, spoofing the other
 * author, wrong shapes, HTML). Deterministic from the random source, so a run can be replayed.
 * The browser test (test/e2e/hostilePeer.e2e.ts) sends the same kinds of frames.
 */
import * as Y from 'yjs';
import { CONTROL_KIND, encodeControlFrames, type ControlKind } from '../../protocol/controlFrame.js';
import { encodeFileChunk, FILE_CHUNK_HEADER_BYTES } from '../../protocol/fileTransfer.js';
import { encodeFrameStill, SCREEN_FRAME_HEADER_BYTES, splitScreenFrame } from '../../protocol/screenFrame.js';
import { DETAILS_MAP, LOG_ARRAY, RECEIPTS_MAP, type LogEntry } from '../../protocol/transcript.js';

export type Random = () => number;

export class HostileFrames {
  constructor(private readonly random: Random) {}

  int(max: number): number {
    return Math.floor(this.random() * max);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** Random bytes; past 256 of them, a random block repeated (cheap, and as hostile). */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    const random = Math.min(length, 256);
    for (let i = 0; i < random; i++) out[i] = this.int(256);
    for (let i = random; i < length; i += random) out.copyWithin(i, 0, Math.min(random, length - i));
    return out;
  }

  /** Mostly short, sometimes large (up to just past a channel message). */
  randomBytes(): Uint8Array {
    return this.bytes(this.chance(0.9) ? this.int(300) : this.int(70 * 1024));
  }

  /** A copy with bytes flipped, cut short, or spliced. */
  mutate(source: Uint8Array): Uint8Array {
    const out = source.slice();
    switch (this.int(4)) {
      case 0:
        for (let n = 1 + this.int(4); n > 0 && out.length > 0; n--) out[this.int(out.length)] = this.int(256);
        return out;
      case 1:
        return out.subarray(0, this.int(out.length + 1));
      case 2: {
        const at = this.int(out.length + 1);
        const merged = new Uint8Array(out.length + 8);
        merged.set(out.subarray(0, at));
        merged.set(this.bytes(8), at);
        merged.set(out.subarray(at), at + 8);
        return merged;
      }
      default:
        if (out.length > 0) out[this.int(out.length)] = this.pick([0, 0x7f, 0x80, 0xff]);
        return out;
    }
  }

  // ------------------------------------------------------------------ peer messages (JSON)

  private randomString(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const r = this.random();
      out += r < 0.8 ? String.fromCharCode(32 + this.int(95)) : r < 0.95 ? String.fromCharCode(this.int(0xd7ff)) : '\ud800';
    }
    return out;
  }

  weirdValue(depth = 0): unknown {
    switch (this.int(depth > 2 ? 9 : 11)) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.pick([0, -1, -4096, 1e308, -1e308, 2 ** 53, 2 ** 64, 1.5, 4294967296, Number.MAX_SAFE_INTEGER]);
      case 3: return this.randomString(this.int(40));
      case 4: return 'x'.repeat(this.pick([81, 256, 2001, 33000]));
      case 5: return this.pick(['../../etc/passwd', '..\\..\\boot.ini', 'a/b.png', 'x\u0000.png', '<img src=x onerror=window.__hostileRan=1>.png']);
      case 6: return this.pick(['<script>window.__hostileRan=1</script>', '<img src=x onerror="window.__hostileRan=1">', 'javascript:window.__hostileRan=1']);
      case 7: return this.pick(['rep', 'customer', 'image/jpeg', 'image/svg+xml', 'text/html']);
      case 8: return JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
      case 9: return Array.from({ length: this.int(5) }, () => this.weirdValue(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        for (let i = this.int(5); i > 0; i--) out[this.pick(['type', 'transferId', 'name', 'size', '__proto__', 'constructor', 'x'])] = this.weirdValue(depth + 1);
        return out;
      }
    }
  }

  private transferId(): string {
    return this.pick(['k2J9x0aQ', 'AAAAAAAA', '../../../x', 'a', 'x'.repeat(40), this.randomString(10)]);
  }

  /** A peer message: valid kinds with garbage, prototype keys, huge values, wrong shapes. */
  peerMessage(knownTransferIds: readonly string[] = []): unknown {
    const transferId = knownTransferIds.length > 0 && this.chance(0.5) ? this.pick(knownTransferIds) : this.transferId();
    const base = this.pick([
      { type: 'hello', version: this.pick([1, 'one', -1, 1e9, 1.5]), role: this.pick(['rep', 'customer', 'admin']), instanceId: this.pick(['abc', '<b>', 'x'.repeat(65)]) },
      { type: 'error', code: this.pick(['PEER_PROTOCOL', 'NOPE', '__proto__']) },
      { type: 'file-offer', transferId, tag: this.pick([0, 7, -1, 2 ** 32, 1.5]), name: this.weirdValue(), size: this.pick([-1, 0, 10, 2 ** 60, 1e308, 48213]), mimeType: this.pick(['image/png', 'text/html', 'x'.repeat(200)]), chunkBytes: this.pick([0, 1024, 65536, 2 ** 20, -5]) },
      { type: 'file-accept', transferId, offset: this.pick([0, -1, 2 ** 53, 1e308, 12]) },
      { type: 'file-ack', transferId, offset: this.pick([0, -1, 2 ** 53, 5]) },
      { type: 'file-complete', transferId, sha256: this.pick(['0'.repeat(64), 'Z'.repeat(64), '']) },
      { type: 'file-cancel', transferId },
      { type: 'file-error', transferId, code: this.pick(['FILE_PROTOCOL', 'FILE_HASH_MISMATCH', 'INTERNAL']) },
      { type: 'screen-started', shareId: this.pick(['s1', '<x>', '']), width: this.pick([1, 0, 1e9]), height: 1080, mime: this.pick(['image/jpeg', 'image/svg+xml']), maxEdge: this.pick([64, 320, 99999]) },
      { type: 'screen-stopped', by: this.pick(['rep', 'customer', 'nobody']) },
      { type: 'screen-size', maxEdge: this.pick([64, 1, 1e9]) },
      { type: 'screen-answer', accepted: this.weirdValue() },
      { type: 'push-url', url: this.pick(['javascript:alert(1)', 'https://example.com', 'x'.repeat(5000)]) },
      { type: this.pick(['__proto__', 'constructor', 'toString', '', 'unknown']) },
    ]) as Record<string, unknown>;
    if (this.chance(0.3)) base[this.pick(['type', 'transferId', 'name', 'size', 'extra', '__proto__'])] = this.weirdValue();
    return base;
  }

  /** JSON text of a message, or something that is almost JSON. */
  peerMessageBytes(knownTransferIds: readonly string[] = []): Uint8Array {
    const encoder = new TextEncoder();
    switch (this.int(6)) {
      case 0:
        return this.randomBytes();
      case 1: {
        const depth = 10 + this.int(5000);
        return encoder.encode('['.repeat(depth) + ']'.repeat(this.chance(0.5) ? depth : 0));
      }
      case 2: {
        const text = JSON.stringify(this.peerMessage(knownTransferIds));
        return encoder.encode(text.slice(0, this.int(text.length)));
      }
      case 3:
        return Uint8Array.of(0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d); // {"\xff\xfe":1}: not UTF-8
      default:
        return encoder.encode(JSON.stringify(this.peerMessage(knownTransferIds)));
    }
  }

  // ------------------------------------------------------------------ control channel frames

  /** Channel messages for the control channel: whole, fragmented, cut, or plain noise. */
  controlFrames(payload: () => { kind: ControlKind; bytes: Uint8Array }): Uint8Array[] {
    switch (this.int(6)) {
      case 0:
        return [this.randomBytes()];
      case 1: {
        // A header with a bad kind or flags.
        const frame = this.bytes(2 + this.int(50));
        frame[0] = this.pick([4, 9, 255, 0, 1, 2, 3]);
        frame[1] = this.pick([0, 1, 2, 3, 0x80, 0xff]);
        return [frame];
      }
      case 2: {
        // Fragments of a payload, some dropped, or the kind changed midway.
        const { kind, bytes } = payload();
        const frames = encodeControlFrames(kind, bytes, 3 + this.int(200));
        if (frames.length > 1 && this.chance(0.5)) frames.splice(this.int(frames.length), 1);
        else if (frames.length > 1) frames[this.int(frames.length)]![0] = (kind + 1) % 3;
        return frames;
      }
      case 3:
        // A first fragment that says more follows, then nothing.
        return [Uint8Array.of(this.pick([0, 1, 2]), 1, ...this.bytes(this.int(40)))];
      default: {
        const { kind, bytes } = payload();
        return encodeControlFrames(kind, bytes);
      }
    }
  }

  // ------------------------------------------------------------------ files channel

  /** A `files` channel message: noise, short headers, chunks for unknown or known tags, bad offsets. */
  fileChunk(knownTags: readonly number[]): ArrayBuffer | string | Uint8Array {
    switch (this.int(6)) {
      case 0:
        return this.randomString(this.int(50));
      case 1:
        return this.bytes(this.int(FILE_CHUNK_HEADER_BYTES + 1)).buffer as ArrayBuffer;
      case 2:
        return this.randomBytes().buffer as ArrayBuffer;
      default: {
        const tag = knownTags.length > 0 && this.chance(0.6) ? this.pick(knownTags) : this.int(2 ** 32);
        const offset = this.pick([0, 0, 1024, 65536, -1, 2 ** 40, 2 ** 53 - 1]);
        const chunk = encodeFileChunk(tag, Math.max(0, offset), this.bytes(this.pick([0, 1, 100, 1024, 70_000])));
        if (offset < 0) new DataView(chunk.buffer).setUint32(4, 0xffff_ffff);
        return chunk.buffer;
      }
    }
  }

  // ------------------------------------------------------------------ frames channel

  /** A `frames` channel message: noise, bad headers, parts that contradict each other, stills. */
  screenMessage(frameNumber: number): Uint8Array {
    switch (this.int(6)) {
      case 0:
        return this.randomBytes();
      case 1: {
        const header = this.bytes(SCREEN_FRAME_HEADER_BYTES + this.int(100));
        header[0] = this.pick([1, 1, 0, 2]);
        return header;
      }
      case 2: {
        const still = encodeFrameStill(frameNumber, Date.now());
        return this.chance(0.5) ? this.mutate(still) : still;
      }
      default: {
        const image = this.pick([jpegHeader(this.pick([16, 320, 5000]), 240), webpHeader(), this.bytes(1 + this.int(3000))]);
        const parts = splitScreenFrame({ frameNumber, capturedAtMs: Date.now(), bytes: image }, 1 + this.int(400));
        if (!parts.ok) return this.randomBytes();
        const part = this.pick(parts.value);
        return this.chance(0.3) ? this.mutate(part) : part;
      }
    }
  }

  // ------------------------------------------------------------------ transcript updates

  /** A y-protocols sync message (0 step 1, 1 step 2, 2 update) around `body`. */
  syncMessage(type: number, body: Uint8Array): Uint8Array {
    const header = [type];
    let length = body.length;
    do {
      header.push((length & 0x7f) | (length > 0x7f ? 0x80 : 0));
      length >>>= 7;
    } while (length > 0);
    const out = new Uint8Array(header.length + body.length);
    out.set(header);
    out.set(body, header.length);
    return out;
  }

  /**
   * A well-formed Yjs update the protocol forbids, made on a copy of the peer's document.
   * `selfRole` is the victim's role; `victimClientId` its document's client id.
   */
  forbiddenUpdate(peerState: Uint8Array, selfRole: 'rep' | 'customer', victimClientId: number): { update: Uint8Array; what: string } {
    const evil = new Y.Doc();
    const what = this.pick(FORBIDDEN);
    Y.applyUpdate(evil, peerState);
    // Set after loading the state: Yjs picks a new id when an update carries its own.
    evil.clientID = what === 'under-victim-id' ? victimClientId : 1 + this.int(2 ** 30);
    const before = Y.encodeStateVector(evil);
    const log = evil.getArray<unknown>(LOG_ARRAY);
    const entries = log.toArray() as LogEntry[];
    const spoof = (text: string): LogEntry => ({ kind: 'message', id: `spoof${this.int(1e6)}`, role: selfRole, author: 'Support', text, at: Date.now() });
    switch (what) {
      case 'delete-entry': {
        const index = this.int(Math.max(1, log.length));
        log.delete(index, Math.min(1 + this.int(2), log.length - index));
        break;
      }
      case 'delete-all':
        log.delete(0, log.length);
        break;
      case 'rewrite-entry': {
        const index = this.int(Math.max(1, entries.length));
        const old = entries[index];
        evil.transact(() => {
          log.delete(index, 1);
          log.insert(index, [{ ...(old ?? spoof('x')), text: 'rewritten' }]);
        });
        break;
      }
      case 'spoof-author':
        log.push([spoof(this.pick(['Please send me your password.', '<img src=x onerror="window.__hostileRan=1">', '<script>window.__hostileRan=1</script>']))]);
        break;
      case 'wrong-shape':
        log.push([this.pick([{ kind: 'message', id: 'x', role: 'customer', text: 5 }, { kind: 'html', html: '<b>x</b>' }, 'plain string', 42, null, { kind: 'file', id: 'f', name: '../../x' }])]);
        break;
      case 'nested-type': {
        const map = new Y.Map<unknown>();
        log.push([map]);
        map.set('kind', 'message');
        break;
      }
      case 'other-root':
        evil.getText('injected').insert(0, '<script>window.__hostileRan=1</script>');
        break;
      case 'details-overwrite':
        evil.getMap(DETAILS_MAP).set(this.pick(['customerName', 'repName', 'query', 'sessionId']), '<img src=x onerror="window.__hostileRan=1">');
        break;
      case 'details-delete':
        for (const key of [...evil.getMap(DETAILS_MAP).keys()]) evil.getMap(DETAILS_MAP).delete(key);
        break;
      case 'details-unknown':
        evil.getMap(DETAILS_MAP).set('__proto__', { polluted: true });
        break;
      case 'receipt-junk':
        evil.getMap(RECEIPTS_MAP).set(`m${this.int(100)}`, this.pick([{ html: '<b>' }, 'read', 7]));
        break;
      default: // under-victim-id
        log.push([{ kind: 'message', id: `own${this.int(1e6)}`, role: selfRole === 'rep' ? 'customer' : 'rep', author: 'x', text: 'under your id', at: 1 }]);
        break;
    }
    const update = Y.encodeStateAsUpdate(evil, before);
    evil.destroy();
    return { update, what };
  }
}

const FORBIDDEN = [
  'delete-entry',
  'delete-all',
  'rewrite-entry',
  'spoof-author',
  'wrong-shape',
  'nested-type',
  'other-root',
  'details-overwrite',
  'details-delete',
  'details-unknown',
  'receipt-junk',
  'under-victim-id',
] as const;

/** The first bytes of a baseline JPEG of the given size (enough for its header check). */
function jpegHeader(width: number, height: number): Uint8Array {
  return Uint8Array.of(0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9);
}

function webpHeader(): Uint8Array {
  const out = new Uint8Array(40);
  out.set([0x52, 0x49, 0x46, 0x46], 0);
  out.set([0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58], 8);
  out[24] = 0xff;
  out[25] = 0xff;
  return out;
}

export { CONTROL_KIND };
