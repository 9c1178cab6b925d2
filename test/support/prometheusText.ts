/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it throws on any
 * line a scraper could reject or misread, so a test passes only on well-formed output.
 */

export interface MetricFamily {
  readonly name: string;
  readonly type: string;
  readonly help: string;
  /** One sample per label set, keyed by its labels as `a="x",b="y"` (empty for none). */
  readonly samples: Map<string, number>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(raw: string, line: string): number {
  if (raw === 'NaN') return NaN;
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) throw new Error(`bad value in "${line}"`);
  return Number(raw);
}

/** Splits `a="x",b="y"` into pairs, respecting escaped quotes inside values. */
function parseLabels(body: string, line: string): string {
  const pairs = body.match(/[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"/g) ?? [];
  if (pairs.join(',') !== body) throw new Error(`bad labels in "${line}"`);
  const names = new Set<string>();
  for (const pair of pairs) {
    const match = LABEL.exec(pair);
    if (!match) throw new Error(`bad label "${pair}" in "${line}"`);
    if (names.has(match[1]!)) throw new Error(`repeated label ${match[1]} in "${line}"`);
    names.add(match[1]!);
  }
  return body;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const families = new Map<string, { name: string; type: string | null; help: string | null; samples: Map<string, number> }>();
  const finished = new Set<string>();
  let current: string | null = null;
  const family = (name: string) => {
    if (!METRIC_NAME.test(name)) throw new Error(`bad metric name "${name}"`);
    if (current !== name) {
      if (finished.has(name)) throw new Error(`lines of ${name} are not together`);
      if (current !== null) finished.add(current);
      current = name;
    }
    let found = families.get(name);
    if (!found) families.set(name, (found = { name, type: null, help: null, samples: new Map() }));
    return found;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') throw new Error('empty line in the exposition');
    if (line.startsWith('#')) {
      const help = /^# HELP (\S+) (.*)$/.exec(line);
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (help) {
        const f = family(help[1]!);
        if (f.help !== null) throw new Error(`second HELP for ${f.name}`);
        f.help = help[2]!;
      } else if (type) {
        const f = family(type[1]!);
        if (f.type !== null || f.samples.size > 0) throw new Error(`TYPE of ${f.name} repeated or after its samples`);
        if (!TYPES.has(type[2]!)) throw new Error(`unknown type in "${line}"`);
        f.type = type[2]!;
      } else if (/^# (HELP|TYPE)\b/.test(line)) {
        throw new Error(`malformed "${line}"`);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!sample) throw new Error(`malformed sample "${line}"`);
    const f = family(sample[1]!);
    if (f.type === null) throw new Error(`sample of ${f.name} before its TYPE`);
    const labels = sample[2] === undefined || sample[2] === '' ? '' : parseLabels(sample[2], line);
    if (f.samples.has(labels)) throw new Error(`repeated series in "${line}"`);
    f.samples.set(labels, parseValue(sample[3]!, line));
  }
  const result = new Map<string, MetricFamily>();
  for (const f of families.values()) {
    if (f.type === null || f.help === null) throw new Error(`${f.name} lacks HELP or TYPE`);
    if (f.type === 'counter' && !f.name.endsWith('_total')) throw new Error(`counter ${f.name} should end in _total`);
    result.set(f.name, { name: f.name, type: f.type, help: f.help, samples: f.samples });
  }
  return result;
}

/** The value of one series, or undefined when it is not exposed. */
export function sampleOf(families: Map<string, MetricFamily>, name: string, labels = ''): number | undefined {
  return families.get(name)?.samples.get(labels);
}
