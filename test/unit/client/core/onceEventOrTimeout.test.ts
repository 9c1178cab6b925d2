import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../../client/core/Emitter.js';
import { onceEventOrTimeout } from '../../../../client/core/onceEventOrTimeout.js';

class Source extends Emitter<{ ready: boolean }> {}

describe('onceEventOrTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const start = (source: Source, run: () => void) =>
    onceEventOrTimeout((fire) => source.on('ready', (ok) => ok && fire()), 250, run);

  it('runs when the event fires, before the time is up, and not again at the time', () => {
    const source = new Source();
    const run = vi.fn();
    start(source, run);
    vi.advanceTimersByTime(100);
    source.emit('ready', false);
    expect(run).not.toHaveBeenCalled();
    source.emit('ready', true);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    source.emit('ready', true);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs at the time when the event never comes, and stops listening', () => {
    const source = new Source();
    const run = vi.fn();
    start(source, run);
    vi.advanceTimersByTime(249);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    source.emit('ready', true);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('never runs once cancelled', () => {
    const source = new Source();
    const run = vi.fn();
    const cancel = start(source, run);
    cancel();
    source.emit('ready', true);
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
