/** Pure parsers for setting values. Each says what it expected instead of throwing. */
import { TWEAKS_POLICIES, type TweaksPolicy } from '../../shared/tweak-policy.js';
import type { LogLevel } from './server-config.js';
import type { OutboundAllowEntry } from '../services/outbound-policy.js';

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

export function parseTweaksPolicy(raw: string): Parsed<TweaksPolicy> {
  const word = raw.trim().toLowerCase();
  const policy = TWEAKS_POLICIES.find((candidate) => candidate === word);
  return policy ? ok(policy) : expected(`one of ${TWEAKS_POLICIES.join(', ')}`);
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

/** A PostgreSQL connection URL. */
export function parseDatabaseUrl(raw: string): Parsed<string> {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  return url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' ? ok(raw.trim()) : expected('a PostgreSQL URL, postgres://user:password@host:5432/database');
}

export function parseQueueUrl(raw: string): Parsed<string> {
  let url: URL | undefined;
  try {
    url = new URL(raw.trim());
  } catch {
    url = undefined;
  }
  return url && (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' ? ok(raw.trim()) : expected('a Redis URL, redis://[:password@]host:6379[/db]');
}

export function parseNonEmpty(raw: string): Parsed<string> {
  return raw.trim() === '' ? expected('a non-empty path') : ok(raw);
}

/** A whole number from 1 to 1,000,000 (counts such as the run cap). */
export function parsePositiveInt(raw: string): Parsed<number> {
  const value = /^\d{1,7}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  return value >= 1 && value <= 1_000_000 ? ok(value) : expected('a whole number from 1 to 1000000');
}

/** Seconds (whole or decimal, more than 0, at most a week) as milliseconds. */
export function parseSeconds(raw: string): Parsed<number> {
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  const ms = Math.round(value * 1000);
  return ms >= 1 && ms <= 7 * 24 * 3600 * 1000 ? ok(ms) : expected('a number of seconds, more than 0 (e.g. 60 or 0.5)');
}

/** `a, b,c` → `['a', 'b', 'c']` (empty items dropped). */
function splitList(raw: string): string[] {
  return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** Host names for the Host header check: `name`, `name:port`, `1.2.3.4`, `[::1]:7861`. Lower-cased. */
export function parseHostList(raw: string): Parsed<string[]> {
  const hosts = splitList(raw).map((host) => host.toLowerCase());
  const valid = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/;
  return hosts.every((host) => valid.test(host))
    ? ok(hosts)
    : expected('host names separated by commas, each a name or name:port (e.g. flowdesk.lan,10.0.0.5:7861)');
}

/**
 * Outbound allow-list entries: `name`, `name:port`, `10.0.0.5:11434`, `[fd00::1]:8080`. Lower-cased;
 * IPv6 kept without brackets; no port means any port.
 */
export function parseOutboundList(raw: string): Parsed<OutboundAllowEntry[]> {
  const entries: OutboundAllowEntry[] = [];
  const pattern = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?))(?::(\d{1,5}))?$/;
  for (const item of splitList(raw).map((host) => host.toLowerCase())) {
    const match = pattern.exec(item);
    const port = match?.[4] === undefined ? null : Number(match[4]);
    if (!match || (port !== null && (port < 1 || port > 65535))) {
      return expected('hosts separated by commas, each HOST or HOST:PORT (e.g. 127.0.0.1:11434,ollama.lan,[fd00::1]:8080)');
    }
    entries.push({ host: match[1] ?? match[2] ?? '', port });
  }
  return ok(entries);
}

/** Web origins for CORS: `http(s)://host[:port]`, no path, no `*`. Normalized as browsers send them. */
export function parseOriginList(raw: string): Parsed<string[]> {
  const origins: string[] = [];
  for (const item of splitList(raw)) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      return expected('origins separated by commas, each http(s)://host[:port] (no "*", no path)');
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !item.endsWith('/');
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) {
      return expected('origins separated by commas, each http(s)://host[:port] (no "*", no path)');
    }
    origins.push(url.origin);
  }
  return ok(origins);
}
