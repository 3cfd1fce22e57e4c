/**
 * Limits: bodies over the cap get 413 without being read whole; uploads have their own, larger cap;
 * slow or stalled clients are cut off; runs beyond the cap get 429 with Retry-After; a run whose
 * provider stalls is stopped by the run timeout (so every network call of a flow is bounded).
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { raw } from '../support/http.js';

/** A provider that answers chat completions with headers, then never sends the body until released. */
async function stallingProvider(): Promise<{ baseURL: string; requests: () => number; closedByClient: () => number; release(): void; close(): Promise<void> }> {
  let requests = 0;
  let closedByClient = 0;
  const waiting = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"id": "chatcmpl-1", ');
    waiting.add(res);
    res.on('close', () => {
      if (!res.writableFinished) closedByClient++;
      waiting.delete(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const answer = '"object": "chat.completion", "created": 1, "model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "late"}, "finish_reason": "stop"}]}';
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests: () => requests,
    closedByClient: () => closedByClient,
    release() {
      for (const res of waiting) res.end(answer);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Opens a socket, sends `text`, then says nothing more; resolves what the server answered and how long it took to hang up. */
function stall(port: number, text: string): Promise<{ answer: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never hung up on a stalled client'));
    }, 15_000);
  });
}

/** A Basic Prompting run; the server's environment points its model at `base` (no tweak may move the key). */
const RUN = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ input_value: 'hi' }),
};
const providerEnv = (base: string) => ({ OPENAI_BASE_URL: base, OPENAI_API_KEY: 'sk-fake' });

describe('body and upload size', () => {
  let server: SpawnedServer;
  beforeAll(async () => {
    server = await spawnServer({ args: ['--max-body-size', '1kb', '--max-upload-size', '8kb'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a declared oversize body with 413 before it is sent', async () => {
    const res = await stall(server.port, `POST /api/v1/flows/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{`);
    expect(res.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(res.answer).toContain('{"detail":"Request body is larger than the limit of 1024 bytes"}');
  });

  it('cuts off a chunked body that grows past the cap', async () => {
    const chunk = 'x'.repeat(600);
    const res = await stall(
      server.port,
      `POST /api/v1/flows/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` + `258\r\n${chunk}\r\n`.repeat(3),
    );
    expect(res.answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('takes an upload over the body cap but under the upload cap, and refuses a bigger one', async () => {
    const doc = (size: number) => JSON.stringify({ name: 'big', description: 'd'.repeat(size), data: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } } });
    const upload = (text: string) => `--B\r\nContent-Disposition: form-data; name="file"; filename="f.json"\r\n\r\n${text}\r\n--B--\r\n`;
    const headers = { 'content-type': 'multipart/form-data; boundary=B' };
    expect((await raw(server.url, '/api/v1/flows/upload/', { method: 'POST', headers, body: upload(doc(4000)) })).status).toBe(201);
    expect((await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: doc(4000) })).status).toBe(413);
    expect((await raw(server.url, '/api/v1/flows/upload/', { method: 'POST', headers, body: upload(doc(9000)) })).status).toBe(413);
    expect((await raw(server.url, '/health')).status).toBe(200);
  });
});

describe('slow and stalled clients', () => {
  it('hangs up with 408 on a client that stops mid-body or mid-headers', { timeout: 20_000 }, async () => {
    const server = await spawnServer({ args: ['--request-timeout', '1'] });
    try {
      const [midBody, midHeaders] = await Promise.all([
        stall(server.port, `POST /api/v1/flows/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`),
        stall(server.port, `GET /api/v1/flows/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `),
      ]);
      for (const res of [midBody, midHeaders]) {
        expect(res.ms).toBeLessThan(5_000);
        expect(res.answer).toMatch(/^HTTP\/1\.1 408 [\s\S]*\{"detail":"The request was not received in time"\}$/);
      }
      expect((await raw(server.url, '/health')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('runs', () => {
  let provider: Awaited<ReturnType<typeof stallingProvider>>;
  beforeAll(async () => {
    provider = await stallingProvider();
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('answers 429 with Retry-After beyond the cap on concurrent runs, webhooks included', async () => {
    const server = await spawnServer({ args: ['--max-concurrent-runs', '2'], env: { FLOWDESK_RUN_TIMEOUT: '30', ...providerEnv(provider.baseURL) } });
    try {
      const before = provider.requests();
      const held = [raw(server.url, '/api/v1/run/basic-prompting', RUN), raw(server.url, '/api/v1/run/basic-prompting', RUN)];
      for (let i = 0; i < 100 && provider.requests() < before + 2; i++) await sleep(20);
      const refused = await raw(server.url, '/api/v1/run/basic-prompting', RUN);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.json.detail).toMatch(/Too many runs in progress \(the limit is 2\)/);
      expect((await raw(server.url, '/api/v1/webhook/basic-prompting', { method: 'POST', body: 'x' })).status).toBe(429);
      expect((await raw(server.url, '/api/v1/flows/?header_flows=true')).status).toBe(200);
      provider.release();
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
      const ok = raw(server.url, '/api/v1/run/basic-prompting', RUN);
      for (let i = 0; i < 100 && provider.requests() < before + 3; i++) await sleep(20);
      provider.release();
      expect((await ok).status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('stops a run whose provider stalls after the run timeout, blocking and streamed, and hangs up on the provider', async () => {
    const server = await spawnServer({ args: ['--run-timeout', '1'], env: providerEnv(provider.baseURL) });
    try {
      const closedBefore = provider.closedByClient();
      const started = Date.now();
      const blocking = await raw(server.url, '/api/v1/run/basic-prompting', RUN);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(blocking.status).toBe(500);
      // A failed run's detail is Langflow 1.8's ExceptionBody as JSON text.
      expect(JSON.parse(blocking.json.detail).message).toBe("Error running graph: The run took longer than the server's run timeout (1 s) and was stopped");
      const streamed = await raw(server.url, '/api/v1/run/basic-prompting?stream=true', RUN);
      expect(streamed.status).toBe(200);
      expect(streamed.text.trim().split('\n\n').map((e) => JSON.parse(e)).at(-1)).toEqual({ event: 'error', data: { error: "Error running graph: The run took longer than the server's run timeout (1 s) and was stopped" } });
      for (let i = 0; i < 100 && provider.closedByClient() < closedBefore + 2; i++) await sleep(20);
      expect(provider.closedByClient()).toBe(closedBefore + 2);
    } finally {
      await server.stop();
    }
  });
});
