/** The one place that talks HTTP to the Flowdesk server: JSON in, JSON out, `{detail}` errors as ApiError. */

export interface ValidationIssue {
  loc?: (string | number)[];
  msg?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;

  constructor(status: number, detail: unknown) {
    super(detailText(detail) || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
  }

  /** The server has no such route (as opposed to "that flow does not exist"). */
  get routeMissing(): boolean {
    return this.status === 405 || (this.status === 404 && (this.detail === 'Not Found' || this.detail === undefined));
  }
}

/** A readable sentence from a `detail` that is a string or a FastAPI-style list of issues. */
export function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((issue: ValidationIssue) => {
        const where = (issue.loc ?? []).filter((part) => part !== 'body').join('.');
        return where ? `${where}: ${issue.msg ?? ''}` : (issue.msg ?? '');
      })
      .join('; ');
  }
  return '';
}

/** A message for the user from any thrown value. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The server's answer when a key (or a session) is required and none was sent. */
const MISSING_KEY = 'An API key must be passed as query or header';
/** Fired on `window` when a request was refused for want of a key or session. */
export const SIGNED_OUT_EVENT = 'flowdesk:signed-out';

export interface RequestOptions {
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  keepalive?: boolean;
}

/** Sends a request and returns the raw Response when it is 2xx; throws ApiError otherwise. */
export async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await fetch(path, { method, headers, body, signal: options.signal, keepalive: options.keepalive });
  if (!response.ok) {
    const error = new ApiError(response.status, await readDetail(response));
    // Keys are required and this browser's session is gone (say, the server restarted): the session gate asks again.
    if (response.status === 403 && error.detail === MISSING_KEY) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    throw error;
  }
  return response;
}

/** Sends a request and parses its JSON body (undefined for an empty body, e.g. 204). */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(method, path, options);
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function readDetail(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { detail?: unknown };
    return parsed.detail ?? parsed;
  } catch {
    return text || response.statusText;
  }
}

/** A download's body and the file name its Content-Disposition gives (`fallback` when none). */
export async function downloadedFile(response: Response, fallback: string): Promise<{ blob: Blob; filename: string }> {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match?.[1] ? decodeURIComponent(match[1]) : fallback };
}
