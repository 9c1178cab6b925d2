import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../signaling/clientAddress.js';

/** The two fields clientAddress reads, as a real request carries them. */
function request(remoteAddress: string | undefined, forwardedFor?: string | string[]): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress }, headers } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('uses the socket address and ignores X-Forwarded-For when the proxy is not trusted', () => {
    expect(clientAddress(request('192.0.2.7', '203.0.113.9'), false)).toBe('192.0.2.7');
  });

  it('takes the last X-Forwarded-For entry when the proxy is trusted', () => {
    expect(clientAddress(request('10.0.0.1', '198.51.100.1, 203.0.113.9'), true)).toBe('203.0.113.9');
  });

  it('takes the last entry of the last header when X-Forwarded-For is repeated', () => {
    expect(clientAddress(request('10.0.0.1', ['198.51.100.1', '198.51.100.2, 203.0.113.9 ']), true)).toBe('203.0.113.9');
  });

  it('falls back to the socket address when a trusted proxy sent no usable header', () => {
    expect(clientAddress(request('10.0.0.1'), true)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', ' , '), true)).toBe('10.0.0.1');
    expect(clientAddress(request('10.0.0.1', 'x'.repeat(65)), true)).toBe('10.0.0.1');
  });

  it('names an address it cannot see "unknown"', () => {
    expect(clientAddress(request(undefined), false)).toBe('unknown');
  });
});
