/**
 * One HTTP client for tests that talk to a real server: `raw` sends exactly what it is given (any
 * Host, Origin, path or body, on a fresh connection) and reads any answer; `request` is the same
 * with a JSON body and answer for everyday calls.
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: any;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** Sends one request on a fresh connection (no keep-alive), with exactly the headers given (plus Host unless given). */
export function raw(base: string, path: string, options: RawRequest = {}): Promise<RawResponse> {
  // The path goes out exactly as given (`//x` is not resolved against the base).
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers, agent: false, setHost: !Object.keys(headers).some((h) => h.toLowerCase() === 'host') },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any;
          if ((res.headers['content-type'] ?? '').includes('application/json') && text !== '') {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 15_000, () => req.destroy(new Error(`no answer to ${options.method ?? 'GET'} ${path} in time`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export const json = (value: unknown): RawRequest => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** `raw` with a JSON body (`json`), a text or a form one, answering the parsed JSON (else the text) and fetch's Headers. */
export async function request<T = any>(base: string, method: string, path: string, options: { json?: unknown; body?: string | Buffer | FormData; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined;
  if (options.body instanceof FormData) {
    // Encoded as fetch would send it: multipart with its boundary.
    const encoded = new Response(options.body);
    body = Buffer.from(await encoded.arrayBuffer());
    headers['content-type'] ??= encoded.headers.get('content-type') ?? '';
  } else {
    body = options.body;
  }
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await raw(base, path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const answerHeaders = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) answerHeaders.append(name, one);
  }
  const parsed = res.json !== undefined ? res.json : res.text;
  return { status: res.status, headers: answerHeaders, body: parsed as T, text: res.text };
}

/** Reads a Langflow-framed event stream (`{json}\n\n` per event) to its end. */
export async function readEventStream(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(chunk) as { event: string; data: any });
}
