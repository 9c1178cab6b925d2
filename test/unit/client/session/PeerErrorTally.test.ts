import { describe, expect, it } from 'vitest';
import { PeerErrorTally } from '../../../../client/session/PeerErrorTally.js';

describe('PeerErrorTally', () => {
  it('coalesces refusals into one summary with a count and the latest code', () => {
    const tally = new PeerErrorTally();
    const seen: unknown[] = [];
    tally.on('change', (summary) => seen.push(summary));
    expect(tally.summary).toBeNull();
    for (let i = 0; i < 1_000; i++) tally.add({ code: 'INVALID_MESSAGE', detail: 'bad frame header' });
    tally.add({ code: 'FILE_PROTOCOL' });
    expect(tally.summary).toEqual({ code: 'FILE_PROTOCOL', count: 1_001 });
    expect(seen).toHaveLength(1_001);
  });

  it('starts counting afresh after it was dismissed', () => {
    const tally = new PeerErrorTally();
    tally.add({ code: 'PEER_PROTOCOL' });
    tally.dismiss();
    expect(tally.summary).toBeNull();
    tally.add({ code: 'PEER_PROTOCOL' });
    expect(tally.summary).toEqual({ code: 'PEER_PROTOCOL', count: 1 });
  });
});
