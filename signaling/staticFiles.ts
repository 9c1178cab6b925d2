/**
 * Serves the built client: `/rep` and `/join` pages, hashed assets, with a strict
 * Content-Security-Policy. Only files inside the client folder are ever read.
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

const PAGES: Record<string, string> = { '/rep': 'rep.html', '/join': 'join.html' };

/**
 * Only what the app needs: its own scripts and styles, its own socket, images from blobs
 * (previews, thumbnails) and data URLs; no inline script, no framing, no plugins.
 * `'wasm-unsafe-eval'` lets the app compile its own WebAssembly (the SHA-256 that checks every
 * attachment, client/files/sha256Stream.ts); it does not allow eval() or inline script.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), display-capture=(self)',
};

export function serveStatic(clientDir: string, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/') {
    res.writeHead(302, { Location: '/join', ...SECURITY_HEADERS }).end();
    return;
  }
  const root = resolve(clientDir);
  const page = PAGES[url.pathname.replace(/\/$/, '')];
  let relative: string;
  try {
    relative = page ?? decodeURIComponent(url.pathname);
  } catch {
    return notFound(res);
  }
  const file = resolve(join(root, normalize(relative)));
  if (!file.startsWith(root + sep)) return notFound(res);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return notFound(res);
    size = stat.size;
  } catch {
    return notFound(res);
  }
  // Only files Vite fingerprinted (under assets/) may be cached for good.
  const hashed = file.startsWith(join(root, 'assets') + sep);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found\n');
}
