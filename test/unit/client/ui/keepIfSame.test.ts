import { describe, expect, it } from 'vitest';
import { keepIfSame } from '../../../../client/ui/keepIfSame.js';

describe('keepIfSame', () => {
  it('keeps the current object when the fresh one has the same fields', () => {
    const current = { customerName: 'Ana', startedAt: 1 };
    expect(keepIfSame(current, { customerName: 'Ana', startedAt: 1 })).toBe(current);
  });

  it('takes the fresh object when a field changed, was added or was removed', () => {
    const current = { customerName: 'Ana', startedAt: 1 } as { customerName: string; startedAt: number; os?: string };
    const changed = { customerName: 'Bo', startedAt: 1 };
    const added = { customerName: 'Ana', startedAt: 1, os: 'Linux' };
    const removed = { customerName: 'Ana' } as typeof current;
    expect(keepIfSame(current, changed)).toBe(changed);
    expect(keepIfSame(current, added)).toBe(added);
    expect(keepIfSame(current, removed)).toBe(removed);
  });

  it('follows null either way', () => {
    const details = { customerName: 'Ana' };
    expect(keepIfSame(null, details)).toBe(details);
    expect(keepIfSame(details, null)).toBeNull();
  });
});
