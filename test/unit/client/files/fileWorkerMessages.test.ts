import { describe, expect, it } from 'vitest';
import { parseFileWorkerReply, parseFileWorkerRequest } from '../../../../client/files/fileWorkerMessages.js';

describe('parseFileWorkerRequest', () => {
  it('accepts each well-formed request', () => {
    const requests = [
      { type: 'open-incoming', id: 1, transferId: 'abcdefgh', rehash: true },
      { type: 'store', id: 2, transferId: 'abcdefgh', start: 0, parts: [new Uint8Array(4)] },
      { type: 'open-outgoing', id: 3, transferId: 'abcdefgh', file: new File(['x'], 'x.bin') },
      { type: 'read-frames', id: 4, transferId: 'abcdefgh', tag: 1, start: 0, end: 10, chunkBytes: 1024, hashFrom: 5 },
      { type: 'read-frames', id: 5, transferId: 'abcdefgh', tag: 1, start: 0, end: 10, chunkBytes: 1024, hashFrom: null },
      { type: 'digest', id: 6, transferId: 'abcdefgh' },
      { type: 'close', transferId: 'abcdefgh' },
    ];
    for (const request of requests) expect(parseFileWorkerRequest(request)).toBe(request);
  });

  it('refuses malformed requests', () => {
    const bad = [
      null,
      'store',
      { type: 'store', id: 2, transferId: 'abcdefgh', start: -1, parts: [] },
      { type: 'store', id: 2, transferId: 'abcdefgh', start: 0, parts: [[1, 2]] },
      { type: 'open-outgoing', id: 3, transferId: 'abcdefgh', file: 'x' },
      { type: 'read-frames', id: 4, transferId: 'abcdefgh', tag: 1, start: 10, end: 10, chunkBytes: 1024, hashFrom: null },
      { type: 'read-frames', id: 4, transferId: 'abcdefgh', tag: 1, start: 0, end: 10, chunkBytes: 0, hashFrom: null },
      { type: 'read-frames', id: 4, transferId: 'abcdefgh', tag: 1, start: 5, end: 10, chunkBytes: 1024, hashFrom: 2 },
      { type: 'digest', transferId: 'abcdefgh' },
      { type: 'digest', id: 1, transferId: '' },
      { type: 'format-disk', id: 1, transferId: 'abcdefgh' },
    ];
    for (const request of bad) expect(parseFileWorkerRequest(request)).toBeNull();
  });
});

describe('parseFileWorkerReply', () => {
  it('accepts well-formed replies', () => {
    const replies = [
      { type: 'opened', id: 1 },
      { type: 'stored', id: 2, stored: false },
      { type: 'frames', id: 3, frames: [new ArrayBuffer(8)] },
      { type: 'digest', id: 4, sha256: 'a'.repeat(64) },
      { type: 'failed', id: 5, code: 'FILE_STORAGE_FAILED' },
    ];
    for (const reply of replies) expect(parseFileWorkerReply(reply)).toBe(reply);
  });

  it('refuses malformed replies, and failures with a code a file-error cannot carry', () => {
    const bad = [
      undefined,
      { type: 'opened' },
      { type: 'stored', id: 2, stored: 'yes' },
      { type: 'frames', id: 3, frames: [new Uint8Array(8)] },
      { type: 'digest', id: 4, sha256: 'A'.repeat(64) },
      { type: 'failed', id: 5, code: 'INTERNAL' },
    ];
    for (const reply of bad) expect(parseFileWorkerReply(reply)).toBeNull();
  });
});
