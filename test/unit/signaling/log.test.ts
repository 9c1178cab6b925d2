import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../signaling/log.js';

describe('createLogger', () => {
  it('writes one JSON object per line with time, level and event first', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.info('start', { port: 8080, event: 'not this', tls: false });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const entry = JSON.parse(lines[0]!);
    expect(Object.keys(entry)).toEqual(['time', 'level', 'event', 'port', 'tls']);
    expect(entry).toMatchObject({ level: 'info', event: 'start', port: 8080, tls: false });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
  });

  it('drops levels below LOG_LEVEL', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(lines.map((line) => JSON.parse(line).event)).toEqual(['c', 'd']);
  });
});
