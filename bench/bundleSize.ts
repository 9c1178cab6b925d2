/**
 * JavaScript a page loads before it can do anything: the entry script and every
 * modulepreload link in the built HTML, each gzipped at level 9, summed. Sizes are in bytes;
 * the report shows KB as 1 KB = 1000 bytes (the unit Vite prints).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface PageBundle {
  readonly html: string;
  readonly files: readonly BundleFile[];
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
}

const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+\.m?js)"[^>]*>/gi;
const MODULEPRELOAD_HREF = /<link\b(?=[^>]*\brel="modulepreload")[^>]*\bhref="([^"]+\.m?js)"[^>]*>/gi;

/** Site-absolute paths of the scripts a built HTML file references, in document order, once each. */
export function scriptPathsOf(html: string): string[] {
  const found = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(MODULEPRELOAD_HREF)]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((match) => match[1]!);
  return [...new Set(found)];
}

export function measurePageBundle(distDir: string, htmlFile: string): PageBundle {
  const html = readFileSync(join(distDir, htmlFile), 'utf8');
  const files = scriptPathsOf(html).map((path): BundleFile => {
    if (/^[a-z]+:\/\//i.test(path)) throw new Error(`${htmlFile} loads a script from another origin: ${path}`);
    const content = readFileSync(join(distDir, path.replace(/^\//, '')));
    return { path, bytes: content.byteLength, gzipBytes: gzipSync(content, { level: 9 }).byteLength };
  });
  return {
    html: htmlFile,
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}
