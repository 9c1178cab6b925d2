import { describe, expect, it, vi } from 'vitest';
import { Disposer, Emitter } from '../../../../client/core/Emitter.js';

interface TestEvents extends Record<string, unknown> {
  greeting: string;
  count: number;
}

describe('Emitter', () => {
  it('calls every handler of an event with the emitted value', () => {
    const emitter = new Emitter<TestEvents>();
    const first = vi.fn();
    const second = vi.fn();
    emitter.on('greeting', first);
    emitter.on('greeting', second);
    emitter.emit('greeting', 'hello');
    expect(first).toHaveBeenCalledExactlyOnceWith('hello');
    expect(second).toHaveBeenCalledExactlyOnceWith('hello');
  });

  it('calls handlers in the order they were added', () => {
    const emitter = new Emitter<TestEvents>();
    const calls: string[] = [];
    emitter.on('count', () => calls.push('a'));
    emitter.on('count', () => calls.push('b'));
    emitter.on('count', () => calls.push('c'));
    emitter.emit('count', 1);
    expect(calls).toEqual(['a', 'b', 'c']);
  });

  it('does not call handlers of another event', () => {
    const emitter = new Emitter<TestEvents>();
    const onCount = vi.fn();
    emitter.on('count', onCount);
    emitter.emit('greeting', 'hello');
    expect(onCount).not.toHaveBeenCalled();
  });

  it('does nothing when an event has no handlers', () => {
    const emitter = new Emitter<TestEvents>();
    expect(() => emitter.emit('count', 1)).not.toThrow();
  });

  it('stops calling a handler after the function returned by on() is called', () => {
    const emitter = new Emitter<TestEvents>();
    const handler = vi.fn();
    const off = emitter.on('count', handler);
    emitter.emit('count', 1);
    off();
    emitter.emit('count', 2);
    expect(handler).toHaveBeenCalledExactlyOnceWith(1);
  });

  it('unsubscribes only the handler it was returned for', () => {
    const emitter = new Emitter<TestEvents>();
    const kept = vi.fn();
    const removed = vi.fn();
    emitter.on('count', kept);
    const off = emitter.on('count', removed);
    off();
    emitter.emit('count', 7);
    expect(kept).toHaveBeenCalledExactlyOnceWith(7);
    expect(removed).not.toHaveBeenCalled();
  });

  it('tolerates unsubscribing twice', () => {
    const emitter = new Emitter<TestEvents>();
    const other = vi.fn();
    const off = emitter.on('count', vi.fn());
    emitter.on('count', other);
    off();
    off();
    emitter.emit('count', 3);
    expect(other).toHaveBeenCalledExactlyOnceWith(3);
  });

  it('does not run a handler added during an emit until the next emit', () => {
    const emitter = new Emitter<TestEvents>();
    const late = vi.fn();
    emitter.on('count', () => {
      emitter.on('count', late);
    });
    emitter.emit('count', 1);
    expect(late).not.toHaveBeenCalled();
    emitter.emit('count', 2);
    expect(late).toHaveBeenCalledWith(2);
  });

  it('calls no handlers after clear()', () => {
    const emitter = new Emitter<TestEvents>();
    const onCount = vi.fn();
    const onGreeting = vi.fn();
    emitter.on('count', onCount);
    emitter.on('greeting', onGreeting);
    emitter.clear();
    emitter.emit('count', 1);
    emitter.emit('greeting', 'hi');
    expect(onCount).not.toHaveBeenCalled();
    expect(onGreeting).not.toHaveBeenCalled();
  });
});

describe('Disposer', () => {
  it('runs cleanups in the reverse order they were added', () => {
    const disposer = new Disposer();
    const calls: number[] = [];
    disposer.add(() => calls.push(1));
    disposer.add(() => calls.push(2));
    disposer.add(() => calls.push(3));
    disposer.dispose();
    expect(calls).toEqual([3, 2, 1]);
  });

  it('runs each cleanup only once when disposed twice', () => {
    const disposer = new Disposer();
    const cleanup = vi.fn();
    disposer.add(cleanup);
    disposer.dispose();
    disposer.dispose();
    expect(cleanup).toHaveBeenCalledOnce();
  });

  it('runs cleanups added after a dispose on the next dispose only', () => {
    const disposer = new Disposer();
    const first = vi.fn();
    const second = vi.fn();
    disposer.add(first);
    disposer.dispose();
    disposer.add(second);
    disposer.dispose();
    expect(first).toHaveBeenCalledOnce();
    expect(second).toHaveBeenCalledOnce();
  });

  it('removes an Emitter subscription when used with the unsubscribe from on()', () => {
    const emitter = new Emitter<TestEvents>();
    const disposer = new Disposer();
    const handler = vi.fn();
    disposer.add(emitter.on('count', handler));
    disposer.dispose();
    emitter.emit('count', 1);
    expect(handler).not.toHaveBeenCalled();
  });
});
