/** Runs `count` tasks, `concurrency` at a time, timing each; a failed task is counted, not thrown. */

export interface PoolResult<T> {
  readonly results: T[];
  readonly durationsMs: number[];
  readonly failed: number;
  /** The first few distinct failure messages. */
  readonly failures: string[];
  readonly seconds: number;
}

const KEPT_FAILURES = 5;

/** `task` gets the task's index and the worker running it (0 to concurrency − 1; a worker runs one task at a time). */
export async function runPool<T>(count: number, concurrency: number, task: (index: number, worker: number) => Promise<T>): Promise<PoolResult<T>> {
  const results: T[] = [];
  const durationsMs: number[] = [];
  const failures = new Set<string>();
  let failed = 0;
  let nextIndex = 0;
  const started = performance.now();
  const worker = async (_: unknown, workerIndex: number) => {
    while (nextIndex < count) {
      const index = nextIndex++;
      const begun = performance.now();
      try {
        results.push(await task(index, workerIndex));
        durationsMs.push(performance.now() - begun);
      } catch (error) {
        failed += 1;
        if (failures.size < KEPT_FAILURES) failures.add(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { results, durationsMs, failed, failures: [...failures], seconds: (performance.now() - started) / 1000 };
}
