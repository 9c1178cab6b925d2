/** What a node accepts from its pub/sub channel: checked like any frame, the rest dropped. */
import { describe, expect, it } from 'vitest';
import { RedisRelay } from '../../../../signaling/store/RedisRelay.js';
import type { RelayEnvelope } from '../../../../signaling/store/SessionStore.js';

describe('RedisRelay receive', () => {
  function receiving(): { relay: RedisRelay; got: RelayEnvelope[]; refused: string[] } {
    const got: RelayEnvelope[] = [];
    const refused: string[] = [];
    const relay = new RedisRelay('node-a', null as never, 'p:', (event, fields) => refused.push(`${event} ${String(fields?.reason)}`));
    relay.onEnvelope((envelope) => got.push(envelope));
    return { relay, got, refused };
  }

  it('passes on a valid envelope with its message checked', () => {
    const { relay, got, refused } = receiving();
    const msg = { type: 'peer-absent', sessionId: 'abc', reason: 'left' };
    relay.receive(JSON.stringify({ conn: 'c1', text: JSON.stringify(msg), drop: 'abc' }));
    expect(got).toEqual([{ conn: 'c1', msg, drop: 'abc' }]);
    expect(refused).toEqual([]);
  });

  it.each([
    ['not JSON', '{"conn":', 'not JSON'],
    ['an unknown key', JSON.stringify({ conn: 'c1', __proto__x: 1 }), 'shape'],
    ['a connection id too long', JSON.stringify({ conn: 'c'.repeat(65) }), 'shape'],
    ['a message outside the protocol', JSON.stringify({ conn: 'c1', text: '{"type":"welcome"}' }), 'INVALID_MESSAGE'],
    ['too many bytes', JSON.stringify({ conn: 'c1', text: 'x'.repeat(70_000) }), 'too large'],
  ])('drops %s', (_label, raw, reason) => {
    const { relay, got, refused } = receiving();
    relay.receive(raw);
    expect(got).toEqual([]);
    expect(refused).toEqual([`relay-frame-refused ${reason}`]);
  });
});
