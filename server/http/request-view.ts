/**
 * What the guards (host, origin, content type, auth) read of a request. A Koa `Context` is one as it
 * is; `RawRequestView` is one over a bare `IncomingMessage`, for the run route's fast path
 * (fast-run.ts), so both paths run the very same checks.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export type QueryValues = Record<string, string | string[] | undefined>;

export interface RequestView {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** A header's value, '' when absent (Koa's `ctx.get`). */
  get(field: string): string;
  /** The query string's parameters; a repeated one is an array. */
  readonly query: QueryValues;
}

/** A request the fast path took: its path and query string are split by the caller. */
export class RawRequestView implements RequestView {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly #search: string;
  #query: QueryValues | undefined;

  constructor(req: IncomingMessage, path: string, search: string) {
    this.method = req.method ?? 'GET';
    this.path = path;
    this.headers = req.headers;
    this.#search = search;
  }

  get(field: string): string {
    const name = field.toLowerCase();
    if (name === 'referer' || name === 'referrer') return headerText(this.headers.referrer) || headerText(this.headers.referer);
    return headerText(this.headers[name]);
  }

  get query(): QueryValues {
    return (this.#query ??= parseQuery(this.#search));
  }
}

function headerText(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Query parameters as Koa reads them (WHATWG URLSearchParams; a repeated name gives an array). */
export function parseQuery(search: string): QueryValues {
  const params = new URLSearchParams(search);
  const out: QueryValues = Object.create(null) as QueryValues;
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length <= 1 ? values[0] : values;
  }
  return out;
}

/** The last value of a query parameter. */
export function lastQueryValue(query: QueryValues, name: string): string | undefined {
  const raw = query[name];
  return Array.isArray(raw) ? raw[raw.length - 1] : raw;
}

const COOKIE_PATTERNS = new Map<string, RegExp>();

/** A cookie's value from the request's `Cookie` header (the first one of that name; quotes removed). */
export function cookieValue(view: Pick<RequestView, 'headers'>, name: string): string | undefined {
  const header = view.headers.cookie;
  if (!header) return undefined;
  let pattern = COOKIE_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|;) *${name.replace(/[\^$\\.*+?()[\]{}|]/g, '\\$&')}=([^;]*)`);
    COOKIE_PATTERNS.set(name, pattern);
  }
  const value = pattern.exec(header)?.[1];
  if (value === undefined) return undefined;
  return value.startsWith('"') ? value.slice(1, -1) : value;
}
