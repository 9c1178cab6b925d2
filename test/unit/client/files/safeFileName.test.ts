import { describe, expect, it } from 'vitest';
import { safeFileName } from '../../../../client/files/safeFileName.js';
import { FileNameSchema } from '../../../../protocol/fileTransfer.js';
import * as v from 'valibot';

describe('safeFileName', () => {
  it('makes any name one the protocol accepts, keeping the extension', () => {
    for (const name of ['a/b.txt', 'bell\u0007.log', '   ', 'x'.repeat(400) + '.pdf', 'plain.png']) {
      const safe = safeFileName(name);
      expect(v.safeParse(FileNameSchema, safe).success).toBe(true);
      if (name.endsWith('.pdf')) expect(safe.endsWith('.pdf')).toBe(true);
    }
    expect(safeFileName('plain.png')).toBe('plain.png');
  });
});
