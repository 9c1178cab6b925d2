/** A manager's current value as Preact state, following one of its events. */
import { useEffect, useState } from 'preact/hooks';

/**
 * `subscribe` registers a handler and returns its unsubscribe (a manager's `on(event, ...)`);
 * `read` gives the current value. `source` is the manager: a new one starts over.
 */
export function useEmitted<T>(source: object, subscribe: (handler: (value: T) => void) => () => void, read: () => T): T {
  const [value, setValue] = useState<T>(read);
  useEffect(() => {
    setValue(read);
    return subscribe((next) => setValue(() => next));
  }, [source]);
  return value;
}
