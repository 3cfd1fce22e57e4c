/** Raw HTTP for the security tests: any Host, Origin or body, and answers read whatever their type. */
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

/** A minimal flow that stores its messages: Chat Input → Chat Output. */
export function chatFlow(name: string): Record<string, unknown> {
  return {
    name,
    data: {
      nodes: [
        { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
        { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [{ id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'message', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  };
}

