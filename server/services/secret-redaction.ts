/**
 * Masks secrets in text bound for the logs or for an error answer: the values of credential
 * variables and of secret-looking environment variables (`*_API_KEY`, `*TOKEN*`, …) the server
 * knows, and anything shaped like a key (`sk-…`, the admin token, `Bearer …`, `?api_key=…` in
 * URLs). A provider that echoes the key it was given, or a URL with a key in it, stays masked.
 */
import type { Logger } from '../logger.js';

export type Redact = (text: string) => string;

const MASK = '***';
/** Environment variables whose values are treated as secrets. */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;
/** Shorter values would mask ordinary words. */
const MIN_SECRET_LENGTH = 8;

const SHAPES: [RegExp, string][] = [
  [/\b(sk|fda|pk|rk)-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g, `$1-${MASK}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  [/([?&;](?:x-api-key|api[_-]?key|apikey|key|token|access_token|auth|secret|password|sig|signature)=)[^&\s#"'<>]+/gi, `$1${MASK}`],
  [/(\/\/[^/\s:@]+:)[^/\s@]+@/g, `$1${MASK}@`],
];

export interface SecretRedactor {
  redact: Redact;
  /** Adds a source of known secret values (read at each use, so new credentials count at once). */
  watch(source: () => Iterable<string>): void;
}

export function createSecretRedactor(env: Readonly<Record<string, string | undefined>> = {}): SecretRedactor {
  const sources: (() => Iterable<string>)[] = [];
  const fromEnv = Object.entries(env)
    .filter(([name, value]) => SECRET_ENV_NAME.test(name) && value !== undefined && value.length >= MIN_SECRET_LENGTH)
    .map(([, value]) => value as string);
  const redact: Redact = (text) => {
    if (typeof text !== 'string' || text === '') return text;
    const known = new Set(fromEnv);
    for (const source of sources) for (const value of source()) if (value.length >= MIN_SECRET_LENGTH) known.add(value);
    let out = text;
    // Longest first, so a secret that contains another is masked whole.
    for (const value of [...known].sort((a, b) => b.length - a.length)) if (out.includes(value)) out = out.split(value).join(MASK);
    for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
    return out;
  };
  return { redact, watch: (source) => void sources.push(source) };
}

/** A logger that masks secrets in every line before `inner` writes it. */
export function redactingLogger(inner: Logger, redact: Redact): Logger {
  // Masking costs a scan per known secret: do it only for lines that will be written.
  const on = (level: 'debug' | 'info' | 'warn' | 'error') => inner.enabled?.(level) ?? true;
  return {
    enabled: on,
    debug: (message) => on('debug') && inner.debug(redact(message)),
    info: (message) => on('info') && inner.info(redact(message)),
    warn: (message) => on('warn') && inner.warn(redact(message)),
    error: (message) => on('error') && inner.error(redact(message)),
  };
}
