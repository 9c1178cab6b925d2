import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileBytesError, LocalFileBytes } from '../../../../client/files/FileBytes.js';
import { FILE_CHUNK_HEADER_BYTES, parseFileChunk } from '../../../../protocol/fileTransfer.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const TAG = 7;
const CHUNK = 1024;

/** The sender's side of LocalFileBytes (no storage involved): what the file worker runs. */
describe('LocalFileBytes (sender)', () => {
  it('cuts a read into chunk frames that parse back to the file, in order', async () => {
    const content = randomBytes(5000);
    const bytes = new LocalFileBytes();
    await bytes.openOutgoing('t1', new File([content], 'a.bin'));
    const frames = await bytes.readFrames('t1', { tag: TAG, start: 1000, end: 5000, chunkBytes: CHUNK, hashFrom: null });
    expect(frames.map((frame) => frame.byteLength - FILE_CHUNK_HEADER_BYTES)).toEqual([1024, 1024, 1024, 928]);
    const parsed = frames.map((frame) => parseFileChunk(frame));
    expect(parsed.map((chunk) => chunk.ok && chunk.value.offset)).toEqual([1000, 2024, 3048, 4072]);
    expect(parsed.every((chunk) => chunk.ok && chunk.value.tag === TAG)).toBe(true);
    const joined = Buffer.concat(parsed.map((chunk) => (chunk.ok ? chunk.value.bytes : new Uint8Array())));
    expect(joined.equals(content.subarray(1000))).toBe(true);
  });

  it('hashes in the order reads were asked for, even when a later read finishes first', async () => {
    const content = randomBytes(300_000);
    const bytes = new LocalFileBytes();
    await bytes.openOutgoing('t2', new File([content], 'b.bin'));
    const first = bytes.readFrames('t2', { tag: TAG, start: 0, end: 200_000, chunkBytes: 65_536, hashFrom: 0 });
    const second = bytes.readFrames('t2', { tag: TAG, start: 200_000, end: 300_000, chunkBytes: 65_536, hashFrom: 200_000 });
    await Promise.all([second, first]);
    // A resume sends bytes again without hashing them twice.
    await bytes.readFrames('t2', { tag: TAG, start: 100_000, end: 300_000, chunkBytes: 65_536, hashFrom: null });
    expect(await bytes.digest('t2')).toBe(sha256(content));
  });

  it('hashes only from hashFrom when a read starts inside what was hashed', async () => {
    const content = randomBytes(4096);
    const bytes = new LocalFileBytes();
    await bytes.openOutgoing('t3', new File([content], 'c.bin'));
    await bytes.readFrames('t3', { tag: TAG, start: 0, end: 2048, chunkBytes: CHUNK, hashFrom: 0 });
    await bytes.readFrames('t3', { tag: TAG, start: 1024, end: 4096, chunkBytes: CHUNK, hashFrom: 2048 });
    expect(await bytes.digest('t3')).toBe(sha256(content));
  });

  it('fails with FILE_SOURCE_GONE when the file is shorter than the read', async () => {
    const bytes = new LocalFileBytes();
    await bytes.openOutgoing('t4', new File([randomBytes(100)], 'd.bin'));
    const read = bytes.readFrames('t4', { tag: TAG, start: 0, end: 200, chunkBytes: CHUNK, hashFrom: 0 });
    await expect(read).rejects.toEqual(new FileBytesError('FILE_SOURCE_GONE'));
  });

  it('refuses work for a transfer it does not hold (closed, or never opened)', async () => {
    const bytes = new LocalFileBytes();
    await bytes.openOutgoing('t5', new File([randomBytes(10)], 'e.bin'));
    bytes.close('t5');
    await expect(bytes.digest('t5')).rejects.toBeInstanceOf(FileBytesError);
    await expect(bytes.readFrames('never', { tag: TAG, start: 0, end: 10, chunkBytes: CHUNK, hashFrom: 0 })).rejects.toBeInstanceOf(FileBytesError);
  });
});
