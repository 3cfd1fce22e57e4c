/**
 * Fuzz: thousands of malformed requests (bad JSON, wrong types, huge strings, deep nesting,
 * invalid UTF-8, unknown routes and methods, path traversal, broken multipart, flows with cycles
 * and dangling edges, random tweaks) get JSON answers below 500 (4xx for everything that is
 * certainly wrong), never HTML, and the server keeps serving. Seeded: a failure names its case.
 */
import { access } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { chatFlow } from './support.js';
import { raw } from '../support/http.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);
const CASES = 3000;
const CONCURRENCY = 16;

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The request is certainly wrong: 4xx expected (else any status below 500). */
  bad: boolean;
  /** The server may answer (413) and hang up while the body is still being sent. */
  oversize?: boolean;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: SpawnedServer;
let flowId: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  server = await spawnServer();
  flowId = (await raw(server.url, '/api/v1/flows/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatFlow('fuzz target')) })).json.id;
});
afterAll(async () => {
  agent.destroy();
  await server?.stop();
});

function makeCases(random: () => number): Case[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (max: number) => Math.floor(random() * max);
  const JSON_ROUTES = [
    ['POST', '/api/v1/flows/'],
    ['PATCH', `/api/v1/flows/${flowId}`],
    ['POST', `/api/v1/run/${flowId}`],
    ['POST', `/api/v1/run/${flowId}?stream=true`],
    ['POST', '/api/v1/variables/'],
    ['POST', '/api/v1/api_key/'],
    ['POST', '/api/v1/flows/download/'],
    ['POST', '/api/v1/flows/upload/'],
    ['PATCH', '/api/v1/settings'],
    ['POST', '/api/v1/session'],
  ] as const;
  const junkValue = (depth = 0): unknown => {
    const r = random();
    if (depth > 3 || r < 0.3) return pick([null, true, false, 0, -1, 1e308, 'x', '', '\u0000', '💥', 'ChatInput-aaaaa', '__proto__', 'constructor']);
    if (r < 0.6) return Array.from({ length: int(4) }, () => junkValue(depth + 1));
    const obj: Record<string, unknown> = {};
    for (let i = int(5); i > 0; i--) obj[pick(['input_value', 'code', 'stream', 'ChatInput-aaaaa', 'Chat Output', '__proto__', 'constructor', 'sender', 'session_id', 'should_store_message', 'x'])] = junkValue(depth + 1);
    return obj;
  };
  const deep = (n: number, open: string, close: string, inner = '1') => open.repeat(n) + inner + close.repeat(n);
  const badNodes = () => {
    const nodes = [
      { id: 'ChatInput-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatInput', values: {} } },
      { id: 'ChatOutput-bbbbb', type: 'component', position: { x: 0, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      { id: 'Prompt-ccccc', type: 'component', position: { x: 0, y: 0 }, data: { type: 'Prompt', values: { template: '{a}' } } },
    ];
    const edges = pick([
      // a cycle through the prompt
      [
        { id: 'e1', source: 'Prompt-ccccc', sourceHandle: 'prompt', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' },
        { id: 'e2', source: 'ChatOutput-bbbbb', sourceHandle: 'message', target: 'Prompt-ccccc', targetHandle: 'a' },
      ],
      // a self loop
      [{ id: 'e1', source: 'Prompt-ccccc', sourceHandle: 'prompt', target: 'Prompt-ccccc', targetHandle: 'a' }],
      // dangling edges
      [{ id: 'e1', source: 'Nowhere-zzzzz', sourceHandle: 'x', target: 'ChatOutput-bbbbb', targetHandle: 'input_value' }],
      [{ id: 'e1', source: 'ChatInput-aaaaa', sourceHandle: 'nope', target: 'Gone-yyyyy', targetHandle: 'input_value' }],
    ]);
    return { name: `broken ${int(1e6)}`, data: { nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } } };
  };

  const generators: (() => Case)[] = [
    // Malformed JSON.
    () => {
      const [method, path] = pick(JSON_ROUTES);
      const body = pick(['{', '{"name": ', '[1, 2', '{"a": }', 'nul', 'NaN', '{"a": 1}}', "{'a': 1}", '{"a": "\\x"}', '\u0000', '{"a": 1e999999']);
      return { name: `bad JSON ${method} ${path} ${JSON.stringify(body)}`, method, path, headers: { 'content-type': 'application/json' }, body, bad: true };
    },
    // Wrong types.
    () => {
      const [method, path, body] = pick([
        ['POST', '/api/v1/flows/', { name: 123 }],
        ['POST', '/api/v1/flows/', { name: 'x', data: 'not an object' }],
        ['POST', '/api/v1/flows/', { name: 'x', data: { nodes: {}, edges: 5 } }],
        ['POST', '/api/v1/flows/', { name: 'x', data: { nodes: [5, 'x', null], edges: [] } }],
        ['POST', '/api/v1/flows/', { name: 'x', endpoint_name: 'no spaces allowed' }],
        ['POST', '/api/v1/flows/', [1, 2, 3]],
        ['POST', '/api/v1/flows/', 'a string'],
        ['PATCH', `/api/v1/flows/${flowId}`, { description: { x: 1 } }],
        ['POST', `/api/v1/run/${flowId}`, { input_value: { x: 1 } }],
        ['POST', `/api/v1/run/${flowId}`, { tweaks: [1, 2] }],
        ['POST', `/api/v1/run/${flowId}`, { output_type: 'everything' }],
        ['POST', `/api/v1/run/${flowId}`, { session_id: 12 }],
        ['POST', `/api/v1/run/${flowId}`, 42],
        ['POST', '/api/v1/variables/', { name: 'x y', value: 'v' }],
        ['POST', '/api/v1/variables/', { name: 'OK_NAME', value: 5 }],
        ['POST', '/api/v1/variables/', { name: 'OK_NAME', value: 'v', type: 'Secret' }],
        ['POST', '/api/v1/variables/', { name: 'OK_NAME', value: 'v', default_fields: [1] }],
        ['POST', '/api/v1/api_key/', { name: { a: 1 } }],
        ['POST', '/api/v1/flows/download/', { ids: 'x' }],
        ['POST', '/api/v1/flows/download/', []],
        ['POST', '/api/v1/flows/download/', ['not-a-flow-id']],
        ['PATCH', '/api/v1/settings', { require_api_key: 'yes' }],
        ['POST', '/api/v1/session', { api_key: 7 }],
        ['POST', '/api/v1/session', {}],
        ['POST', '/api/v1/flows/upload/', { flows: 'x' }],
        ['POST', '/api/v1/flows/upload/', { flowdesk: { format: 99 }, name: 'x', data: {} }],
      ] as const);
      return { name: `wrong types ${method} ${path} ${JSON.stringify(body)}`, method, path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), bad: true };
    },
    // Huge strings.
    () => {
      const [path, body] = pick([
        ['/api/v1/flows/', () => JSON.stringify({ name: 'n'.repeat(600) })],
        ['/api/v1/variables/', () => JSON.stringify({ name: 'BIG', value: 'v'.repeat(1_100_000) })],
        ['/api/v1/api_key/', () => JSON.stringify({ name: 'k'.repeat(300) })],
        ['/api/v1/flows/', () => JSON.stringify({ name: 'x', endpoint_name: 'e'.repeat(200) })],
        [`/api/v1/run/${flowId}`, () => 'x'.repeat(11 * 1024 * 1024)],
      ] as const);
      const text = body();
      return { name: `huge string ${path}`, method: 'POST', path, headers: { 'content-type': 'application/json' }, body: text, bad: true, oversize: text.length > 10 * 1024 * 1024 };
    },
    // Deep nesting, 10k+ levels, in every JSON body.
    () => {
      const [method, path] = pick(JSON_ROUTES);
      const levels = 10_000 + int(40_000);
      const body = pick([
        deep(levels, '[', ']'),
        deep(levels, '{"a":', '}'),
        `{"name": "deep", "data": {"nodes": [], "edges": [], "x": ${deep(levels, '[', ']')}}}`,
        `{"input_value": "x", "tweaks": {"ChatInput-aaaaa": {"input_value": ${deep(levels, '{"a":', '}', '"x"')}}}}`,
      ]);
      return { name: `deep nesting ${levels} ${method} ${path}`, method, path, headers: { 'content-type': 'application/json' }, body, bad: true };
    },
    // Invalid UTF-8 bodies and paths.
    () => {
      const [method, path] = pick(JSON_ROUTES);
      const body = Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
      return { name: `invalid UTF-8 body ${method} ${path}`, method, path, headers: { 'content-type': 'application/json' }, body, bad: true };
    },
    () => {
      const path = pick(['/api/v1/flows/%ff%fe', '/api/v1/flows/%E0%A4%A', '/api/v1/run/%c3%28', '/api/v1/variables/%', '/api/v1/monitor/messages/session/%ed%a0%80', '/api/v1/api_key/%zz', '/%ff%fe', '/assets/%E0%A4%A.js']);
      const method = path.includes('/run/') ? 'POST' : path.startsWith('/api/') ? pick(['GET', 'DELETE', 'PATCH']) : 'GET';
      // A session id is any string: forgetting an unknown one is fine (204); the editor serves its page.
      const bad = path.startsWith('/api/') && !path.includes('/session/');
      return { name: `invalid UTF-8 path ${method} ${path}`, method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}', bad };
    },
    // Unknown routes and methods.
    () => {
      const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'SEARCH']);
      const path = pick(['/api/v1/nothing', '/api/v2/', '/api/v1/flows/x/y/z', `/api/v1/run/${int(1e9)}`, '/api/', '/api/v1/version/extra', '/health/x', `/api/v1/${'a/'.repeat(int(50))}`]);
      const known = method === 'GET' && path === '/health/x';
      return { name: `unknown route ${method} ${path}`, method, path, bad: !known };
    },
    () => {
      const [method, path] = pick([
        ['PUT', '/api/v1/version'],
        ['DELETE', '/api/v1/all'],
        ['PUT', '/api/v1/flows/'],
        ['GET', `/api/v1/run/${flowId}`],
        ['DELETE', `/api/v1/webhook/${flowId}`],
        ['PATCH', '/api/v1/api_key/'],
        ['TRACE', '/api/v1/flows/'],
      ] as const);
      return { name: `wrong method ${method} ${path}`, method, path, bad: true };
    },
    // Path traversal in ids, names and upload file names.
    () => {
      const path = pick([
        '/api/v1/flows/..%2F..%2F..%2Fetc%2Fpasswd',
        '/api/v1/flows/../../../../etc/passwd',
        '/api/v1/variables/..%2f..%2fsecret.key',
        '/api/v1/monitor/messages/session/..%2F..%2Fflows.json',
        '/api/v1/run/..%2F..%2Fflows.json',
        '/api/v1/api_key/%2e%2e%2f%2e%2e%2fapi-keys.json',
      ]);
      const method = path.includes('/run/') ? 'POST' : pick(['GET', 'DELETE']);
      // A session id is not a path: forgetting session "../../flows.json" forgets nothing (204).
      return { name: `traversal ${method} ${path}`, method, path, bad: !(path.includes('/session/') && method === 'DELETE') };
    },
    () => {
      const filename = pick(['../../../../tmp/flowdesk-pwned.json', '..\\..\\windows\\system32\\x.json', '/etc/passwd', 'a\u0000b.json', '%2e%2e%2fx.json', 'x'.repeat(5000)]);
      const content = pick(['{not json', deep(20_000, '[', ']'), '"a string"', '{"flows": 5}']);
      const body = `--F\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/json\r\n\r\n${content}\r\n--F--\r\n`;
      return { name: `upload file ${JSON.stringify(filename.slice(0, 40))} ${content.slice(0, 20)}`, method: 'POST', path: '/api/v1/flows/upload/', headers: { 'content-type': 'multipart/form-data; boundary=F' }, body, bad: true };
    },
    // Uploaded files (File components): traversal in file names and flow ids.
    () => {
      const filename = pick(['../../../../tmp/flowdesk-pwned.json', '..\\..\\..\\tmp\\flowdesk-pwned.json', '/tmp/flowdesk-pwned.json', '..', '.', 'a\u0000b.txt', '%2e%2e%2f%2e%2e%2fflowdesk-pwned.json']);
      const [path, bad] = pick([
        ['/api/v2/files', false],
        [`/api/v1/files/upload/${flowId}`, false],
        ['/api/v1/files/upload/..%2F..%2F..%2Ftmp', true],
        ['/api/v1/files/upload/..', true],
      ] as const);
      const body = `--F\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\npwned\r\n--F--\r\n`;
      return { name: `file upload ${path} ${JSON.stringify(filename)}`, method: 'POST', path, headers: { 'content-type': 'multipart/form-data; boundary=F' }, body, bad };
    },
    // Broken multipart.
    () => {
      const body = pick(['--F\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n\r\n{"name": "x"', 'no boundary here', '--G\r\n\r\n--G--', '--F\r\nContent-Disposition: form-data; name="other"\r\n\r\nv\r\n--F--\r\n']);
      const type = pick(['multipart/form-data; boundary=F', 'multipart/form-data', 'multipart/form-data; boundary=']);
      return { name: `broken multipart ${type} ${JSON.stringify(body.slice(0, 30))}`, method: 'POST', path: '/api/v1/flows/upload/', headers: { 'content-type': type }, body, bad: true };
    },
    // Flows with cycles and dangling edges: create (saving a draft may work), import, then run them.
    () => {
      const doc = badNodes();
      const [path, bad] = pick([
        ['/api/v1/flows/', false],
        ['/api/v1/flows/upload/', false],
      ] as const);
      return { name: `broken flow ${path} ${JSON.stringify(doc.data.edges)}`, method: 'POST', path, headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc), bad };
    },
    // Random tweaks shapes on a real flow.
    () => {
      const body = { input_value: pick(['hi', null, undefined]), tweaks: junkValue(), output_type: pick(['chat', 'any', 'debug', undefined]), input_type: pick(['chat', 'text', 'any', undefined]) };
      return { name: `tweaks ${JSON.stringify(body)}`, method: 'POST', path: `/api/v1/run/${flowId}${pick(['', '?stream=true'])}`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), bad: false };
    },
    // Bad query parameters.
    () => {
      const path = pick([`/api/v1/run/${flowId}?stream=maybe`, '/api/v1/flows/?header_flows=2', '/api/v1/monitor/messages?order_by=%00', '/api/v1/flows/?x-api-key=', '/api/v1/flows/?x-api-key=sk-nope']);
      const method = path.includes('/run/') ? 'POST' : 'GET';
      const bad = !path.endsWith('x-api-key=') && !path.includes('order_by');
      return { name: `query ${method} ${path}`, method, path, bad };
    },
  ];
  return Array.from({ length: CASES }, () => pick(generators)());
}

function send(c: Case): Promise<{ status: number; type: string; text: string } | 'hung up'> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...c.headers };
    if (c.body !== undefined) headers['content-length'] = Buffer.byteLength(c.body);
    // The path goes out as is: a URL string would resolve its dot segments first.
    const req = http.request({ host: '127.0.0.1', port: server.port, path: c.path, method: c.method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }));
      res.on('error', reject);
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no answer in 20 s')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (c.oversize && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) resolve('hung up');
      else reject(new Error(`${c.name}: ${error.message}`));
    });
    req.end(c.body);
  });
}

/** What Node's HTTP parser gets before Koa does: broken request lines, headers and framing. */
function rawSocket(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    setTimeout(() => socket.destroy(), 10_000);
  });
}

const isJsonAnswer = (a: { type: string; text: string }) => {
  if (!a.type.startsWith('application/json') && !a.type.startsWith('text/event-stream')) return false;
  if (a.type.startsWith('text/event-stream')) return true;
  try {
    JSON.parse(a.text);
    return true;
  } catch {
    return false;
  }
};

describe('fuzzing the HTTP API', () => {
  it(`answers ${CASES} malformed requests with JSON below 500 (seed ${SEED})`, { timeout: 90_000 }, async () => {
    const cases = makeCases(prng(SEED));
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++] as Case;
          const answer = await send(c);
          if (answer === 'hung up') continue; // refused before the whole body was read: see limits.test.ts
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 500 || (c.bad && answer.status < 400)) problems.push(`${answer.status} for ${c.name.slice(0, 300)}: ${answer.text.slice(0, 300)}`);
          // Every refusal is JSON (a 2xx may be the editor's page, a 204 or an event stream).
          else if (answer.status >= 400 && !isJsonAnswer(answer)) problems.push(`non-JSON answer (${answer.type}) for ${c.name.slice(0, 300)}: ${answer.text.slice(0, 100)}`);
        }
      }),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    // Most of it was refused, as it should be.
    const refused = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, count]) => sum + count, 0);
    expect(refused).toBeGreaterThan(CASES * 0.7);
  });

  it('answers requests Node itself rejects in JSON too', async () => {
    const host = `Host: 127.0.0.1:${server.port}\r\n`;
    for (const text of [
      'GARBAGE\r\n\r\n',
      `FOO /api/v1/flows/ HTTP/1.1\r\n${host}\r\n`,
      `GET /api/v1/flows/ HTTP/9.9\r\n${host}\r\n`,
      `GET /api/v1/flows/ HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      `POST /api/v1/flows/ HTTP/1.1\r\n${host}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello`,
      `POST /api/v1/flows/ HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nzz\r\n`,
      `GET /api/v1/fl\u0000ows/ HTTP/1.1\r\n${host}\r\n`,
      `GET /api/v1/flows/ HTTP/1.1\r\nBad Header Name: x\r\n${host}\r\n`,
    ]) {
      const answer = await rawSocket(text);
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);
      expect(status, JSON.stringify(text.slice(0, 60))).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(answer).toMatch(/\r\nContent-Type: application\/json\r\n[\s\S]*\r\n\r\n\{"detail":"[^"]+"\}$/i);
    }
  });

  it('still serves afterwards: health, the flow list, runs; and uploads never wrote files outside the data directory', async () => {
    expect((await raw(server.url, '/health')).status).toBe(200);
    expect((await raw(server.url, '/api/v1/flows/?header_flows=true')).status).toBe(200);
    const run = await raw(server.url, `/api/v1/run/${flowId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input_value": "still here?"}' });
    expect(run.status).toBe(200);
    expect(run.json.outputs[0].outputs[0].results.message.text).toBe('still here?');
    for (const file of ['/tmp/flowdesk-pwned.json', '/tmp/pwned', path.join(path.dirname(server.dataDir), 'flowdesk-pwned.json')]) {
      await expect(access(file), file).rejects.toThrow();
    }
    expect(server.stderr()).not.toMatch(/Internal Server Error|RangeError|Maximum call stack/);
  });
});
