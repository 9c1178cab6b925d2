import { describe, expect, it } from 'vitest';
import { TURN_CREDENTIAL_TTL_SECONDS } from '../../../protocol/limits.js';
import { loadConfig, type ServerConfig } from '../../../signaling/config.js';

const SECRET = 'a-static-auth-secret-0123';

function loaded(env: Record<string, string>): ServerConfig {
  const result = loadConfig(env);
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.error.join('; ')}`);
  return result.value;
}

function problems(env: Record<string, string>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error('expected the config to be refused');
  return result.error;
}

describe('loadConfig: TURN relay', () => {
  it('has no TURN and the policy "all" by default', () => {
    expect(loaded({})).toMatchObject({ turn: null, iceTransportPolicy: 'all' });
  });

  it('reads TURN_URLS, TURN_SECRET, TURN_CREDENTIAL_TTL_SECONDS and ICE_TRANSPORT_POLICY', () => {
    const config = loaded({
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      TURN_SECRET: SECRET,
      TURN_CREDENTIAL_TTL_SECONDS: '900',
      ICE_TRANSPORT_POLICY: 'Relay',
      ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
    });
    expect(config.turn).toEqual({ urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], secret: SECRET, ttlSeconds: 900 });
    expect(config.iceTransportPolicy).toBe('relay');
    expect(config.iceServers).toEqual([{ urls: 'stun:stun.example.org:3478' }]);
  });

  it('defaults the credential lifetime to the named constant', () => {
    expect(loaded({ TURN_URLS: 'turn:turn.example.org', TURN_SECRET: SECRET }).turn?.ttlSeconds).toBe(TURN_CREDENTIAL_TTL_SECONDS);
    expect(TURN_CREDENTIAL_TTL_SECONDS).toBe(3600);
  });

  it('requires the secret with the URLs, and the URLs with the secret', () => {
    expect(problems({ TURN_URLS: 'turn:turn.example.org' })).toEqual([expect.stringContaining('TURN_SECRET is required')]);
    expect(problems({ TURN_SECRET: SECRET })).toEqual([expect.stringContaining('TURN_URLS is not')]);
  });

  it('refuses a short secret without repeating it', () => {
    const found = problems({ TURN_URLS: 'turn:turn.example.org', TURN_SECRET: 'short-secret' });
    expect(found).toEqual([expect.stringContaining('at least 16 characters')]);
    expect(found.join(' ')).not.toContain('short-secret');
  });

  it('refuses bad URLs, naming the setting', () => {
    const found = problems({ TURN_URLS: 'turn:ok.example.org,stun:stun.example.org,turn:x.example.org:99999', TURN_SECRET: SECRET });
    expect(found).toHaveLength(2);
    for (const problem of found) expect(problem.startsWith('TURN_URLS: ')).toBe(true);
  });

  it.each(['59', '86401', '3600.5', 'hour'])('refuses TURN_CREDENTIAL_TTL_SECONDS=%s', (ttl) => {
    expect(problems({ TURN_URLS: 'turn:turn.example.org', TURN_SECRET: SECRET, TURN_CREDENTIAL_TTL_SECONDS: ttl })).toEqual([
      expect.stringContaining('TURN_CREDENTIAL_TTL_SECONDS must be a whole number from 60 to 86400'),
    ]);
  });

  it('accepts the ends of the lifetime range', () => {
    for (const ttl of ['60', '86400']) expect(loaded({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET, TURN_CREDENTIAL_TTL_SECONDS: ttl }).turn?.ttlSeconds).toBe(Number(ttl));
  });

  it('refuses an unknown ICE_TRANSPORT_POLICY', () => {
    expect(problems({ ICE_TRANSPORT_POLICY: 'direct' })).toEqual([expect.stringContaining('ICE_TRANSPORT_POLICY must be "all" or "relay"')]);
  });

  it('refuses relay-only ICE with no TURN relay at all, and accepts a turn: entry in ICE_SERVERS', () => {
    expect(problems({ ICE_TRANSPORT_POLICY: 'relay' })).toEqual([expect.stringContaining('needs a TURN relay')]);
    const config = loaded({ ICE_TRANSPORT_POLICY: 'relay', ICE_SERVERS: '[{"urls":["turn:t.example.org"],"username":"u","credential":"p"}]' });
    expect(config.iceTransportPolicy).toBe('relay');
  });
});
