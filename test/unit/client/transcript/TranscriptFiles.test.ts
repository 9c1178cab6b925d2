import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Transcript } from '../../../../client/transcript/Transcript.js';

function sync(a: Transcript, b: Transcript): void {
  Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)));
  Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)));
}

const FILE = { transferId: 'k2J9x0aQzz', role: 'rep', author: 'Riley', name: 'shot.png', size: 1234, mimeType: 'image/png' } as const;

describe('Transcript: file entries', () => {
  it('appends a file entry both sides see', () => {
    const a = new Transcript();
    const b = new Transcript();
    a.appendFile(FILE, 1000);
    sync(a, b);
    expect(b.entries()).toEqual([{ kind: 'file', id: `file-${FILE.transferId}`, at: 1000, ...FILE }]);
  });

  it('records the verified hash in place, keeping the entry’s position', () => {
    const a = new Transcript();
    const b = new Transcript();
    a.appendMessage('customer', 'Ana', 'before');
    a.appendFile(FILE);
    a.appendMessage('customer', 'Ana', 'after');
    sync(a, b);
    expect(a.setFileSha256(FILE.transferId, 'f'.repeat(64))).toBe(true);
    expect(a.setFileSha256(FILE.transferId, 'f'.repeat(64))).toBe(false);
    sync(a, b);
    const kinds = b.entries().map((e) => (e.kind === 'file' ? e.sha256 : e.kind));
    expect(kinds).toEqual(['message', 'f'.repeat(64), 'message']);
  });

  it('never shows a file entry a peer wrote with a path in its name', () => {
    const a = new Transcript();
    a.doc.getArray('log').push([{ kind: 'file', id: 'x', at: 1, ...FILE, name: '../../evil.png' }]);
    expect(a.entries()).toEqual([]);
    expect(a.rejectedCount).toBe(1);
  });
});
