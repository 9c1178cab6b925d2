/**
 * `GET /metrics` in the Prometheus text exposition format (0.0.4): counters fed by the
 * registry through `RegistryObserver`, gauges read from `registry.stats()` at scrape time.
 * Labels are error codes only, a short fixed set, so the series count stays bounded.
 */
import { timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../protocol/errors.js';
import type { RegistryObserver } from './RegistryObserver.js';
import { sha256 } from './secrets.js';
import type { RegistryStats } from './SessionRegistry.js';

export const METRICS_PATH = '/metrics';
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const PREFIX = 'support_signaling_';

/** With METRICS_TOKEN set, a scrape must send `Authorization: Bearer <token>`; compared in constant time. */
export function metricsAuthorized(header: string | undefined, token: string | null): boolean {
  if (token === null) return true;
  const presented = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(sha256(presented), sha256(token));
}

type Sample = readonly [labels: Readonly<Record<string, string>>, value: number];

interface Family {
  readonly name: string;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
  readonly samples: readonly Sample[];
}

/** Label values are error codes (`[A-Z_]`), but escape as the format asks all the same. */
const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function render(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const [labels, value] of family.samples) {
      const pairs = Object.entries(labels).map(([key, label]) => `${key}="${escapeLabel(label)}"`);
      lines.push(`${family.name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''} ${value}`);
    }
  }
  return lines.join('\n') + '\n';
}

const byCode = (counts: ReadonlyMap<ErrorCode, number>): Sample[] =>
  [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => [{ code }, count]);

export class SignalingMetrics implements RegistryObserver {
  private pairings = 0;
  private relayedMessages = 0;
  private readonly joinFailures = new Map<ErrorCode, number>();
  private readonly limitsHit = new Map<ErrorCode, number>();

  paired(): void {
    this.pairings++;
  }

  joinFailed(code: ErrorCode): void {
    this.joinFailures.set(code, (this.joinFailures.get(code) ?? 0) + 1);
  }

  relayed(): void {
    this.relayedMessages++;
  }

  limitHit(code: ErrorCode): void {
    this.limitsHit.set(code, (this.limitsHit.get(code) ?? 0) + 1);
  }

  /** The exposition text for one scrape; `redisUp` is null when the server runs without Redis. */
  render(stats: RegistryStats, openConnections: number, redisUp: boolean | null): string {
    const memory = process.memoryUsage();
    const families: Family[] = [
      { name: `${PREFIX}open_connections`, type: 'gauge', help: 'WebSocket connections open on this node.', samples: [[{}, openConnections]] },
      { name: `${PREFIX}sessions`, type: 'gauge', help: 'Sessions this node knows, open or waiting for a participant.', samples: [[{}, stats.sessions]] },
      { name: `${PREFIX}live_codes`, type: 'gauge', help: 'Session codes that can still be used to join.', samples: [[{}, stats.liveCodes]] },
      { name: `${PREFIX}pairings_total`, type: 'counter', help: 'Times a rep and a customer of one session were both attached.', samples: [[{}, this.pairings]] },
      { name: `${PREFIX}join_failures_total`, type: 'counter', help: 'Joins and rejoins refused, by the error code the customer got.', samples: byCode(this.joinFailures) },
      { name: `${PREFIX}relayed_messages_total`, type: 'counter', help: 'Negotiation messages passed from one participant to the other.', samples: [[{}, this.relayedMessages]] },
      { name: `${PREFIX}limits_hit_total`, type: 'counter', help: 'Sockets refused or closed by a limit, by error code.', samples: byCode(this.limitsHit) },
      { name: 'process_resident_memory_bytes', type: 'gauge', help: 'Resident memory size in bytes.', samples: [[{}, memory.rss]] },
      { name: 'nodejs_heap_used_bytes', type: 'gauge', help: 'V8 heap in use, in bytes.', samples: [[{}, memory.heapUsed]] },
    ];
    // Absent in the embedded (in-memory) mode, where there is no Redis to be up or down.
    if (redisUp !== null) {
      families.push({ name: `${PREFIX}redis_up`, type: 'gauge', help: '1 when Redis answered its last check, else 0.', samples: [[{}, redisUp ? 1 : 0]] });
    }
    return render(families);
  }
}
