import { describe, expect, it } from 'vitest';
import { MAX_BASELINE_FRAME_CHARS, parsePeerjsServerMessage, parseYwebrtcServerMessage } from '../../../../bench/signalingLoad/foreignMessages.js';
import { sentAtOf, timedCandidate } from '../../../../bench/signalingLoad/iceCandidate.js';

describe('timedCandidate', () => {
  it('carries its send time to the microsecond in the candidate line', () => {
    const candidate = timedCandidate(123_456.789_4, 7);
    expect(candidate.candidate).toMatch(/^candidate:123456789 1 udp \d+ 192\.168\.1\.20 50007 typ host /);
    expect(sentAtOf(candidate.candidate)).toBe(123_456.789);
  });

  it('reads no time from a candidate line that carries none', () => {
    expect(sentAtOf('candidate:abc 1 udp 1 10.0.0.1 9 typ host')).toBeNull();
  });
});

describe('parsePeerjsServerMessage', () => {
  it('takes OPEN and a relayed CANDIDATE', () => {
    expect(parsePeerjsServerMessage('{"type":"OPEN"}')).toEqual({ ok: true, value: { type: 'OPEN' } });
    const frame = { type: 'CANDIDATE', src: 'a', dst: 'b', payload: { candidate: timedCandidate(1, 0), type: 'data', connectionId: 'dc_1' } };
    expect(parsePeerjsServerMessage(JSON.stringify(frame))).toMatchObject({ ok: true, value: { type: 'CANDIDATE', src: 'a' } });
  });

  it.each([
    ['not JSON', '{"type":'],
    ['an unknown type', '{"type":"HELLO"}'],
    ['a CANDIDATE without its candidate', '{"type":"CANDIDATE","src":"a","dst":"b","payload":{"type":"data","connectionId":"x"}}'],
    ['a frame over the limit', `{"type":"OPEN","pad":"${'x'.repeat(MAX_BASELINE_FRAME_CHARS)}"}`],
  ])('refuses %s', (_label, raw) => {
    expect(parsePeerjsServerMessage(raw).ok).toBe(false);
  });
});

describe('parseYwebrtcServerMessage', () => {
  it('takes a pong and a published signal', () => {
    expect(parseYwebrtcServerMessage('{"type":"pong"}')).toEqual({ ok: true, value: { type: 'pong' } });
    const frame = { type: 'publish', topic: 't', clients: 2, data: { type: 'signal', from: 'a', to: 'b', signal: { type: 'candidate', candidate: timedCandidate(1, 0) } } };
    expect(parseYwebrtcServerMessage(JSON.stringify(frame))).toMatchObject({ ok: true, value: { type: 'publish', topic: 't' } });
  });

  it('refuses a publish without its subscriber count', () => {
    expect(parseYwebrtcServerMessage('{"type":"publish","topic":"t","data":{"type":"announce","from":"a"}}').ok).toBe(false);
  });
});
