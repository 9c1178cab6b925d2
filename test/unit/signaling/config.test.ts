import { describe, expect, it } from 'vitest';
import { DEFAULT_REP_NAME, DEFAULTS, loadConfig, repAccountFromToken, type ServerConfig } from '../../../signaling/config.js';

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

describe('loadConfig', () => {
  it('uses the defaults when the environment is empty', () => {
    const config = loaded({});
    expect(config).toMatchObject({
      port: DEFAULTS.port,
      host: DEFAULTS.host,
      codeTtlMs: DEFAULTS.codeTtlMs,
      maxFailedJoins: DEFAULTS.maxFailedJoins,
      failedJoinWindowMs: DEFAULTS.failedJoinWindowMs,
      sessionOrphanTtlMs: DEFAULTS.sessionOrphanTtlMs,
      pingIntervalMs: DEFAULTS.pingIntervalMs,
      maxFrameBytes: DEFAULTS.maxFrameBytes,
      clientDir: DEFAULTS.clientDir,
      trustProxy: false,
      iceServers: [],
      publicUrl: null,
    });
  });

  it('generates a long rep token, different on each run, when REP_TOKEN is unset', () => {
    const first = loaded({});
    const second = loaded({});
    expect(first.generatedRepToken!.length).toBeGreaterThanOrEqual(16);
    expect(first.reps).toEqual([repAccountFromToken(DEFAULT_REP_NAME, first.generatedRepToken!)]);
    expect(second.generatedRepToken).not.toBe(first.generatedRepToken);
  });

  it('reads a bare token under the default rep name', () => {
    const config = loaded({ REP_TOKEN: 'plain-token-0123456789' });
    expect(config.generatedRepToken).toBeNull();
    expect(config.reps).toEqual([repAccountFromToken(DEFAULT_REP_NAME, 'plain-token-0123456789')]);
    expect(JSON.stringify(config.reps)).not.toContain('plain-token');
  });

  it('reads several Name:token entries separated by commas', () => {
    const config = loaded({ REP_TOKEN: 'Alice:alice-token-0123456789, Bob Smith:bob-token-0123456789' });
    expect(config.reps).toEqual([
      repAccountFromToken('Alice', 'alice-token-0123456789'),
      repAccountFromToken('Bob Smith', 'bob-token-0123456789'),
    ]);
  });

  it('refuses a token shorter than 16 characters', () => {
    expect(problems({ REP_TOKEN: 'Alice:short' })).toEqual([expect.stringContaining('16 characters')]);
  });

  it('refuses a REP_TOKEN that holds no token', () => {
    expect(problems({ REP_TOKEN: ' , ' })).toEqual([expect.stringContaining('REP_TOKEN')]);
  });

  it('reads numbers, seconds and flags', () => {
    const config = loaded({
      PORT: '0',
      CODE_TTL_SECONDS: '30',
      JOIN_FAILURES_MAX: '5',
      TRUST_PROXY: 'yes',
      ICE_SERVERS: '[{"urls":"stun:stun.example.org:3478"}]',
      CLIENT_DIR: '',
    });
    expect(config).toMatchObject({
      port: 0,
      codeTtlMs: 30_000,
      maxFailedJoins: 5,
      trustProxy: true,
      iceServers: [{ urls: 'stun:stun.example.org:3478' }],
      clientDir: '',
    });
  });

  it('lists every bad setting at once', () => {
    const found = problems({ PORT: 'eighty', CODE_TTL_SECONDS: '5', ICE_SERVERS: 'stun:nope' });
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT'),
        expect.stringContaining('CODE_TTL_SECONDS'),
        expect.stringContaining('ICE_SERVERS'),
      ]),
    );
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['CODE_TTL_SECONDS', 'ten'],
    ['ICE_SERVERS', '[{"username":"no urls"}]'],
    ['PUBLIC_URL', 'ftp://example.org'],
  ])('refuses %s=%j', (name, value) => {
    expect(problems({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });
});
