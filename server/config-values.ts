/** Pure parsers for setting values. Each says what it expected instead of throwing. */
import type { LogLevel } from './server-config.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const expected = <T>(what: string): Parsed<T> => ({ ok: false, expected: what });

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

export function parsePort(raw: string): Parsed<number> {
  const value = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  return value >= 0 && value <= 65535 ? ok(value) : expected('an integer from 0 to 65535');
}

export function parseBoolean(raw: string): Parsed<boolean> {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(word)) return ok(true);
  if (FALSE_WORDS.includes(word)) return ok(false);
  return expected(`one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`);
}

export function parseLogLevel(raw: string): Parsed<LogLevel> {
  const word = raw.trim().toLowerCase();
  const level = LOG_LEVELS.find((candidate) => candidate === word);
  return level ? ok(level) : expected(`one of ${LOG_LEVELS.join(', ')}`);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

/** `1048576`, `512kb`, `10mb` (case-insensitive; kb and mb are powers of 1024). */
export function parseByteSize(raw: string): Parsed<number> {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
  const bytes = match ? Number(match[1]) * (SIZE_UNITS[(match[2] ?? '').toLowerCase()] ?? NaN) : NaN;
  return Number.isSafeInteger(bytes) && bytes > 0
    ? ok(bytes)
    : expected('a positive number of bytes, optionally with a kb or mb suffix (e.g. 10mb)');
}

export function parseHost(raw: string): Parsed<string> {
  const host = raw.trim();
  return host !== '' && !/[\s/]/.test(host)
    ? ok(host)
    : expected('a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0');
}

export function parseNonEmpty(raw: string): Parsed<string> {
  return raw.trim() === '' ? expected('a non-empty path') : ok(raw);
}
