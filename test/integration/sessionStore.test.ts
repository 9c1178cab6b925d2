/**
 * The store contract, run against both stores: `MemoryStore` (one process) and `RedisStore`
 * on a real `redis-server` (several nodes). Same calls, same answers; plus, for Redis, that
 * codes are claimed once under concurrency and that every key it writes expires.
 */
import { createClient, type RedisClientType } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InstanceId, JoinToken, SessionCode, SessionId } from '../../protocol/ids.js';
import { newJoinToken, newSessionCode, newSessionId } from '../../signaling/secrets.js';
import { MemoryStore } from '../../signaling/store/MemoryStore.js';
import { RedisStore } from '../../signaling/store/RedisStore.js';
import type { Member, SeatRecord, SessionRecord, SessionStore } from '../../signaling/store/SessionStore.js';
import { startRedisServer, type RedisServer } from '../support/redisServer.js';

const CODE_TTL_MS = 60_000;
const ORPHAN_TTL_MS = 300_000;
const MAX_FAILURES = 3;
const WINDOW_MS = 120_000;
const MAX_PER_REP = 2;
const NOW = 1_700_000_000_000;

let redis: RedisServer;
let client: RedisClientType;
let prefixCounter = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  client = createClient({ url: redis.url }) as RedisClientType;
  await client.connect();
}, 30_000);

afterAll(async () => {
  await client?.close();
  await redis?.stop();
});

const stores: [string, () => SessionStore][] = [
  ['MemoryStore', () => new MemoryStore({ codeTtlMs: CODE_TTL_MS, sessionOrphanTtlMs: ORPHAN_TTL_MS, maxFailures: MAX_FAILURES, windowMs: WINDOW_MS })],
  [
    'RedisStore',
    () =>
      new RedisStore(client, {
        prefix: `contract-${++prefixCounter}:`,
        codeTtlMs: CODE_TTL_MS,
        sessionOrphanTtlMs: ORPHAN_TTL_MS,
        maxFailedJoins: MAX_FAILURES,
        failedJoinWindowMs: WINDOW_MS,
      }),
  ],
];

const member = (conn: string, node = 'n1'): Member => ({ node, conn, instanceId: `instance-${conn}` as InstanceId });
const seat = (name = 'Carol'): SeatRecord => ({
  profile: { name, query: 'It beeps', os: 'Linux', browser: 'Chromium' },
  joinedBy: 'code',
  joinedAt: NOW,
  resumeKeyDigest: 'x'.repeat(43),
});

function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: newSessionId(),
    repId: 'rep-1',
    repName: 'Alice',
    reference: 'TICKET-7',
    createdAt: NOW,
    code: newSessionCode(),
    codeExpiresAt: NOW + CODE_TTL_MS,
    joinToken: newJoinToken(),
    customer: null,
    ...overrides,
  };
}

describe.each(stores)('%s', (_name, makeStore) => {
  let store: SessionStore;
  beforeEach(() => {
    store = makeStore();
  });

  async function created(overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
    const session = record(overrides);
    expect(await store.createSession(session, member('rep-conn'), MAX_PER_REP, NOW)).toBe('created');
    return session;
  }

  it('stores a session with its rep seated, and its code leads to it', async () => {
    const session = await created();
    expect(await store.getSession(session.id)).toEqual({ session, codeLive: true });
    expect(await store.members(session.id)).toEqual({ rep: member('rep-conn'), customer: null });
    expect(await store.getSession('nope' as SessionId)).toBeNull();
  });

  it('refuses a code in use, and a rep past its session limit until one ends', async () => {
    const first = await created();
    expect(await store.createSession(record({ code: first.code }), member('r'), MAX_PER_REP, NOW)).toBe('taken');
    await created();
    expect(await store.createSession(record(), member('r'), MAX_PER_REP, NOW)).toBe('limit');
    expect(await store.createSession(record({ repId: 'rep-2' }), member('r'), MAX_PER_REP, NOW)).toBe('created');
    await store.endSession(first.id, NOW);
    expect(await store.createSession(record(), member('r'), MAX_PER_REP, NOW)).toBe('created');
  });

  it('seats one customer by code, then the code is used and the link invalid', async () => {
    const session = await created();
    const claimed = await store.claimSeat({ code: session.code }, seat(), NOW + 1);
    expect(claimed).toEqual({ ok: true, session: { ...session, customer: seat() } });
    expect(await store.claimSeat({ code: session.code }, seat('Dave'), NOW + 2)).toEqual({ ok: false, code: 'CODE_USED' });
    expect(await store.claimSeat({ joinToken: session.joinToken }, seat('Dave'), NOW + 2)).toEqual({ ok: false, code: 'LINK_INVALID' });
    expect(await store.getSession(session.id)).toEqual({ session: { ...session, customer: seat() }, codeLive: false });
  });

  it('seats one customer by link, then the code is used', async () => {
    const session = await created();
    expect((await store.claimSeat({ joinToken: session.joinToken }, seat(), NOW)).ok).toBe(true);
    expect(await store.claimSeat({ code: session.code }, seat('Dave'), NOW)).toEqual({ ok: false, code: 'CODE_USED' });
  });

  it('answers CODE_EXPIRED (twice) and LINK_INVALID once the code expired, CODE_INVALID for an unknown code', async () => {
    const session = await created();
    const later = session.codeExpiresAt;
    expect(await store.claimSeat({ joinToken: session.joinToken }, seat(), later)).toEqual({ ok: false, code: 'LINK_INVALID' });
    expect(await store.claimSeat({ code: session.code }, seat(), later)).toEqual({ ok: false, code: 'CODE_EXPIRED' });
    expect(await store.claimSeat({ code: session.code }, seat(), later)).toEqual({ ok: false, code: 'CODE_EXPIRED' });
    const unknown = (session.code === '000000000' ? '000000001' : '000000000') as SessionCode;
    expect(await store.claimSeat({ code: unknown }, seat(), NOW)).toEqual({ ok: false, code: 'CODE_INVALID' });
    expect(await store.claimSeat({ joinToken: 'no-such-token' as JoinToken }, seat(), NOW)).toEqual({ ok: false, code: 'LINK_INVALID' });
  });

  it('gives a code to exactly one of many customers asking at once', async () => {
    const session = await created();
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.claimSeat(i % 2 === 0 ? { code: session.code } : { joinToken: session.joinToken }, seat(`Customer ${i}`), NOW),
      ),
    );
    expect(claims.filter((c) => c.ok)).toHaveLength(1);
  });

  it('swaps seats and empties a seat only for the socket holding it', async () => {
    const session = await created();
    expect(await store.attach(session.id, 'customer', member('c1', 'n2'))).toEqual({
      previous: null,
      members: { rep: member('rep-conn'), customer: member('c1', 'n2') },
    });
    expect((await store.attach(session.id, 'customer', member('c2', 'n3')))?.previous).toEqual(member('c1', 'n2'));
    expect(await store.detach(session.id, 'customer', 'c1', NOW)).toBeNull();
    expect(await store.detach(session.id, 'customer', 'c2', NOW)).toEqual({ rep: member('rep-conn'), customer: null });
    expect(await store.attach('gone' as SessionId, 'rep', member('x'))).toBeNull();
  });

  it('ends a session: tells who was seated, forgets it and its code', async () => {
    const session = await created();
    await store.attach(session.id, 'customer', member('c1'));
    expect(await store.endSession(session.id, NOW)).toEqual({ rep: member('rep-conn'), customer: member('c1') });
    expect(await store.getSession(session.id)).toBeNull();
    expect(await store.endSession(session.id, NOW)).toBeNull();
    expect((await store.claimSeat({ code: session.code }, seat(), NOW)).ok).toBe(false);
  });

  it('restores a session with its code when the code is free, else with a fallback that is never registered', async () => {
    const fallback = { code: newSessionCode(), joinToken: newJoinToken() };
    const restored = record();
    expect(await store.restoreSession(restored, fallback, MAX_PER_REP, NOW)).toEqual({ session: restored, codeLive: true });
    // Asked again (another node, the same moment): the stored one comes back.
    expect(await store.restoreSession({ ...restored, reference: 'other' }, fallback, MAX_PER_REP, NOW)).toEqual({ session: restored, codeLive: true });

    const clash = record({ code: restored.code, repId: 'rep-3' });
    const second = await store.restoreSession(clash, fallback, MAX_PER_REP, NOW);
    expect(second).toEqual({ session: { ...clash, ...fallback, codeExpiresAt: 0 }, codeLive: false });
    expect((await store.claimSeat({ code: fallback.code }, seat(), NOW)).ok).toBe(false);

    const joined = record({ repId: 'rep-4', customer: seat() });
    const third = await store.restoreSession(joined, fallback, MAX_PER_REP, NOW);
    expect(third).toMatchObject({ session: { id: joined.id, customer: seat(), codeExpiresAt: 0 }, codeLive: false });
    expect(await store.restoreSession(record({ repId: 'rep-1' }), fallback, 1, NOW)).toBe('limit');
  });

  it('counts failed joins per address in a sliding window', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await store.joinRetryAfterMs('203.0.113.9', NOW + i)).toBe(0);
      await store.recordFailedJoin('203.0.113.9', NOW + i);
    }
    expect(await store.joinRetryAfterMs('203.0.113.9', NOW + 10)).toBe(WINDOW_MS - 10);
    expect(await store.joinRetryAfterMs('203.0.113.10', NOW + 10)).toBe(0);
    expect(await store.joinRetryAfterMs('203.0.113.9', NOW + WINDOW_MS)).toBe(0);
  });
});

describe('RedisStore keys', () => {
  it('gives every key it writes an expiry', async () => {
    const prefix = 'expiry-check:';
    const store = new RedisStore(client, { prefix, codeTtlMs: CODE_TTL_MS, sessionOrphanTtlMs: ORPHAN_TTL_MS, maxFailedJoins: MAX_FAILURES, failedJoinWindowMs: WINDOW_MS });
    const now = Date.now();
    const session = record({ createdAt: now, codeExpiresAt: now + CODE_TTL_MS });
    await store.createSession(session, member('rep-conn'), MAX_PER_REP, now);
    await store.claimSeat({ code: session.code }, seat(), Date.now());
    await store.attach(session.id, 'customer', member('c1'));
    await store.restoreSession(record({ repId: 'rep-9' }), { code: newSessionCode(), joinToken: newJoinToken() }, MAX_PER_REP, NOW);
    await store.recordFailedJoin('203.0.113.9', Date.now());
    await store.refresh(new Map([[session.id, 'customer']]));
    const keys = await client.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(8);
    const ttls = await Promise.all(keys.map(async (key) => [key.slice(prefix.length).replace(/:.*$/, ''), await client.pTTL(key)] as const));
    for (const [kind, ttl] of ttls) expect(ttl, `a ${kind}: key without expiry`).toBeGreaterThan(0);
  });
});
