import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_RULES } from '../../../protocol/fileRules.js';
import { loadConfig } from '../../../signaling/config.js';

describe('loadConfig: attachment rules', () => {
  it('defaults to the documented extensions and 2 GiB', () => {
    const loaded = loadConfig({});
    expect(loaded.ok && loaded.value.files).toEqual(DEFAULT_FILE_RULES);
    expect(DEFAULT_FILE_RULES.maxBytes).toBe(2 * 1024 ** 3);
  });

  it('reads FILE_ALLOWED_EXTENSIONS case-insensitively, with or without dots', () => {
    const loaded = loadConfig({ FILE_ALLOWED_EXTENSIONS: 'PNG, .pdf,log,png', FILE_MAX_BYTES: '1048576' });
    expect(loaded.ok && loaded.value.files).toEqual({ allowedExtensions: ['png', 'pdf', 'log'], maxBytes: 1_048_576 });
  });

  it('refuses bad values with a message naming the setting', () => {
    const loaded = loadConfig({ FILE_ALLOWED_EXTENSIONS: 'png,tar.gz', FILE_MAX_BYTES: '-1' });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.some((e) => e.startsWith('FILE_ALLOWED_EXTENSIONS'))).toBe(true);
    expect(loaded.error.some((e) => e.startsWith('FILE_MAX_BYTES'))).toBe(true);
  });
});
