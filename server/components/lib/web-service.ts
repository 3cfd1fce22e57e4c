/**
 * What every component that calls a third-party web service (Tavily, SearchApi, AssemblyAI, ...)
 * shares: the key (the field, else the variable or environment entry of the service's usual name),
 * the base URL (the service's own, unless the server's environment names another, for tests and for
 * self-hosted or proxied services; never a field, so a tweak cannot send a stored key elsewhere),
 * and calls through `ctx.http` (the run's cancellation, a timeout, the outbound rule) whose failures
 * say what to do: a refused key, a quota, a timeout, an unreachable service.
 */
import type { HttpRequestInit, RunContext } from '../../engine/define-component.js';
import { OutboundRefusedError } from '../../engine/capabilities.js';

export interface WebService {
  /** The service's name as users know it: "Tavily". */
  readonly name: string;
  /** Its API's base URL, e.g. `https://api.tavily.com`. */
  readonly baseUrl: string;
  /** The environment variable that replaces the base URL, e.g. `TAVILY_BASE_URL`. */
  readonly baseUrlEnv: string;
  /** The variable (global variable or environment entry) the key is read from when the field is empty, e.g. `TAVILY_API_KEY`. */
  readonly keyVariable?: string;
  /** Milliseconds a call may take before it is abandoned (default 30 s). */
  readonly timeoutMs?: number;
}

/** A call to a service that failed in a way the user can act on. */
export class WebServiceError extends Error {
  readonly service: string;
  /** The HTTP status the service answered, if it answered. */
  readonly status: number | undefined;
  constructor(service: string, message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebServiceError';
    this.service = service;
    this.status = status;
  }
}

/** The service's base URL, without a trailing slash. */
export function serviceBaseUrl(service: WebService, ctx: Pick<RunContext, 'env'>): string {
  const configured = ctx.env[service.baseUrlEnv]?.trim();
  return (configured || service.baseUrl).replace(/\/+$/, '');
}

/**
 * The API key: the field's value (already the variable's value when the field is bound to one),
 * else the service's variable, else the environment entry of that name. None: an error that says
 * which variable to create.
 */
export async function serviceKey(service: WebService, value: unknown, ctx: Pick<RunContext, 'variables' | 'env'>): Promise<string> {
  const given = typeof value === 'string' ? value.trim() : '';
  if (given) return given;
  const variable = service.keyVariable;
  const found = variable ? (await ctx.variables.get(variable)) || ctx.env[variable] : undefined;
  if (found) return found;
  throw new WebServiceError(
    service.name,
    variable
      ? `${service.name} needs an API key: set the API Key field, or create a Credential variable named ${variable} (or set ${variable} in the server's environment)`
      : `${service.name} needs an API key: set the API Key field`,
  );
}

export interface ServiceRequest extends Omit<HttpRequestInit, 'body'> {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (sets the content type). */
  json?: unknown;
  body?: HttpRequestInit['body'];
}

/** The URL of `path` under the service's base URL, with `query`. */
export function serviceUrl(service: WebService, ctx: Pick<RunContext, 'env'>, path: string, query?: ServiceRequest['query']): URL {
  const url = new URL(`${serviceBaseUrl(service, ctx)}/${path.replace(/^\/+/, '')}`);
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
  return url;
}

/**
 * Calls the service through `ctx.http`. A 2xx answer is returned; any other status, a timeout or an
 * unreachable service is a WebServiceError worded for the user. A refusal by the outbound rule is
 * passed on as it is.
 */
export async function callService(service: WebService, ctx: Pick<RunContext, 'env' | 'http'>, path: string, request: ServiceRequest = {}): Promise<Response> {
  const { query, json, ...init } = request;
  const url = serviceUrl(service, ctx, path, query);
  const headers = new Headers(init.headers);
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = JSON.stringify(json);
  }
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  let res: Response;
  try {
    res = await ctx.http(url, { ...init, headers, timeoutMs: init.timeoutMs ?? service.timeoutMs } as HttpRequestInit);
  } catch (error) {
    throw serviceFailure(service, error);
  }
  if (res.ok) return res;
  throw new WebServiceError(service.name, statusMessage(service, res.status, await answerDetail(res)), res.status);
}

/** `callService` and the answer's JSON (an answer that is not JSON is an error naming the service). */
export async function callServiceJson<T = unknown>(service: WebService, ctx: Pick<RunContext, 'env' | 'http'>, path: string, request: ServiceRequest = {}): Promise<T> {
  const res = await callService(service, ctx, path, request);
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new WebServiceError(service.name, `${service.name} answered something that is not JSON: ${text.slice(0, 200)}`, res.status);
  }
}

/**
 * A `fetch` for a vendor's client that accepts one: through `ctx.http` (so the run's cancellation,
 * the timeout and the outbound rule apply), failing to connect or timing out as a WebServiceError.
 * Statuses are left to the client; word them with `serviceErrorFromStatus`.
 */
export function serviceFetch(service: WebService, ctx: Pick<RunContext, 'http'>): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : input;
    try {
      return await ctx.http(url, { ...(init ?? {}), timeoutMs: service.timeoutMs } as HttpRequestInit);
    } catch (error) {
      throw serviceFailure(service, error);
    }
  };
}

/** The user's words for a status the service answered (for clients that throw their own errors). */
export function serviceErrorFromStatus(service: WebService, status: number, detail: string): WebServiceError {
  return new WebServiceError(service.name, statusMessage(service, status, detail), status);
}

function statusMessage(service: WebService, status: number, detail: string): string {
  const said = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) {
    const where = service.keyVariable ? ` (the API Key field, or the ${service.keyVariable} variable)` : '';
    return `${service.name} refused the API key${where} (HTTP ${status})${said}`;
  }
  if (status === 402) return `${service.name} says the account's credits or plan are used up (HTTP 402)${said}`;
  if (status === 429) return `${service.name}'s rate limit or quota was reached (HTTP 429); try again later${said}`;
  if (status >= 500) return `${service.name} failed on its side (HTTP ${status})${said}`;
  return `${service.name} answered HTTP ${status}${said}`;
}

/** The error text of an answer: a JSON body's message/detail/error field, else its first 300 characters. */
async function answerDetail(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as unknown;
    const found = pickMessage(body);
    if (found) return found;
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function pickMessage(body: unknown, depth = 0): string | undefined {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object' || depth > 2) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'detail', 'error', 'error_message', 'errorMessage', 'error_info']) {
    const found = pickMessage(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function serviceFailure(service: WebService, error: unknown): Error {
  if (error instanceof OutboundRefusedError || error instanceof WebServiceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = /timed out after (\d+) s/.exec(message);
  if (timedOut) return new WebServiceError(service.name, `${service.name} did not answer within ${timedOut[1]} s`, undefined, { cause: error });
  if (/^Could not reach /.test(message)) return new WebServiceError(service.name, `${service.name} could not be reached: ${message.replace(/^Could not reach /, '')}`, undefined, { cause: error });
  return error instanceof Error ? error : new Error(message);
}
