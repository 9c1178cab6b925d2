/**
 * Stands in for lib0's `logging` module in the browser build (the alias is in vite.config.ts).
 * Yjs, the only module of ours that imports it, prints a handful of warnings with it; lib0's own
 * module also pulls in lib0's DOM and schema helpers to style a console, about 3 KB gzipped on
 * each page. Same names Yjs uses, plain console output: the style markers are dropped.
 */
export const BOLD = Symbol('bold');
export const UNBOLD = Symbol('unbold');
export const RED = Symbol('red');
export const ORANGE = Symbol('orange');

const text = (args: readonly unknown[]) => args.filter((arg) => typeof arg !== 'symbol');

export const print = (...args: unknown[]): void => console.log(...text(args));

export const warn = (...args: unknown[]): void => console.warn(...text(args));
