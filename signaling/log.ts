/**
 * Structured logs: one JSON object per line (`time`, `level`, `event`, then fields) on
 * stdout, for journald or a log shipper. Callers pass counts, codes of errors and settings,
 * never secrets or anything a person typed: no tokens, session codes, join tokens, names,
 * problem text, message content or attachment names. `LOG_LEVEL` drops the quieter levels.
 */
import { LOG_LEVELS, type LogLevel } from './config.js';

export type LogFields = Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const at =
    (lineLevel: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      if (LOG_LEVELS.indexOf(lineLevel) < threshold) return;
      const line: Record<string, unknown> = { time: new Date().toISOString(), level: lineLevel, event };
      // time, level and event come first and a field of the same name never replaces them.
      for (const [key, value] of Object.entries(fields)) if (!(key in line)) line[key] = value;
      write(JSON.stringify(line) + '\n');
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const SILENT_LOGGER: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
