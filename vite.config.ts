import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** Must be the very first line of a script (https://v8.dev/blog/explicit-compile-hints). */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * V8's explicit compile hint on the first line of every page script: compile every function while
 * the script loads, on a background thread, instead of on the main thread at first call. Measured
 * on the customer page, first calls (drawing the chat, the first peer connection) cost tens of
 * milliseconds on the path from Join to connected (bench/README.md, connect time). Added last,
 * after Vite's own preamble (the `__vite__mapDeps` of an entry with lazy chunks): Rollup's
 * `banner` options come before that preamble, where V8 no longer reads the hint. (The file names'
 * content hashes are taken before this; the hint is the same line on every build.)
 */
const compileHintFirst: Plugin = {
  name: 'compile-hint-first',
  enforce: 'post',
  generateBundle: {
    // After every other plugin's generateBundle, Vite's preamble included.
    order: 'post',
    handler(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk' && !file.code.startsWith(COMPILE_HINT)) file.code = `${COMPILE_HINT}\n${file.code}`;
      }
    },
  },
};

// Two entry points: the customer page downloads only what it needs, not the rep console.
export default defineConfig({
  root: 'client',
  plugins: [compileHintFirst],
  base: '/',
  publicDir: false,
  build: {
    // CLIENT_DIR is also what the server serves, so a build and its server always agree.
    outDir: resolve(import.meta.dirname, process.env.CLIENT_DIR ?? 'dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      input: {
        rep: resolve(import.meta.dirname, 'client/rep.html'),
        join: resolve(import.meta.dirname, 'client/join.html'),
      },
    },
  },
  // Yjs's console styling pulls lib0's DOM and schema helpers into both pages: a plain stand-in.
  resolve: { alias: [{ find: /^lib0\/logging$/, replacement: resolve(import.meta.dirname, 'client/vendor/lib0Logging.ts') }] },
  // The file worker (client/files/fileWorker.ts) is an ES module chunk, loaded with the first transfer.
  worker: { format: 'es' },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
