/**
 * JSON messages between the two browsers on the `control` channel (kind MESSAGE).
 * The first one each side sends is `hello`, carrying the protocol version.
 */
import * as v from 'valibot';
import { ERROR_CODES, protocolError, type ErrorCode, type ProtocolError } from './errors.js';
import type { InstanceId } from './ids.js';
import { MAX_ID_CHARS } from './limits.js';
import { FILE_TRANSFER_SCHEMAS } from './fileTransfer.js';
import { PUSH_URL_SCHEMAS } from './pushUrl.js';
import { err, ok, type Result } from './result.js';
import { SCREEN_SHARE_SCHEMAS } from './screenShare.js';

/** Largest JSON control message between the peers. */
export const MAX_PEER_MESSAGE_BYTES = 16 * 1024;

const PeerHelloSchema = v.object({
  type: v.literal('hello'),
  version: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
  role: v.picklist(['rep', 'customer']),
  instanceId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/), v.maxLength(MAX_ID_CHARS), v.transform((s) => s as InstanceId)),
});

/** Tells the other side why one of its messages was refused. */
const PeerErrorSchema = v.object({
  type: v.literal('error'),
  code: v.picklist(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
});

/**
 * Every message type of the control channel. Each feature keeps its own schemas in its own
 * protocol file (pushUrl.ts, fileTransfer.ts, screenShare.ts) and they are gathered here.
 */
const PEER_SCHEMAS = {
  hello: PeerHelloSchema,
  error: PeerErrorSchema,
  ...PUSH_URL_SCHEMAS,
  ...FILE_TRANSFER_SCHEMAS,
  ...SCREEN_SHARE_SCHEMAS,
} as const;

/** @example { type: 'hello', version: 1, role: 'customer', instanceId: 'Zx8...' } */
export type PeerMessage = { [K in keyof typeof PEER_SCHEMAS]: v.InferOutput<(typeof PEER_SCHEMAS)[K]> }[keyof typeof PEER_SCHEMAS];
export type PeerMessageOf<T extends PeerMessage['type']> = Extract<PeerMessage, { type: T }>;

export function encodePeerMessage(message: PeerMessage): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(message));
}

export function parsePeerMessage(payload: Uint8Array): Result<PeerMessage, ProtocolError> {
  if (payload.byteLength > MAX_PEER_MESSAGE_BYTES) return err(protocolError('MESSAGE_TOO_LARGE'));
  let frame: unknown;
  try {
    frame = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return err(protocolError('INVALID_MESSAGE', 'not UTF-8 JSON'));
  }
  const type = typeof frame === 'object' && frame !== null ? (frame as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(PEER_SCHEMAS, type)) return err(protocolError('UNKNOWN_TYPE'));
  const parsed = v.safeParse(PEER_SCHEMAS[type as keyof typeof PEER_SCHEMAS], frame);
  return parsed.success ? ok(parsed.output) : err(protocolError('INVALID_MESSAGE', parsed.issues[0].message));
}
