import { describe, expect, it } from 'vitest';
import { encodePeerMessage, parsePeerMessage, type PeerMessage } from '../../../protocol/peerMessage.js';
import { MAX_CAPTURE_EDGE_PX, MAX_SCREEN_EDGE_PX, MIN_SCREEN_EDGE_PX, THUMBNAIL_EDGE_PX, VIEWER_EDGE_PX } from '../../../protocol/screenShare.js';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const STARTED = { type: 'screen-started', shareId: 'k2J9-x_1', width: 1920, height: 1080, mime: 'image/jpeg', maxEdge: THUMBNAIL_EDGE_PX } as const;

describe('screen-share control messages', () => {
  it('round-trip through the peer message parser', () => {
    const messages: PeerMessage[] = [
      { type: 'screen-request' },
      { type: 'screen-answer', accepted: false },
      STARTED,
      { ...STARTED, mime: 'image/webp', maxEdge: VIEWER_EDGE_PX },
      { type: 'screen-size', maxEdge: VIEWER_EDGE_PX },
      { type: 'screen-stopped', by: 'rep' },
      { type: 'screen-stopped', by: 'customer' },
    ];
    for (const message of messages) expect(parsePeerMessage(encodePeerMessage(message))).toEqual({ ok: true, value: message });
  });

  it('refuses image types other than JPEG and WebP', () => {
    for (const mime of ['image/png', 'image/svg+xml', 'text/html', '']) {
      expect(parsePeerMessage(json({ ...STARTED, mime })).ok).toBe(false);
    }
  });

  it('refuses frame sizes outside the bounds, and fractions', () => {
    for (const maxEdge of [MIN_SCREEN_EDGE_PX - 1, MAX_SCREEN_EDGE_PX + 1, 320.5, -320]) {
      expect(parsePeerMessage(json({ type: 'screen-size', maxEdge })).ok).toBe(false);
      expect(parsePeerMessage(json({ ...STARTED, maxEdge })).ok).toBe(false);
    }
    expect(parsePeerMessage(json({ ...STARTED, width: 0 })).ok).toBe(false);
    expect(parsePeerMessage(json({ ...STARTED, height: MAX_CAPTURE_EDGE_PX + 1 })).ok).toBe(false);
  });

  it('refuses a share id with other characters and a stop by anyone but the two sides', () => {
    expect(parsePeerMessage(json({ ...STARTED, shareId: '<img>' })).ok).toBe(false);
    expect(parsePeerMessage(json({ ...STARTED, shareId: 'x'.repeat(33) })).ok).toBe(false);
    expect(parsePeerMessage(json({ type: 'screen-stopped', by: 'server' })).ok).toBe(false);
    expect(parsePeerMessage(json({ type: 'screen-answer', accepted: 'yes' })).ok).toBe(false);
  });
});
