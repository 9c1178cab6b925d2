import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstanceId } from '../../../../protocol/ids.js';
import { PROTOCOL_VERSION } from '../../../../protocol/version.js';
import { ICE_RENEW_ANSWER_TIMEOUT_MS, ICE_RENEW_MIN_DELAY_MS } from '../../../../client/core/iceRenewal.js';
import { SignalingClient, type WebSocketLike } from '../../../../client/core/SignalingClient.js';
import { IceServerSource } from '../../../../client/session/IceServerSource.js';

/** The page side of a socket: records what the client sent, lets the test play the server. */
class ScriptedSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  readonly sent: { type: string }[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serve(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  refreshRequests(): number {
    return this.sent.filter((m) => m.type === 'refresh-ice').length;
  }
}

const NOW = 1_700_000_000_000;
const TTL_MS = 600_000;
const turn = (username: string) => ({ urls: ['turn:turn.example.org:3478'], username, credential: 'c2VjcmV0' });

let socket: ScriptedSocket;
let signaling: SignalingClient;
let source: IceServerSource;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  // The lowest jitter: renewal exactly at 80 % (the spread is iceRenewal.test.ts's business).
  vi.spyOn(Math, 'random').mockReturnValue(0);
  socket = new ScriptedSocket();
  signaling = new SignalingClient({ url: 'ws://test/ws', role: 'rep', token: 't', instanceId: 'page-1' as InstanceId, createSocket: () => socket });
  source = new IceServerSource(signaling);
  signaling.connect();
  socket.open();
});

afterEach(() => {
  source.dispose();
  signaling.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function welcome(extra: object): void {
  socket.serve({ type: 'welcome', version: PROTOCOL_VERSION, role: 'rep', iceServers: [turn('1700000600:a')], ...extra });
}

describe('IceServerSource', () => {
  it('takes the servers and policy from welcome and asks for fresh ones at 80 % of their life', () => {
    const changes: RTCIceServer[][] = [];
    source.on('change', (servers) => changes.push(servers));
    welcome({ iceExpiresAt: NOW + TTL_MS, iceTransportPolicy: 'relay' });
    expect(source.transportPolicy).toBe('relay');
    expect(source.servers).toEqual([turn('1700000600:a')]);
    expect(changes).toHaveLength(1);
    vi.advanceTimersByTime(0.8 * TTL_MS - 1);
    expect(socket.refreshRequests()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(socket.refreshRequests()).toBe(1);

    socket.serve({ type: 'ice-servers', iceServers: [turn('1700001200:b')], iceExpiresAt: Date.now() + TTL_MS });
    expect(source.servers).toEqual([turn('1700001200:b')]);
    expect(changes.at(-1)).toEqual([turn('1700001200:b')]);
    // The answer starts a new lifetime (and cancels the unanswered-request timer).
    vi.advanceTimersByTime(0.8 * TTL_MS - 1);
    expect(socket.refreshRequests()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(socket.refreshRequests()).toBe(2);
  });

  it('asks again with back-off when a request goes unanswered', () => {
    welcome({ iceExpiresAt: NOW + TTL_MS });
    vi.advanceTimersByTime(0.8 * TTL_MS);
    expect(socket.refreshRequests()).toBe(1);
    vi.advanceTimersByTime(ICE_RENEW_ANSWER_TIMEOUT_MS + ICE_RENEW_MIN_DELAY_MS * 2);
    expect(socket.refreshRequests()).toBe(2);
    expect(source.servers).toEqual([turn('1700000600:a')]);
  });

  it('never asks when the servers do not expire', () => {
    welcome({});
    expect(source.transportPolicy).toBe('all');
    vi.advanceTimersByTime(7 * 24 * 3600 * 1000);
    expect(socket.refreshRequests()).toBe(0);
  });

  it('stops asking once disposed', () => {
    welcome({ iceExpiresAt: NOW + TTL_MS });
    source.dispose();
    vi.advanceTimersByTime(TTL_MS);
    expect(socket.refreshRequests()).toBe(0);
  });
});

describe('IceServerSource after a reconnect', () => {
  it('leaves live links alone when a welcome carries no credentials but the page had some', () => {
    const changes: RTCIceServer[][] = [];
    source.on('change', (servers) => changes.push(servers));
    socket.serve({ type: 'ice-servers', iceServers: [turn('1700000600:a')], iceExpiresAt: NOW + TTL_MS });
    expect(changes).toHaveLength(1);
    // A customer's socket comes back: the welcome has the static servers only.
    socket.serve({ type: 'welcome', version: PROTOCOL_VERSION, role: 'customer', iceServers: [] });
    expect(changes).toHaveLength(1);
    expect(source.servers).toEqual([]);
    // Its rejoin brings fresh credentials, which do reach the live links.
    socket.serve({ type: 'ice-servers', iceServers: [turn('1700000700:b')], iceExpiresAt: NOW + TTL_MS });
    expect(changes.at(-1)).toEqual([turn('1700000700:b')]);
  });
});
