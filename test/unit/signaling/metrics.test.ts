import { describe, expect, it } from 'vitest';
import { metricsAuthorized, SignalingMetrics } from '../../../signaling/metrics.js';
import { parsePrometheusText, sampleOf } from '../../support/prometheusText.js';

const STATS = { connections: 3, sessions: 2, liveCodes: 1, rateLimitedAddresses: 0 };
const P = 'support_signaling_';

describe('SignalingMetrics', () => {
  it('counts what the registry reports, labelled by error code, in strict exposition format', () => {
    const metrics = new SignalingMetrics();
    metrics.paired();
    metrics.paired();
    metrics.relayed();
    metrics.joinFailed('CODE_INVALID');
    metrics.joinFailed('CODE_INVALID');
    metrics.joinFailed('RATE_LIMITED');
    metrics.limitHit('TOO_MANY_MESSAGES');
    const families = parsePrometheusText(metrics.render(STATS, 3, null));
    expect(sampleOf(families, `${P}pairings_total`)).toBe(2);
    expect(sampleOf(families, `${P}relayed_messages_total`)).toBe(1);
    expect(sampleOf(families, `${P}join_failures_total`, 'code="CODE_INVALID"')).toBe(2);
    expect(sampleOf(families, `${P}join_failures_total`, 'code="RATE_LIMITED"')).toBe(1);
    expect(sampleOf(families, `${P}limits_hit_total`, 'code="TOO_MANY_MESSAGES"')).toBe(1);
    expect(sampleOf(families, `${P}open_connections`)).toBe(3);
    expect(sampleOf(families, `${P}sessions`)).toBe(2);
    expect(sampleOf(families, `${P}live_codes`)).toBe(1);
    expect(sampleOf(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(families.get(`${P}pairings_total`)?.type).toBe('counter');
    expect(families.get(`${P}sessions`)?.type).toBe('gauge');
  });

  it('has a Redis gauge only when there is Redis', () => {
    const metrics = new SignalingMetrics();
    expect(parsePrometheusText(metrics.render(STATS, 0, null)).has(`${P}redis_up`)).toBe(false);
    expect(sampleOf(parsePrometheusText(metrics.render(STATS, 0, true)), `${P}redis_up`)).toBe(1);
    expect(sampleOf(parsePrometheusText(metrics.render(STATS, 0, false)), `${P}redis_up`)).toBe(0);
  });
});

describe('metricsAuthorized', () => {
  it('lets anyone scrape without METRICS_TOKEN, and only the right bearer with it', () => {
    expect(metricsAuthorized(undefined, null)).toBe(true);
    expect(metricsAuthorized('Bearer scrape-token-123', 'scrape-token-123')).toBe(true);
    expect(metricsAuthorized('Bearer wrong', 'scrape-token-123')).toBe(false);
    expect(metricsAuthorized('scrape-token-123', 'scrape-token-123')).toBe(false);
    expect(metricsAuthorized(undefined, 'scrape-token-123')).toBe(false);
  });
});
