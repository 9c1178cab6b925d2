/**
 * Messages of the signaling WebSocket, named by direction, with their valibot schemas.
 * Every inbound frame goes through `parseClientMessage` / `parseServerMessage` before use.
 */
import * as v from 'valibot';
import { ERROR_CODES, protocolError, type ErrorCode, type ProtocolError } from './errors.js';
import type { InstanceId, JoinToken, ResumeKey, SessionCode, SessionId } from './ids.js';
import {
  MAX_CANDIDATE_CHARS,
  MAX_ICE_SERVERS,
  MAX_ICE_URL_CHARS,
  MAX_ID_CHARS,
  MAX_NAME_CHARS,
  MAX_PLATFORM_CHARS,
  MAX_QUERY_CHARS,
  MAX_REFERENCE_CHARS,
  MAX_SDP_CHARS,
  MAX_SIGNAL_FRAME_BYTES,
  MAX_TOKEN_CHARS,
} from './limits.js';
import { DEFAULT_FILE_RULES, FileRulesSchema } from './fileRules.js';
import { err, ok, type Result } from './result.js';
import { isSessionCode } from './sessionCode.js';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const nonEmptyText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const idText = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/), v.maxLength(MAX_ID_CHARS));
const sessionId = v.pipe(idText, v.transform((s) => s as SessionId));
const instanceId = v.pipe(idText, v.transform((s) => s as InstanceId));
const secret = <T extends string>() =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,256}$/), v.transform((s) => s as T));
const sessionCode = v.pipe(
  v.string(),
  v.check(isSessionCode, 'not a session code'),
  v.transform((s) => s as SessionCode),
);
const requestId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** Milliseconds since the epoch, no later than the last date a JavaScript Date can hold. */
const timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));
const version = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));

/** What the customer tells the rep on joining. */
export const CustomerProfileSchema = v.object({
  name: nonEmptyText(MAX_NAME_CHARS),
  query: v.pipe(v.string(), v.trim(), v.maxLength(MAX_QUERY_CHARS)),
  os: text(MAX_PLATFORM_CHARS),
  browser: text(MAX_PLATFORM_CHARS),
});
export type CustomerProfile = v.InferOutput<typeof CustomerProfileSchema>;

export const JoinMethodSchema = v.picklist(['code', 'link']);
export type JoinMethod = v.InferOutput<typeof JoinMethodSchema>;

const DescriptionSchema = v.object({ type: v.picklist(['offer', 'answer', 'pranswer', 'rollback']), sdp: text(MAX_SDP_CHARS) });
const CandidateSchema = v.object({
  candidate: text(MAX_CANDIDATE_CHARS),
  sdpMid: v.nullish(text(MAX_ID_CHARS)),
  sdpMLineIndex: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1024))),
  usernameFragment: v.nullish(text(MAX_ID_CHARS * 4)),
});

/** An RTCSessionDescriptionInit or RTCIceCandidateInit, bounded. */
export const SignalPayloadSchema = v.union([v.object({ description: DescriptionSchema }), v.object({ candidate: CandidateSchema })]);
export type SignalPayload = v.InferOutput<typeof SignalPayloadSchema>;

export const IceServerSchema = v.object({
  urls: v.union([text(MAX_ICE_URL_CHARS), v.pipe(v.array(text(MAX_ICE_URL_CHARS)), v.maxLength(MAX_ICE_SERVERS))]),
  username: v.optional(text(MAX_TOKEN_CHARS)),
  credential: v.optional(text(MAX_TOKEN_CHARS)),
});
export type IceServer = v.InferOutput<typeof IceServerSchema>;

const iceServerList = v.pipe(v.array(IceServerSchema), v.maxLength(MAX_ICE_SERVERS));

/**
 * Which ICE candidates a browser may use: `relay` makes both sides go through the TURN relay
 * only, so neither learns the other's IP address (ICE_TRANSPORT_POLICY on the server).
 */
export const IceTransportPolicySchema = v.picklist(['all', 'relay']);
export type IceTransportPolicy = v.InferOutput<typeof IceTransportPolicySchema>;

// ---------------------------------------------------------------- client to server

/**
 * The first message on every socket.
 * @example { type: 'hello', version: 1, role: 'rep', token: 's3cret', instanceId: 'k2J9...' }
 */
const HelloSchema = v.object({
  type: v.literal('hello'),
  version,
  role: v.picklist(['rep', 'customer']),
  token: v.optional(text(MAX_TOKEN_CHARS)),
  instanceId,
});

/** Rep asks for a new session. @example { type: 'create-session', requestId: 1, reference: 'TICKET-42' } */
const CreateSessionSchema = v.object({
  type: v.literal('create-session'),
  requestId,
  reference: v.optional(text(MAX_REFERENCE_CHARS)),
});

/**
 * The customer's offer for the first peer link, made while the join form was filled in, with the
 * ICE candidates gathered so far inside the SDP. The server hands it to the rep as that link's
 * first `signal` (before `peer-present`), so the rep answers at once instead of offering: one
 * round trip through the server fewer, and the customer's candidates already gathered.
 */
export const JoinOfferSchema = v.object({ linkId: instanceId, sdp: text(MAX_SDP_CHARS) });
export type JoinOffer = v.InferOutput<typeof JoinOfferSchema>;

/**
 * Customer joins with a code or a link token, with or without an offer (a server that predates
 * `offer` drops it, and the rep then offers as before).
 * @example { type: 'join', code: '482193774', customer: {...}, offer: { linkId: 'k2J9...', sdp: 'v=0...' } }
 */
const JoinSchema = v.pipe(
  v.object({
    type: v.literal('join'),
    code: v.optional(sessionCode),
    joinToken: v.optional(secret<JoinToken>()),
    customer: CustomerProfileSchema,
    offer: v.optional(JoinOfferSchema),
  }),
  v.check((join) => (join.code === undefined) !== (join.joinToken === undefined), 'give either a code or a join token'),
);

/** Customer comes back to a session it joined before (reload, closed tab). */
const RejoinSchema = v.object({ type: v.literal('rejoin'), sessionId, resumeKey: secret<ResumeKey>() });

/** SHA-256 of a customer's resume key, base64url: what a rep keeps to vouch for its customer. */
const verifier = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/));

/**
 * What a rep's console keeps so that a restarted server (which keeps nothing on disk) can take
 * the session back: the unused code and link if nobody joined yet, or who joined and the
 * verifier of the customer's resume key, so only that customer can rejoin.
 */
export const SessionRestoreSchema = v.object({
  createdAt: timestamp,
  reference: v.optional(text(MAX_REFERENCE_CHARS)),
  code: v.optional(sessionCode),
  joinToken: v.optional(secret<JoinToken>()),
  codeExpiresAt: v.optional(timestamp),
  customer: v.optional(
    v.object({ profile: CustomerProfileSchema, joinedBy: JoinMethodSchema, joinedAt: timestamp, verifier }),
  ),
});
export type SessionRestore = v.InferOutput<typeof SessionRestoreSchema>;

/**
 * Rep re-attaches to one of its open sessions (reload, reconnect). With `restore`, a server
 * that does not know the session (it restarted) recreates it from what the rep kept.
 * @example { type: 'resume-session', sessionId: 'Qm9...', restore: { createdAt: 1700000000000 } }
 */
const ResumeSessionSchema = v.object({
  type: v.literal('resume-session'),
  sessionId,
  restore: v.optional(SessionRestoreSchema),
});

/**
 * WebRTC negotiation, relayed only to the other socket of the same session. `linkId` names
 * one RTCPeerConnection: the rep starts a new link with a new id, and the customer drops a
 * link whose id is no longer current, so signals from an old connection never reach a new one.
 */
const signalHead = { type: v.literal('signal'), sessionId, linkId: instanceId };
const SignalWithCandidateSchema = v.object({ ...signalHead, candidate: CandidateSchema });
/**
 * `signal` in both directions: a flat union of its two shapes (the description first, so a frame
 * carrying both keeps the description). An intersection of the routing fields with the payload
 * union checked the same in 14 to 20 µs a frame; this takes 1 to 3.
 */
const SignalSchema = v.union([v.object({ ...signalHead, description: DescriptionSchema }), SignalWithCandidateSchema]);

/** Rep ends a session; customer leaves it. */
const EndSessionSchema = v.object({ type: v.literal('end-session'), sessionId });
const LeaveSessionSchema = v.object({ type: v.literal('leave-session'), sessionId });

/**
 * Asks for fresh ICE servers before the short-lived TURN credentials expire; the answer is
 * `ice-servers`. Rate-limited like every frame. @example { type: 'refresh-ice' }
 */
const RefreshIceSchema = v.object({ type: v.literal('refresh-ice') });

const CLIENT_SCHEMAS = {
  hello: HelloSchema,
  'create-session': CreateSessionSchema,
  join: JoinSchema,
  rejoin: RejoinSchema,
  'resume-session': ResumeSessionSchema,
  signal: SignalSchema,
  'end-session': EndSessionSchema,
  'leave-session': LeaveSessionSchema,
  'refresh-ice': RefreshIceSchema,
} as const;

export type ClientToServer = {
  [K in keyof typeof CLIENT_SCHEMAS]: v.InferOutput<(typeof CLIENT_SCHEMAS)[K]>;
}[keyof typeof CLIENT_SCHEMAS];

// ---------------------------------------------------------------- server to client

export const SessionEndReasonSchema = v.picklist(['rep', 'customer', 'expired', 'shutdown']);
export type SessionEndReason = v.InferOutput<typeof SessionEndReasonSchema>;

const WelcomeSchema = v.object({
  type: v.literal('welcome'),
  version,
  role: v.picklist(['rep', 'customer']),
  repName: v.optional(text(MAX_NAME_CHARS)),
  iceServers: iceServerList,
  /** When this participant's TURN credentials in `iceServers` stop working; absent without TURN. */
  iceExpiresAt: v.optional(timestamp),
  /** Both browsers create their peer connections with this policy; `all` when a server omits it. */
  iceTransportPolicy: v.optional(IceTransportPolicySchema, 'all'),
  /** Attachment rules both browsers apply (protocol/fileRules.ts); defaults when a server omits them. */
  files: v.optional(FileRulesSchema, DEFAULT_FILE_RULES),
  /**
   * To a customer: whether joining adds ICE servers (TURN credentials, with `ice-servers`) to
   * those above. Only when it does not may the customer offer with its join (JoinOffer): an
   * offer made before would lack the relay candidates. Absent from older servers: do not offer.
   */
  iceOnJoin: v.optional(v.boolean()),
});

/**
 * The answer to `refresh-ice`: this participant's ICE servers with new TURN credentials.
 * @example { type: 'ice-servers', iceServers: [{ urls: 'turn:turn.example.org:3478', username: '1700003600:Xk2...', credential: 'q9...' }], iceExpiresAt: 1700003600000 }
 */
const IceServersSchema = v.object({
  type: v.literal('ice-servers'),
  iceServers: iceServerList,
  iceExpiresAt: v.optional(timestamp),
});

const SessionCreatedSchema = v.object({
  type: v.literal('session-created'),
  requestId,
  sessionId,
  code: sessionCode,
  joinToken: secret<JoinToken>(),
  createdAt: timestamp,
  codeExpiresAt: timestamp,
  reference: v.optional(text(MAX_REFERENCE_CHARS)),
});

/** Who joined and how: sent to the rep when the customer joins and when the rep resumes. */
const CustomerJoinedSchema = v.object({
  type: v.literal('customer-joined'),
  sessionId,
  customer: CustomerProfileSchema,
  joinedBy: JoinMethodSchema,
  joinedAt: timestamp,
  /** Kept by the rep's console, to restore the session on a restarted server. */
  customerVerifier: verifier,
});

const SessionResumedSchema = v.object({
  type: v.literal('session-resumed'),
  sessionId,
  code: v.optional(sessionCode),
  joinToken: v.optional(secret<JoinToken>()),
  codeExpiresAt: v.optional(timestamp),
  createdAt: timestamp,
  reference: v.optional(text(MAX_REFERENCE_CHARS)),
});

/** Customer's answer to join or rejoin. */
const JoinedSchema = v.object({
  type: v.literal('joined'),
  sessionId,
  resumeKey: secret<ResumeKey>(),
  repName: text(MAX_NAME_CHARS),
  customer: CustomerProfileSchema,
  joinedBy: JoinMethodSchema,
  createdAt: timestamp,
  joinedAt: timestamp,
  reference: v.optional(text(MAX_REFERENCE_CHARS)),
});

/** Both participants are connected: negotiate. `polite` is this side's perfect-negotiation role. */
const PeerPresentSchema = v.object({
  type: v.literal('peer-present'),
  sessionId,
  peerInstanceId: instanceId,
  polite: v.boolean(),
});

/** The other side's socket is gone: `left` when its page closed, `disconnected` when it dropped. */
const PeerAbsentSchema = v.object({
  type: v.literal('peer-absent'),
  sessionId,
  reason: v.picklist(['left', 'disconnected']),
});

const SessionEndedSchema = v.object({ type: v.literal('session-ended'), sessionId, reason: SessionEndReasonSchema });

const ErrorSchema = v.object({
  type: v.literal('error'),
  code: v.picklist(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  message: text(500),
  requestId: v.optional(requestId),
  sessionId: v.optional(sessionId),
  retryAfterMs: v.optional(timestamp),
});

const SERVER_SCHEMAS = {
  welcome: WelcomeSchema,
  'ice-servers': IceServersSchema,
  'session-created': SessionCreatedSchema,
  'session-resumed': SessionResumedSchema,
  'customer-joined': CustomerJoinedSchema,
  joined: JoinedSchema,
  'peer-present': PeerPresentSchema,
  'peer-absent': PeerAbsentSchema,
  signal: SignalSchema,
  'session-ended': SessionEndedSchema,
  error: ErrorSchema,
} as const;

export type ServerToClient = {
  [K in keyof typeof SERVER_SCHEMAS]: v.InferOutput<(typeof SERVER_SCHEMAS)[K]>;
}[keyof typeof SERVER_SCHEMAS];

export type ServerMessageOf<T extends ServerToClient['type']> = Extract<ServerToClient, { type: T }>;
export type ClientMessageOf<T extends ClientToServer['type']> = Extract<ClientToServer, { type: T }>;

// ---------------------------------------------------------------- parsing

function byteLength(raw: string | Uint8Array | ArrayBuffer): number {
  if (typeof raw !== 'string') return raw.byteLength;
  // UTF-16 length bounds UTF-8 length from below; only count exactly near the limit.
  if (raw.length * 3 <= MAX_SIGNAL_FRAME_BYTES) return raw.length;
  return new TextEncoder().encode(raw).byteLength;
}

function parseWith<T>(schemas: Record<string, v.GenericSchema>, raw: unknown): Result<T, ProtocolError> {
  let frame: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array || raw instanceof ArrayBuffer) {
    if (byteLength(raw) > MAX_SIGNAL_FRAME_BYTES) return err(protocolError('MESSAGE_TOO_LARGE'));
    const textFrame = typeof raw === 'string' ? raw : new TextDecoder('utf-8', { fatal: false }).decode(raw);
    try {
      frame = JSON.parse(textFrame);
    } catch {
      return err(protocolError('INVALID_MESSAGE', 'not JSON'));
    }
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return err(protocolError('INVALID_MESSAGE', 'not an object'));
  }
  const type = (frame as { type?: unknown }).type;
  if (typeof type !== 'string') return err(protocolError('INVALID_MESSAGE', 'no type'));
  if (!Object.hasOwn(schemas, type)) return err(protocolError('UNKNOWN_TYPE', type.slice(0, 40)));
  // A signal without a description can only match the candidate shape: going straight to it
  // skips the union's failed first try, whose issue costs more than the whole check.
  const schema = type === 'signal' && (frame as { description?: unknown }).description === undefined ? SignalWithCandidateSchema : schemas[type]!;
  const parsed = v.safeParse(schema, frame);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    return err(protocolError('INVALID_MESSAGE', `${type}: ${path} ${issue.message}`.slice(0, 200)));
  }
  return ok(parsed.output as T);
}

/** Validates one frame a client sent: raw text or bytes from the socket, or a decoded value. */
export function parseClientMessage(raw: unknown): Result<ClientToServer, ProtocolError> {
  return parseWith<ClientToServer>(CLIENT_SCHEMAS, raw);
}

/** Validates one frame the server sent. */
export function parseServerMessage(raw: unknown): Result<ServerToClient, ProtocolError> {
  return parseWith<ServerToClient>(SERVER_SCHEMAS, raw);
}

export function errorMessage(code: ErrorCode, extra: Omit<ServerMessageOf<'error'>, 'type' | 'code' | 'message'> = {}): ServerMessageOf<'error'> {
  return { type: 'error', code, message: ERROR_CODES[code], ...extra };
}
