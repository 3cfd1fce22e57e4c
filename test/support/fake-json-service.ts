/**
 * The plumbing the third-party service fakes share: a loopback node:http server that records each
 * request (method, path, query, headers, parsed JSON body) and answers what the service's handler
 * says, with JSON bodies. Each fake (fake-agentql.ts, fake-needle.ts, ...) supplies the protocol.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** The JSON body, or the raw text when it is not JSON, or undefined when there is none. */
  body: any;
}

export interface Answer {
  status?: number;
  /** Sent as JSON unless it is a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
}

export interface FakeJsonService {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeJsonService(handle: (req: RecordedRequest) => Answer | Promise<Answer>): Promise<FakeJsonService> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
    requests.push(recorded);
    let answer: Answer;
    try {
      answer = await handle(recorded);
    } catch (error) {
      answer = { status: 500, body: { detail: (error as Error).message } };
    }
    const send = () => {
      if (res.destroyed) return;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status ?? 200, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
      res.end(text);
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request header's value (the first, if sent several times). */
export function keyOf(req: RecordedRequest, header: string): string | undefined {
  const value = req.headers[header.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
