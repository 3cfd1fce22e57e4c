/**
 * Browser attacks at the HTTP level: a forged Host (DNS rebinding), foreign Origins, cross-site
 * fetch metadata, CORS off by default and on for listed origins, JSON-only state-changing bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { chatFlow } from './support.js';
import { raw } from '../support/http.js';
import { setTimeout as sleep } from 'node:timers/promises';

const REFUSED = { detail: 'Cross-origin requests are not allowed' };
let server: SpawnedServer;
let flowId: string;

beforeAll(async () => {
  server = await spawnServer();
  flowId = (await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatFlow('guarded')) })).json.id;
});
afterAll(async () => {
  await server?.stop();
});

const messages = async () => (await raw(server.url, `/api/v1/monitor/messages?flow_id=${flowId}`)).json.length as number;
const flowCount = async () => (await raw(server.url, '/api/v1/flows/?header_flows=true')).json.length as number;

describe('DNS rebinding: a forged Host', () => {
  it('gets 403 JSON everywhere: the editor, health, reads and runs', async () => {
    const before = await messages();
    for (const host of ['rebind.attacker.example', `rebind.attacker.example:${server.port}`, `localhost.attacker.example:${server.port}`, `127.0.0.1:${server.port + 1}`]) {
      for (const [method, p] of [
        ['GET', '/'],
        ['GET', '/health'],
        ['GET', '/api/v1/flows/'],
        ['GET', '/api/v1/variables/'],
        ['POST', `/api/v1/run/${flowId}`],
      ] as const) {
        const res = await raw(server.url, p, { method, headers: { host, 'content-type': 'application/json' }, body: method === 'POST' ? '{"input_value": "rebound"}' : undefined });
        expect(res.status, `${method} ${p} Host ${host}`).toBe(403);
        expect(res.json).toEqual({ detail: 'Invalid Host header' });
      }
    }
    expect(await messages()).toBe(before);
  });

  it('serves the server under its own names', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`]) expect((await raw(server.url, '/api/v1/flows/', { headers: { host } })).status).toBe(200);
  });

  it('answers to configured allowed hosts', async () => {
    const other = await spawnServer({ env: { FLOWDESK_ALLOWED_HOSTS: 'flowdesk.lan' } });
    try {
      expect((await raw(other.url, '/api/v1/flows/', { headers: { host: 'flowdesk.lan' } })).status).toBe(200);
      expect((await raw(other.url, '/api/v1/flows/', { headers: { host: 'other.lan' } })).status).toBe(403);
    } finally {
      await other.stop();
    }
  });
});

describe('cross-origin requests', () => {
  it('refuses a foreign Origin on every method, runs included, and nothing changes', async () => {
    const [flowsBefore, messagesBefore] = [await flowCount(), await messages()];
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`, `http://localhost:${server.port + 1}`]) {
      const attempts = [
        raw(server.url, '/api/v1/flows/', { headers: { origin } }),
        raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"name": "planted"}' }),
        raw(server.url, `/api/v1/run/${flowId}`, { method: 'POST', headers: { origin, 'content-type': 'text/plain' }, body: '{"input_value": "csrf"}' }),
        raw(server.url, `/api/v1/run/${flowId}`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"input_value": "csrf"}' }),
        raw(server.url, `/api/v1/webhook/${flowId}`, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' }),
        raw(server.url, `/api/v1/flows/${flowId}`, { method: 'DELETE', headers: { origin } }),
        raw(server.url, '/api/v1/flows/', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(403);
        expect(res.json).toEqual(REFUSED);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    await sleep(200); // a webhook run would have stored messages by now
    expect([await flowCount(), await messages()]).toEqual([flowsBefore, messagesBefore]);
  });

  it('refuses what the browser marks cross-site or same-site even without an Origin, but lets navigations to the editor in', async () => {
    for (const site of ['cross-site', 'same-site']) {
      expect((await raw(server.url, '/api/v1/flows/', { headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'no-cors' } })).status).toBe(403);
      expect((await raw(server.url, `/api/v1/webhook/${flowId}`, { method: 'POST', headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' }, body: 'x' })).status).toBe(403);
      expect((await raw(server.url, '/', { headers: { 'sec-fetch-site': site, 'sec-fetch-mode': 'navigate' } })).status).toBe(200);
    }
    expect((await raw(server.url, '/api/v1/flows/', { headers: { 'sec-fetch-site': 'same-origin', origin: server.url } })).status).toBe(200);
  });

  it('sends headers that stop framing, sniffing, referrers and cross-origin embedding', async () => {
    for (const p of ['/', '/api/v1/flows/', '/api/v1/nothing']) {
      const res = await raw(server.url, p);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "frame-ancestors 'none'",
        'referrer-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
    }
  });

  it('turns CORS on for listed origins only, never with credentials', async () => {
    const cors = await spawnServer({ env: { FLOWDESK_CORS_ORIGINS: 'https://app.example, http://localhost:5173' } });
    try {
      const preflight = await raw(cors.url, '/api/v1/run/basic-prompting', { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-allow-headers': 'content-type, x-api-key' });
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const read = await raw(cors.url, '/api/v1/flows/', { headers: { origin: 'http://localhost:5173', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors' } });
      expect(read.status).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect((await raw(cors.url, '/api/v1/flows/', { headers: { origin: 'https://other.example' } })).status).toBe(403);
    } finally {
      await cors.stop();
    }
  });

  it('refuses a CORS origin list holding "*"', async () => {
    await expect(spawnServer({ env: { FLOWDESK_CORS_ORIGINS: '*' } })).rejects.toThrow(/FLOWDESK_CORS_ORIGINS/);
  });
});

describe('state-changing requests need JSON', () => {
  it('answers 415 to form, multipart and text bodies, and nothing is created', async () => {
    const before = await flowCount();
    const form = '--X\r\nContent-Disposition: form-data; name="name"\r\n\r\nplanted\r\n--X--\r\n';
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', 'name=planted'],
      ['text/plain', '{"name": "planted"}'],
      ['multipart/form-data; boundary=X', form],
      ['', '{"name": "planted"}'],
    ] as const) {
      const res = await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
      expect(res.status, type).toBe(415);
      expect(res.json.detail).toMatch(/Content-Type: application\/json/);
      expect((await raw(server.url, `/api/v1/run/${flowId}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body })).status).toBe(415);
    }
    expect(await flowCount()).toBe(before);
  });

  it('still takes a bodyless POST (an empty run), multipart on the upload, and any body on the webhook', async () => {
    expect((await raw(server.url, `/api/v1/run/${flowId}`, { method: 'POST' })).status).toBe(200);
    const file = JSON.stringify(chatFlow('uploaded'));
    const upload = `--X\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\nContent-Type: application/json\r\n\r\n${file}\r\n--X--\r\n`;
    const uploaded = await raw(server.url, '/api/v1/flows/upload/', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=X' }, body: upload });
    expect(uploaded.status).toBe(201);
    expect((await raw(server.url, `/api/v1/webhook/${flowId}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'from a local tool' })).status).toBe(202);
  });
});

describe('no endpoint runs code from a request', () => {
  it("has none of Langflow's code endpoints", async () => {
    for (const p of ['/api/v1/validate/code', '/api/v1/validate/prompt', '/api/v1/custom_component', '/api/v1/custom_component/update']) {
      const res = await raw(server.url, p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code": "import os; os.system(\\"id\\")"}' });
      expect([404, 405], p).toContain(res.status);
    }
  });
});
