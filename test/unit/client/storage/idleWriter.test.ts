import { describe, expect, it } from 'vitest';
import { idleWriter, type Scheduler } from '../../../../client/storage/whenIdle.js';

/** A scheduler the test runs by hand; counts what it was asked to schedule. */
function manualScheduler() {
  const tasks: (() => void)[] = [];
  let scheduled = 0;
  const schedule: Scheduler = (task) => {
    scheduled++;
    tasks.push(task);
    return () => tasks.splice(tasks.indexOf(task), 1);
  };
  return { schedule, runAll: () => tasks.splice(0).forEach((task) => task()), scheduled: () => scheduled };
}

describe('idleWriter', () => {
  it('merges values per key and writes each key once when idle', () => {
    const idle = manualScheduler();
    const written: [string, number][] = [];
    const write = idleWriter<string, number>((queued, next) => (queued ?? 0) + next, (key, value) => written.push([key, value]), idle.schedule);
    write('a', 1);
    write('b', 10);
    write('a', 2);
    expect(written).toEqual([]);
    expect(idle.scheduled()).toBe(1);
    idle.runAll();
    expect(written).toEqual([
      ['a', 3],
      ['b', 10],
    ]);
  });

  it('starts afresh after a write: later values wait for the next idle moment', () => {
    const idle = manualScheduler();
    const written: [string, number][] = [];
    const write = idleWriter<string, number>((_queued, next) => next, (key, value) => written.push([key, value]), idle.schedule);
    write('a', 1);
    idle.runAll();
    write('a', 5);
    expect(idle.scheduled()).toBe(2);
    idle.runAll();
    expect(written).toEqual([
      ['a', 1],
      ['a', 5],
    ]);
  });
});
