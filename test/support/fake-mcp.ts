/**
 * An MCP server over HTTP, in-process, built on the official SDK: Streamable HTTP at `/mcp`
 * (stateful sessions) and the older HTTP+SSE transport at `/sse` + `/messages`. Records every
 * request (method, path, authorization header).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { testMcpServer } from './mcp-test-tools.js';

export interface RecordedMcpRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface FakeMcpServer {
  /** Streamable HTTP endpoint. */
  url: string;
  /** The older SSE endpoint (a Streamable HTTP POST there answers 405, as SSE-only servers do). */
  sseUrl: string;
  requests: RecordedMcpRequest[];
  /** Streamable HTTP sessions still open (closed by the client's DELETE). */
  openSessions(): number;
  close(): Promise<void>;
}

export async function startFakeMcp(): Promise<FakeMcpServer> {
  const requests: RecordedMcpRequest[] = [];
  const streamable = new Map<string, StreamableHTTPServerTransport>();
  const sse = new Map<string, SSEServerTransport>();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization });
    try {
      if (url.pathname === '/mcp') {
        const id = req.headers['mcp-session-id'];
        const existing = typeof id === 'string' ? streamable.get(id) : undefined;
        if (existing) return await existing.handleRequest(req, res);
        if (req.method !== 'POST') return void res.writeHead(400).end('no session');
        const body = await readJson(req);
        if (!isInitializeRequest(body)) return void res.writeHead(400).end('no session');
        const transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => void streamable.set(sid, transport),
        });
        transport.onclose = () => {
          if (transport.sessionId) streamable.delete(transport.sessionId);
        };
        await testMcpServer('flowdesk-test-http').connect(transport);
        return await transport.handleRequest(req, res, body);
      }
      if (url.pathname === '/sse' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        sse.set(transport.sessionId, transport);
        res.on('close', () => sse.delete(transport.sessionId));
        await testMcpServer('flowdesk-test-sse').connect(transport);
        return;
      }
      if (url.pathname === '/sse') return void res.writeHead(405).end('Method Not Allowed');
      if (url.pathname === '/messages' && req.method === 'POST') {
        const transport = sse.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) return void res.writeHead(404).end('no session');
        return await transport.handlePostMessage(req, res);
      }
      res.writeHead(404).end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/mcp`,
    sseUrl: `${base}/sse`,
    requests,
    openSessions: () => streamable.size,
    async close() {
      await Promise.allSettled([...streamable.values(), ...sse.values()].map((t) => t.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
