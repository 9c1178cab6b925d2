/**
 * Delivery to sockets held by other nodes over Redis pub/sub: one channel per node. What
 * arrives is checked like any frame (size, shape, the message against the protocol) before
 * it reaches a socket; anything else is dropped and reported.
 */
import type { RedisClientType } from 'redis';
import * as v from 'valibot';
import type { SessionId } from '../../protocol/ids.js';
import { parseServerMessage } from '../../protocol/signaling.js';
import { MAX_CONNECTION_ID_CHARS, MAX_RELAY_FRAME_BYTES } from './constants.js';
import type { Relay, RelayEnvelope } from './SessionStore.js';

/** Problems worth a log line: event names and counts, never keys, codes or content. */
export type Report = (event: string, fields?: Readonly<Record<string, string | number | boolean>>) => void;

/** What travels between nodes: the target connection, the message as text, a session it lost. */
const WireSchema = v.strictObject({
  conn: v.pipe(v.string(), v.maxLength(MAX_CONNECTION_ID_CHARS)),
  text: v.optional(v.string()),
  drop: v.optional(v.pipe(v.string(), v.maxLength(MAX_CONNECTION_ID_CHARS))),
});

export class RedisRelay implements Relay {
  private handler: (envelope: RelayEnvelope) => void = () => {};

  constructor(
    readonly nodeId: string,
    private readonly publisher: RedisClientType,
    private readonly prefix: string,
    private readonly report: Report,
  ) {}

  channelOf(node: string): string {
    return `${this.prefix}node:${node}`;
  }

  publish(node: string, envelope: RelayEnvelope): void {
    const wire = {
      conn: envelope.conn,
      ...(envelope.msg ? { text: JSON.stringify(envelope.msg) } : {}),
      ...(envelope.drop !== undefined ? { drop: envelope.drop } : {}),
    };
    // A node that is gone has no subscriber: the message is dropped, as for an absent peer.
    this.publisher.publish(this.channelOf(node), JSON.stringify(wire)).catch((error: unknown) => {
      this.report('relay-publish-failed', { error: error instanceof Error ? error.name : typeof error });
    });
  }

  onEnvelope(handler: (envelope: RelayEnvelope) => void): void {
    this.handler = handler;
  }

  /** One message from the node channel; anything malformed is dropped. */
  receive(raw: string): void {
    if (raw.length > MAX_RELAY_FRAME_BYTES) return this.report('relay-frame-refused', { reason: 'too large' });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return this.report('relay-frame-refused', { reason: 'not JSON' });
    }
    const wire = v.safeParse(WireSchema, json);
    if (!wire.success) return this.report('relay-frame-refused', { reason: 'shape' });
    const { conn, text, drop } = wire.output;
    let msg: RelayEnvelope['msg'];
    if (text !== undefined) {
      const parsed = parseServerMessage(text);
      if (!parsed.ok) return this.report('relay-frame-refused', { reason: parsed.error.code });
      msg = parsed.value;
    }
    this.handler({ conn, ...(msg ? { msg } : {}), ...(drop !== undefined ? { drop: drop as SessionId } : {}) });
  }

  async close(): Promise<void> {}
}
