/**
 * Generators of hostile signaling frames for the fuzzer: random bytes, broken and deeply
 * nested JSON, huge values, prototype keys, valid frames in the wrong order or aimed at
 * another session. Deterministic from a seed, so a failure can be replayed.
 */
import { MAX_SIGNAL_FRAME_BYTES } from '../../protocol/limits.js';

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Frame = string | Uint8Array;

export interface FrameContext {
  /** Ids of real sessions on the server (another socket's), to aim frames at. */
  readonly sessionIds: readonly string[];
  readonly codes: readonly string[];
}

const TYPES = ['hello', 'create-session', 'join', 'rejoin', 'resume-session', 'signal', 'end-session', 'leave-session', 'welcome', 'error', '__proto__', 'constructor', ''];

export class FramePool {
  constructor(private readonly random: () => number) {}

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private randomString(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      const r = this.random();
      out += r < 0.8 ? String.fromCharCode(32 + this.int(95)) : r < 0.95 ? String.fromCharCode(this.int(0xd7ff)) : '\ud800';
    }
    return out;
  }

  private weirdValue(depth = 0): unknown {
    switch (this.int(depth > 2 ? 9 : 11)) {
      case 0: return null;
      case 1: return this.random() < 0.5;
      case 2: return this.pick([0, -1, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 1.5, -0, 4294967296, Number.MAX_SAFE_INTEGER]);
      case 3: return this.randomString(this.int(40));
      case 4: return 'x'.repeat(this.pick([81, 257, 2001, 33000]));
      case 5: return '482193774';
      case 6: return this.pick(['rep', 'customer', 'offer', 'answer', 'code', 'link']);
      case 7: return 'A'.repeat(43);
      case 8: return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
      case 9: return [this.weirdValue(depth + 1), this.weirdValue(depth + 1)];
      default: return { type: this.pick(TYPES), [this.pick(['code', 'sessionId', 'customer', 'token'])]: this.weirdValue(depth + 1) };
    }
  }

  private messageLike(context: FrameContext): Record<string, unknown> {
    const sessionId = context.sessionIds.length > 0 && this.random() < 0.5 ? this.pick(context.sessionIds) : this.randomString(22).replace(/[^A-Za-z0-9]/g, 'a');
    const candidates: Record<string, unknown>[] = [
      { type: 'hello', version: this.pick([1, 0, 2, 999999, -1, 1.5]), role: this.pick(['rep', 'customer', 'admin']), instanceId: 'fuzz', token: this.weirdValue() },
      { type: 'create-session', requestId: this.weirdValue(), reference: this.weirdValue() },
      { type: 'join', code: this.random() < 0.5 ? this.pick(context.codes.length ? context.codes : ['000000000']) : this.weirdValue(), customer: { name: this.weirdValue(), query: this.weirdValue(), os: 'x', browser: 'y' } },
      { type: 'rejoin', sessionId, resumeKey: this.weirdValue() },
      { type: 'resume-session', sessionId, restore: { createdAt: this.weirdValue(), customer: this.weirdValue() } },
      { type: 'signal', sessionId, linkId: 'fuzzlink', description: { type: 'offer', sdp: this.weirdValue() } },
      { type: 'signal', sessionId, linkId: 'fuzzlink', candidate: { candidate: this.weirdValue(), sdpMid: '0', sdpMLineIndex: this.weirdValue() } },
      { type: 'end-session', sessionId },
      { type: 'leave-session', sessionId },
    ];
    const message = this.pick(candidates);
    if (this.random() < 0.2) message[this.pick(['__proto__', 'constructor', 'prototype', 'toString'])] = this.weirdValue();
    if (this.random() < 0.1) delete message[this.pick(Object.keys(message))];
    return message;
  }

  /** One hostile frame. */
  next(context: FrameContext): Frame {
    switch (this.int(10)) {
      case 0: {
        const bytes = new Uint8Array(this.int(512));
        for (let i = 0; i < bytes.length; i++) bytes[i] = this.int(256);
        return bytes;
      }
      case 1:
        return this.randomString(this.int(300));
      case 2: {
        const text = JSON.stringify(this.messageLike(context));
        return text.slice(0, this.int(text.length));
      }
      case 3: {
        const depth = 1000 + this.int(20_000);
        const open = this.random() < 0.5 ? '[' : '{"a":';
        const close = open === '[' ? ']' : '}';
        const closed = this.random() < 0.5;
        const text = open.repeat(depth) + '1' + (closed ? close.repeat(depth) : '');
        return text.length < MAX_SIGNAL_FRAME_BYTES ? text : text.slice(0, MAX_SIGNAL_FRAME_BYTES - 1);
      }
      case 4:
        return `{"type":"hello","version":1${'0'.repeat(this.int(400))},"role":"rep","instanceId":"x"}`;
      case 5:
        return '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"type":"join"}';
      default:
        return JSON.stringify(this.messageLike(context));
    }
  }
}
