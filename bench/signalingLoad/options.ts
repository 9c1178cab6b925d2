/** Command-line options of the signaling load test (`tsx bench/signalingLoad/run.ts --help`). */
import { parseArgs } from 'node:util';
import { SERVER_IDS, type ServerId } from './serversUnderTest.js';
import { DEFAULT_SIGNALING_LOAD_OPTIONS as D, type SignalingLoadOptions } from './SignalingLoadFigures.js';

export const SIGNALING_LOAD_USAGE = `Options (defaults in brackets):
  --connections N     idle connections held per server [${D.connections}]
  --pairings N        pairings per round [${D.pairings}]
  --rounds N          pairing rounds, interleaved across servers [${D.pairingRounds}]
  --warmup N          warm-up pairings per server, not counted [${D.pairingWarmup}]
  --concurrency N     pairings in flight [${D.concurrency}]
  --relay-rate N      relayed messages a second [${D.relayRate}]
  --relay-seconds N   counted relay window [${D.relaySeconds}]
  --relay-sessions N  pairs the relay load is spread over [${D.relaySessions}]
  --servers LIST      comma-separated: ${SERVER_IDS.join(', ')} [${D.servers.join(',')}]`;

export function readSignalingLoadOptions(args: string[]): SignalingLoadOptions {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string', default: String(D.connections) },
      pairings: { type: 'string', default: String(D.pairings) },
      rounds: { type: 'string', default: String(D.pairingRounds) },
      warmup: { type: 'string', default: String(D.pairingWarmup) },
      concurrency: { type: 'string', default: String(D.concurrency) },
      'relay-rate': { type: 'string', default: String(D.relayRate) },
      'relay-seconds': { type: 'string', default: String(D.relaySeconds) },
      'relay-sessions': { type: 'string', default: String(D.relaySessions) },
      servers: { type: 'string', default: D.servers.join(',') },
    },
  });
  const whole = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const servers = values.servers.split(',').map((s) => s.trim());
  const unknown = servers.filter((s) => !(SERVER_IDS as readonly string[]).includes(s));
  if (unknown.length > 0 || servers.length === 0) throw new Error(`--servers takes ${SERVER_IDS.join(', ')} (comma-separated)`);
  return {
    connections: whole('connections', values.connections, 1, 100_000),
    pairings: whole('pairings', values.pairings, 1, 100_000),
    pairingRounds: whole('rounds', values.rounds, 1, 20),
    pairingWarmup: whole('warmup', values.warmup, 0, 10_000),
    concurrency: whole('concurrency', values.concurrency, 1, 1_000),
    relayRate: whole('relay-rate', values['relay-rate'], 1, 20_000),
    relaySeconds: whole('relay-seconds', values['relay-seconds'], 1, 600),
    relaySessions: whole('relay-sessions', values['relay-sessions'], 1, 1_000),
    servers: servers as ServerId[],
  };
}
