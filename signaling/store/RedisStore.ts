/**
 * Session state in Redis, shared by several signaling nodes. Every key expires: codes and
 * join tokens with the code, retired codes after the code lifetime, sessions after the idle
 * lifetime unless a node holding one of its seats refreshes them, seats after MEMBER_TTL_MS
 * unless their node refreshes them (so a dead node's seats vanish by themselves), failed-join
 * counters after their window. Changes of more than one key are Lua scripts: atomic, so a
 * code is claimed once across all nodes.
 *
 * Keys (after the prefix): s:{id} session, s:{id}:seat customer seat, s:{id}:rep and
 * s:{id}:cust who holds each side, c:{code} and t:{joinToken} → "{id}|{codeExpiresAt}",
 * r:{code} retired code reason, rep:{repId} set of the rep's session ids (pruned of expired
 * ones at each count), f:{address} failed join times.
 */
import type { RedisClientType } from 'redis';
import type { JoinToken, SessionCode, SessionId } from '../../protocol/ids.js';
import { MEMBER_TTL_MS, REP_SESSIONS_TTL_MS } from './constants.js';
import type {
  FoundSession,
  JoinBy,
  JoinOutcome,
  JoinRefusal,
  Member,
  MemberRole,
  Members,
  SeatRecord,
  SessionRecord,
  SessionStore,
  StoreStats,
} from './SessionStore.js';

export interface RedisStoreOptions {
  readonly prefix: string;
  readonly codeTtlMs: number;
  readonly sessionOrphanTtlMs: number;
  readonly maxFailedJoins: number;
  readonly failedJoinWindowMs: number;
}

type Reply = string | number | null | Reply[];

const CREATE = `
local p = ARGV[1]
local repSet = p .. 'rep:' .. ARGV[2]
local ids = redis.call('SMEMBERS', repSet)
local live = 0
for _, sid in ipairs(ids) do
  if redis.call('EXISTS', p .. 's:' .. sid) == 1 then live = live + 1 else redis.call('SREM', repSet, sid) end
end
if live >= tonumber(ARGV[3]) then return 'limit' end
local code, token, id = ARGV[4], ARGV[5], ARGV[6]
if redis.call('EXISTS', p .. 'c:' .. code) == 1 or redis.call('EXISTS', p .. 'r:' .. code) == 1 or redis.call('EXISTS', p .. 't:' .. token) == 1 then return 'taken' end
redis.call('SET', p .. 's:' .. id, ARGV[7], 'PX', ARGV[8])
redis.call('SET', p .. 'c:' .. code, id .. '|' .. ARGV[9], 'PX', ARGV[10])
redis.call('SET', p .. 't:' .. token, id .. '|' .. ARGV[9], 'PX', ARGV[11])
redis.call('SADD', repSet, id)
redis.call('PEXPIRE', repSet, ARGV[14])
redis.call('SET', p .. 's:' .. id .. ':rep', ARGV[12], 'PX', ARGV[13])
return 'created'`;

/** ARGV: prefix, id. Returns session, seat, the code's target. */
const GET = `
local p, id = ARGV[1], ARGV[2]
local session = redis.call('GET', p .. 's:' .. id)
if not session then return false end
local seat = redis.call('GET', p .. 's:' .. id .. ':seat')
local code = cjson.decode(session).code
return { session, seat or '', redis.call('GET', p .. 'c:' .. code) or '' }`;

const RESTORE = `
local p, id = ARGV[1], ARGV[2]
local existing = redis.call('GET', p .. 's:' .. id)
if existing then return { 'exists' } end
local repSet = p .. 'rep:' .. ARGV[3]
local ids = redis.call('SMEMBERS', repSet)
local live = 0
for _, sid in ipairs(ids) do
  if redis.call('EXISTS', p .. 's:' .. sid) == 1 then live = live + 1 else redis.call('SREM', repSet, sid) end
end
if live >= tonumber(ARGV[4]) then return { 'limit' } end
local code, token, expires, now = ARGV[5], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
local seat = ARGV[9]
local usable = seat == '' and expires > now
  and redis.call('EXISTS', p .. 'c:' .. code) == 0 and redis.call('EXISTS', p .. 'r:' .. code) == 0
  and redis.call('EXISTS', p .. 't:' .. token) == 0
local json = ARGV[11]
if usable then
  json = ARGV[10]
  redis.call('SET', p .. 'c:' .. code, id .. '|' .. ARGV[7], 'PX', ARGV[13])
  redis.call('SET', p .. 't:' .. token, id .. '|' .. ARGV[7], 'PX', tostring(expires - now))
end
redis.call('SET', p .. 's:' .. id, json, 'PX', ARGV[12])
if seat ~= '' then redis.call('SET', p .. 's:' .. id .. ':seat', seat, 'PX', ARGV[12]) end
redis.call('SADD', repSet, id)
redis.call('PEXPIRE', repSet, ARGV[14])
if usable then return { 'restored', json, 1 } end
return { 'restored', json, 0 }`;

/** ARGV: prefix, 'code'|'token', value, seat, now, codeTtlMs. */
const CLAIM = `
local p, kind, value, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5])
local ref
if kind == 'code' then
  local retired = redis.call('GET', p .. 'r:' .. value)
  if retired then return { 'no', retired } end
  ref = redis.call('GET', p .. 'c:' .. value)
  if not ref then return { 'no', 'CODE_INVALID' } end
else
  ref = redis.call('GET', p .. 't:' .. value)
  if not ref then return { 'no', 'LINK_INVALID' } end
end
local bar = string.find(ref, '|', 1, true)
local id = string.sub(ref, 1, bar - 1)
local expires = tonumber(string.sub(ref, bar + 1))
local session = redis.call('GET', p .. 's:' .. id)
if kind == 'code' then
  if not session then return { 'no', 'CODE_INVALID' } end
  if expires <= now then
    redis.call('DEL', p .. 'c:' .. value)
    redis.call('SET', p .. 'r:' .. value, 'CODE_EXPIRED', 'PX', ARGV[6])
    return { 'no', 'CODE_EXPIRED' }
  end
elseif not session or expires <= now then
  return { 'no', 'LINK_INVALID' }
end
local seatKey = p .. 's:' .. id .. ':seat'
if redis.call('EXISTS', seatKey) == 1 then return { 'no', 'SESSION_FULL' } end
redis.call('SET', seatKey, ARGV[4], 'PX', math.max(1, redis.call('PTTL', p .. 's:' .. id)))
local record = cjson.decode(session)
redis.call('DEL', p .. 'c:' .. record.code)
redis.call('SET', p .. 'r:' .. record.code, 'CODE_USED', 'PX', ARGV[6])
redis.call('DEL', p .. 't:' .. record.joinToken)
return { 'ok', session }`;

/** ARGV: prefix, id. Returns both seats, or false when there was no session. */
const END = `
local p, id = ARGV[1], ARGV[2]
local base = p .. 's:' .. id
local session = redis.call('GET', base)
if not session then return false end
local record = cjson.decode(session)
local codeRef = redis.call('GET', p .. 'c:' .. record.code)
if codeRef and string.sub(codeRef, 1, #id + 1) == id .. '|' then redis.call('DEL', p .. 'c:' .. record.code) end
redis.call('DEL', p .. 't:' .. record.joinToken)
redis.call('SREM', p .. 'rep:' .. record.repId, id)
local rep = redis.call('GET', base .. ':rep') or ''
local cust = redis.call('GET', base .. ':cust') or ''
redis.call('DEL', base, base .. ':seat', base .. ':rep', base .. ':cust')
return { rep, cust }`;

/** ARGV: prefix, id, role key suffix, member, memberTtl, sessionTtl. Returns previous, rep, customer. */
const ATTACH = `
local p, id = ARGV[1], ARGV[2]
local base = p .. 's:' .. id
if redis.call('EXISTS', base) == 0 then return false end
local key = base .. ':' .. ARGV[3]
local previous = redis.call('GET', key) or ''
redis.call('SET', key, ARGV[4], 'PX', ARGV[5])
redis.call('PEXPIRE', base, ARGV[6])
redis.call('PEXPIRE', base .. ':seat', ARGV[6])
return { previous, redis.call('GET', base .. ':rep') or '', redis.call('GET', base .. ':cust') or '' }`;

/** ARGV: prefix, id, role key suffix, conn. Empties the seat only if conn holds it. */
const DETACH = `
local base = ARGV[1] .. 's:' .. ARGV[2]
local key = base .. ':' .. ARGV[3]
local current = redis.call('GET', key)
if not current or cjson.decode(current).conn ~= ARGV[4] then return false end
redis.call('DEL', key)
return { redis.call('GET', base .. ':rep') or '', redis.call('GET', base .. ':cust') or '' }`;

/** KEYS: counter. ARGV: now, window, max. Milliseconds until the address may try again. */
const RETRY_AFTER = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then return 0 end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(oldest[2]) + tonumber(ARGV[2]) - tonumber(ARGV[1])`;

/** KEYS: counter. ARGV: now, window, max, unique member. */
const RECORD_FAILURE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 1))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const ROLE_KEY: Record<MemberRole, string> = { rep: 'rep', customer: 'cust' };

export class RedisStore implements SessionStore {
  private failureCounter = 0;
  private held = 0;

  constructor(
    private readonly client: RedisClientType,
    private readonly options: RedisStoreOptions,
  ) {}

  /** Seats are refreshed every sweep; the session outlives its last seat by the idle lifetime. */
  private get sessionTtlMs(): number {
    return this.options.sessionOrphanTtlMs + MEMBER_TTL_MS;
  }

  private run(script: string, args: readonly (string | number)[], keys: readonly string[] = []): Promise<Reply> {
    return this.client.eval(script, { keys: [...keys], arguments: args.map(String) }) as Promise<Reply>;
  }

  async createSession(session: SessionRecord, rep: Member, maxPerRep: number, now: number): Promise<'created' | 'limit' | 'taken'> {
    const { prefix, codeTtlMs } = this.options;
    const reply = await this.run(CREATE, [
      prefix,
      session.repId,
      maxPerRep,
      session.code,
      session.joinToken,
      session.id,
      encodeSession(session),
      this.sessionTtlMs,
      session.codeExpiresAt,
      // The code is kept a code lifetime past its expiry, to answer CODE_EXPIRED rather than CODE_INVALID.
      Math.max(1, session.codeExpiresAt - now + codeTtlMs),
      Math.max(1, session.codeExpiresAt - now),
      JSON.stringify(rep),
      MEMBER_TTL_MS,
      Math.max(this.sessionTtlMs, REP_SESSIONS_TTL_MS),
    ]);
    return reply as 'created' | 'limit' | 'taken';
  }

  async restoreSession(
    session: SessionRecord,
    fallback: { code: SessionCode; joinToken: JoinToken },
    maxPerRep: number,
    now: number,
  ): Promise<FoundSession | 'limit'> {
    const { prefix, codeTtlMs } = this.options;
    const reply = (await this.run(RESTORE, [
      prefix,
      session.id,
      session.repId,
      maxPerRep,
      session.code,
      session.joinToken,
      session.codeExpiresAt,
      now,
      session.customer ? JSON.stringify(session.customer) : '',
      encodeSession(session),
      encodeSession({ ...session, ...fallback, codeExpiresAt: 0 }),
      this.sessionTtlMs,
      Math.max(1, session.codeExpiresAt - now + codeTtlMs),
      Math.max(this.sessionTtlMs, REP_SESSIONS_TTL_MS),
    ])) as Reply[];
    if (reply[0] === 'limit') return 'limit';
    if (reply[0] === 'exists') return (await this.getSession(session.id)) ?? 'limit';
    return { session: { ...decodeSession(reply[1] as string), customer: session.customer }, codeLive: reply[2] === 1 };
  }

  async getSession(id: SessionId): Promise<FoundSession | null> {
    const reply = (await this.run(GET, [this.options.prefix, id])) as Reply[] | null;
    if (!reply) return null;
    const [json, seat, codeRef] = reply as [string, string, string];
    const session = { ...decodeSession(json), customer: seat ? (JSON.parse(seat) as SeatRecord) : null };
    return { session, codeLive: codeRef.startsWith(`${id}|`) };
  }

  async claimSeat(by: JoinBy, seat: SeatRecord, now: number): Promise<JoinOutcome> {
    const [kind, value] = 'code' in by ? ['code', by.code] : ['token', by.joinToken];
    const reply = (await this.run(CLAIM, [this.options.prefix, kind, value, JSON.stringify(seat), now, this.options.codeTtlMs])) as string[];
    if (reply[0] !== 'ok') return { ok: false, code: reply[1] as JoinRefusal };
    return { ok: true, session: { ...decodeSession(reply[1]!), customer: seat } };
  }

  async endSession(id: SessionId): Promise<Members | null> {
    const reply = (await this.run(END, [this.options.prefix, id])) as string[] | null;
    return reply ? { rep: decodeMember(reply[0]!), customer: decodeMember(reply[1]!) } : null;
  }

  async attach(id: SessionId, role: MemberRole, member: Member): Promise<{ previous: Member | null; members: Members } | null> {
    const reply = (await this.run(ATTACH, [this.options.prefix, id, ROLE_KEY[role], JSON.stringify(member), MEMBER_TTL_MS, this.sessionTtlMs])) as
      | string[]
      | null;
    if (!reply) return null;
    return { previous: decodeMember(reply[0]!), members: { rep: decodeMember(reply[1]!), customer: decodeMember(reply[2]!) } };
  }

  async detach(id: SessionId, role: MemberRole, conn: string): Promise<Members | null> {
    const reply = (await this.run(DETACH, [this.options.prefix, id, ROLE_KEY[role], conn])) as string[] | null;
    return reply ? { rep: decodeMember(reply[0]!), customer: decodeMember(reply[1]!) } : null;
  }

  async members(id: SessionId): Promise<Members> {
    const base = `${this.options.prefix}s:${id}`;
    const [rep, customer] = await this.client.mGet([`${base}:rep`, `${base}:cust`]);
    return { rep: decodeMember(rep ?? ''), customer: decodeMember(customer ?? '') };
  }

  async joinRetryAfterMs(address: string, now: number): Promise<number> {
    const { prefix, failedJoinWindowMs, maxFailedJoins } = this.options;
    return Number(await this.run(RETRY_AFTER, [now, failedJoinWindowMs, maxFailedJoins], [`${prefix}f:${address}`]));
  }

  async recordFailedJoin(address: string, now: number): Promise<void> {
    const { prefix, failedJoinWindowMs, maxFailedJoins } = this.options;
    const unique = `${now}:${process.pid}:${++this.failureCounter}:${Math.random().toString(36).slice(2, 8)}`;
    await this.run(RECORD_FAILURE, [now, failedJoinWindowMs, maxFailedJoins, unique], [`${prefix}f:${address}`]);
  }

  async refresh(held: ReadonlyMap<SessionId, MemberRole>): Promise<void> {
    this.held = held.size;
    if (held.size === 0 || !this.client.isReady) return;
    const batch = this.client.multi();
    for (const [id, role] of held) {
      const base = `${this.options.prefix}s:${id}`;
      batch.pExpire(`${base}:${ROLE_KEY[role]}`, MEMBER_TTL_MS);
      batch.pExpire(base, this.sessionTtlMs);
      batch.pExpire(`${base}:seat`, this.sessionTtlMs);
    }
    await batch.execAsPipeline();
  }

  /** Redis expires keys by itself. */
  sweep(): void {}

  /** This node's view: sessions it holds a seat of. Codes and counters are in Redis, not counted here. */
  stats(): StoreStats {
    return { sessions: this.held, liveCodes: 0, rateLimitedAddresses: 0 };
  }

  healthy(): boolean {
    return this.client.isReady;
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}

/** The session without its seat (that is a key of its own, set once by a claim). */
function encodeSession(session: SessionRecord): string {
  const { customer: _seat, ...rest } = session;
  return JSON.stringify(rest);
}

function decodeSession(json: string): SessionRecord {
  const parsed = JSON.parse(json) as Omit<SessionRecord, 'customer'>;
  return { ...parsed, reference: parsed.reference, customer: null };
}

function decodeMember(json: string): Member | null {
  return json ? (JSON.parse(json) as Member) : null;
}
