/**
 * Schemas of what the two baseline servers send, so the load generator validates their frames
 * as it validates ours (`parseServerMessage`): PeerJS's `peer` server (OPEN, ERROR, ID-TAKEN and
 * relayed OFFER / CANDIDATE / ...) and y-webrtc's signaling server (pong, publish).
 */
import * as v from 'valibot';
import type { FrameParser } from './LoadSocket.js';

/** Largest frame the generator accepts from a baseline server (our server's own limit is 64 KiB too). */
export const MAX_BASELINE_FRAME_CHARS = 64 * 1024;
const MAX_ID_CHARS = 128;
const MAX_CANDIDATE_CHARS = 1024;
const MAX_SDP_CHARS = 32 * 1024;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const CandidateSchema = v.object({
  candidate: text(MAX_CANDIDATE_CHARS),
  sdpMid: v.nullish(text(MAX_ID_CHARS)),
  sdpMLineIndex: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(0))),
  usernameFragment: v.nullish(text(MAX_ID_CHARS)),
});

const relayed = <T extends string, P extends v.GenericSchema>(type: T, payload: P) =>
  v.object({ type: v.literal(type), src: text(MAX_ID_CHARS), dst: text(MAX_ID_CHARS), payload });

/** PeerJS server → client (peer 1.0: `MessageType` in its sources). */
const PeerjsServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('OPEN') }),
  v.object({ type: v.literal('ERROR'), payload: v.object({ msg: text(500) }) }),
  v.object({ type: v.literal('ID-TAKEN'), payload: v.object({ msg: text(500) }) }),
  relayed(
    'OFFER',
    v.object({
      sdp: v.object({ type: v.literal('offer'), sdp: text(MAX_SDP_CHARS) }),
      type: v.picklist(['data', 'media']),
      connectionId: text(MAX_ID_CHARS),
    }),
  ),
  relayed('CANDIDATE', v.object({ candidate: CandidateSchema, type: v.picklist(['data', 'media']), connectionId: text(MAX_ID_CHARS) })),
  relayed('ANSWER', v.unknown()),
  relayed('LEAVE', v.unknown()),
  relayed('EXPIRE', v.unknown()),
]);
export type PeerjsServerMessage = v.InferOutput<typeof PeerjsServerMessageSchema>;

/** What y-webrtc peers publish to a room's topic (without a room password). */
const YwebrtcDataSchema = v.variant('type', [
  v.object({ type: v.literal('announce'), from: text(MAX_ID_CHARS) }),
  v.object({
    type: v.literal('signal'),
    from: text(MAX_ID_CHARS),
    to: text(MAX_ID_CHARS),
    signal: v.object({ type: v.literal('candidate'), candidate: CandidateSchema }),
  }),
]);

/** y-webrtc server → client (bin/server.js). */
const YwebrtcServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('pong') }),
  v.object({
    type: v.literal('publish'),
    topic: text(MAX_ID_CHARS),
    data: YwebrtcDataSchema,
    clients: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
]);
export type YwebrtcServerMessage = v.InferOutput<typeof YwebrtcServerMessageSchema>;

function parserOf<T>(schema: v.GenericSchema<unknown, T>): FrameParser<T> {
  return (raw) => {
    if (raw.length > MAX_BASELINE_FRAME_CHARS) return { ok: false, error: 'frame too large' };
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return { ok: false, error: 'not JSON' };
    }
    const parsed = v.safeParse(schema, frame);
    if (parsed.success) return { ok: true, value: parsed.output };
    const issue = parsed.issues[0];
    return { ok: false, error: `${issue.path?.map((p) => String(p.key)).join('.') ?? ''} ${issue.message}`.slice(0, 200) };
  };
}

export const parsePeerjsServerMessage = parserOf(PeerjsServerMessageSchema);
export const parseYwebrtcServerMessage = parserOf(YwebrtcServerMessageSchema);
