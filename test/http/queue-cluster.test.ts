/**
 * Queued runs (`flowdesk run --queue-url`, `flowdesk worker`) as real processes: 2 servers and 2
 * workers on one PostgreSQL database and one Redis key prefix of their own. Runs spread over both
 * workers; streaming relays a worker's events through the server holding the request; a client
 * that goes away cancels the job; the webhook enqueues and answers 202; a worker SIGKILLed mid-run
 * leaves its run to the other one, without duplicate messages.
 */
import net from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { readEventStream, request } from '../support/http.js';
import { createTestDatabase, postgresUnavailable, serviceSuiteName, type TestDatabase } from '../support/postgres.js';
import { createTestPrefix, QUEUE_URL, redisUnavailable, type TestPrefix } from '../support/redis.js';
import { runFlowdesk, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { spawnWorker, type SpawnedWorker } from '../support/spawn-worker.js';

const unavailable = (await postgresUnavailable()) ?? (await redisUnavailable());
const SECRET_KEY = Buffer.alloc(32, 9).toString('base64');
const CHUNKS = Array.from({ length: 30 }, (_, i) => `t${i} `);
const REPLY = CHUNKS.join('');
/** A non-streamed answer takes this long: runs overlap, and a worker can be killed mid-run. */
const DELAY_MS = 1_000;

/** A TCP relay to `target` that can be cut (listener and connections closed) and opened again on the same port. */
async function tcpProxy(target: URL): Promise<{ port: number; close(): Promise<void>; reopen(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const open = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port));
    });
  const port = await open(0);
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
    reopen: async () => {
      await open(port);
    },
  };
}

const answerOf = (body: any): string => body?.outputs?.[0]?.outputs?.[0]?.results?.message?.text;
const startedRuns = (worker: SpawnedWorker): number => worker.stderr().match(/run \S+ of flow \S+ started/g)?.length ?? 0;

describe.skipIf(unavailable !== undefined)(serviceSuiteName('queued runs: 2 servers and 2 workers on PostgreSQL and Redis', unavailable), () => {
  let db: TestDatabase;
  let keys: TestPrefix;
  let fake: FakeOpenAI;
  const servers: SpawnedServer[] = [];
  let workers: SpawnedWorker[] = [];
  let flowId: string;
  let commonEnv: Record<string, string>;

  beforeAll(async () => {
    [db, fake] = await Promise.all([createTestDatabase(), startFakeOpenAI({ reply: REPLY, chunks: CHUNKS, chunkDelayMs: 40, delayMs: DELAY_MS })]);
    keys = createTestPrefix();
    const env = {
      FLOWDESK_DATABASE_URL: db.url,
      FLOWDESK_SECRET_KEY: SECRET_KEY,
      FLOWDESK_QUEUE_URL: QUEUE_URL,
      FLOWDESK_QUEUE_PREFIX: keys.prefix,
      FLOWDESK_QUEUE_LOCK_MS: '2000',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-fake-test-key',
    };
    // The first server migrates the schema; the others start once it is there.
    const args = ['--run-timeout', '30', '--max-concurrent-runs', '20'];
    servers.push(await spawnServer({ env, args }));
    servers.push(await spawnServer({ env, args }));
    commonEnv = env;
    workers = await Promise.all([spawnWorker({ env, args: ['--concurrency', '10'] }), spawnWorker({ env, args: ['--concurrency', '10'] })]);
    const [a] = servers as [SpawnedServer];
    const basic = (await request(a.url, 'GET', '/api/v1/flows/?format=flowdesk')).body.find((f: any) => f.endpoint_name === 'basic-prompting');
    const data = structuredClone(basic.data);
    data.nodes.find((n: any) => n.data?.type === 'OpenAIModel').data.values.openai_api_base = fake.baseURL;
    const created = await request(a.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: 'Queued prompting', endpoint_name: 'queued-prompting', data } });
    expect(created.status).toBe(201);
    flowId = created.body.id;
    // Every server sees the flow before the tests run (the workers read it the same way).
    for (const server of servers) {
      await vi.waitFor(async () => expect((await request(server.url, 'GET', `/api/v1/flows/${flowId}`)).status).toBe(200), { timeout: 5_000 });
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([...servers.map((s) => s.stop()), ...workers.map((w) => w.stop())]);
    await Promise.allSettled([db?.drop(), fake?.close()]);
    await keys?.clean();
  });

  const runningInCluster = async (): Promise<number> => {
    const redis = new Redis(QUEUE_URL);
    try {
      return await redis.zcard(`${keys.prefix}:running`);
    } finally {
      redis.disconnect();
    }
  };
  const cancelledRuns = () => workers.map((w) => w.stderr().match(/run \S+ of flow \S+ ended: The run was cancelled/g)?.length ?? 0).reduce((a, b) => a + b, 0);
  const run = (server: SpawnedServer, json: Record<string, unknown>, query = '') => request(server.url, 'POST', `/api/v1/run/queued-prompting${query}`, { json });

  it('reports the queue in /health', async () => {
    for (const server of servers) expect(await request(server.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok', queue: 'ok' } });
  });

  it('answers 20 concurrent blocking runs through both servers, executed by both workers', async () => {
    const before = workers.map(startedRuns);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => run(servers[i % 2]!, { input_value: `hello ${i}`, session_id: `many-${i}` })));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answerOf(answer.body)).toBe(REPLY);
    }
    expect(answers[3]!.body.session_id).toBe('many-3');
    // 20 runs of 1 s each on 2 × 10 slots: about one round, not 20 (nor 2).
    expect(performance.now() - started).toBeLessThan(DELAY_MS * 4);
    const ran = workers.map((w, i) => startedRuns(w) - before[i]!);
    expect(ran[0]! + ran[1]!).toBe(20);
    expect(Math.min(...ran)).toBeGreaterThan(0);
  }, 30_000);

  it('refuses with 429 a run beyond the limit of the whole cluster, whichever server gets it', async () => {
    const inFlight = Array.from({ length: 20 }, (_, i) => run(servers[0]!, { input_value: `fill ${i}`, session_id: `fill-${i}` }));
    // The 20 are admitted (in Redis, for the whole cluster) before the 21st asks, through the other server.
    await vi.waitFor(async () => expect(await runningInCluster()).toBe(20), { timeout: 5_000, interval: 20 });
    const refused = await run(servers[1]!, { input_value: 'one too many', session_id: 'refused' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.body.detail).toBe('Too many runs in progress (the limit is 20): try again shortly');
    expect((await Promise.all(inFlight)).map((r) => r.status)).toEqual(Array(20).fill(200));
    // Once they are done, the cluster admits again.
    await vi.waitFor(async () => expect(await runningInCluster()).toBe(0), { timeout: 5_000, interval: 20 });
    expect((await run(servers[1]!, { input_value: 'room again', session_id: 'room' })).status).toBe(200);
  }, 30_000);

  it('stops a run after the run timeout of the server holding the request, and cancels its job', async () => {
    const hasty = await spawnServer({ env: commonEnv, args: ['--run-timeout', '0.5'] });
    const cancelledBefore = cancelledRuns();
    try {
      const res = await request(hasty.url, 'POST', '/api/v1/run/queued-prompting', { json: { input_value: 'too slow', session_id: 'hasty' } });
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body.detail).message).toBe("Error running graph: The run took longer than the server's run timeout (0.5 s) and was stopped");
      await vi.waitFor(() => expect(cancelledRuns()).toBe(cancelledBefore + 1), { timeout: 5_000 });
    } finally {
      await hasty.stop();
    }
  }, 30_000);

  it('keeps the statuses of errors found before the run: 404 and 422', async () => {
    expect((await request(servers[0]!.url, 'POST', '/api/v1/run/no-such-flow', { json: {} })).status).toBe(404);
    expect((await run(servers[1]!, { input_value: 5 })).status).toBe(422);
  });

  it("streams a worker's events in order through the server that holds the request", async () => {
    const res = await fetch(`${servers[1]!.url}/api/v1/run/queued-prompting?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_value: 'stream please', session_id: 'stream-1' }),
    });
    expect(res.status).toBe(200);
    const events = await readEventStream(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('add_message');
    expect(events[0]!.data).toMatchObject({ text: 'stream please', sender: 'User', session_id: 'stream-1' });
    const tokens = events.filter((e) => e.event === 'token');
    expect(tokens.map((t) => t.data.chunk)).toEqual(CHUNKS);
    expect(names.slice(-3)).toEqual(['add_message', 'add_message', 'end']);
    expect(answerOf(events.at(-1)!.data.result)).toBe(REPLY);
  }, 30_000);

  it('cancels the job when the client goes away', async () => {
    const controller = new AbortController();
    const res = await fetch(`${servers[0]!.url}/api/v1/run/queued-prompting?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input_value: 'I will leave', session_id: 'leaver' }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    let seen = '';
    while (!seen.includes('"token"')) seen += new TextDecoder().decode((await reader.read()).value);
    const cancelledBefore = cancelledRuns();
    controller.abort();
    await vi.waitFor(() => expect(cancelledRuns()).toBe(cancelledBefore + 1), { timeout: 5_000 });
    const messages = await request(servers[1]!.url, 'GET', '/api/v1/monitor/messages?session_id=leaver');
    // The question was stored; no answer was.
    expect((messages.body as { sender: string }[]).map((m) => m.sender)).toEqual(['User']);
  }, 30_000);

  it('enqueues a webhook run and answers 202', async () => {
    const res = await request(servers[1]!.url, 'POST', `/api/v1/webhook/${flowId}`, { json: { event: 'queued-hook' } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: 'Task started in the background', status: 'in progress' });
    await vi.waitFor(async () => {
      const messages = (await request(servers[0]!.url, 'GET', `/api/v1/monitor/messages?flow_id=${flowId}&session_id=${flowId}`)).body as { text: string; sender: string }[];
      expect(messages.map((m) => m.text)).toEqual([JSON.stringify({ event: 'queued-hook' }), REPLY]);
    }, { timeout: 10_000 });
  }, 30_000);

  it('answers /health (and runs) with 503 while the queue does not answer, and 200 once it is back', async () => {
    const proxy = await tcpProxy(new URL(QUEUE_URL));
    const cut = await spawnServer({ env: { ...commonEnv, FLOWDESK_QUEUE_URL: `redis://127.0.0.1:${proxy.port}` } });
    try {
      expect((await request(cut.url, 'GET', '/health')).status).toBe(200);
      await proxy.close();
      await vi.waitFor(async () => expect(await request(cut.url, 'GET', '/health')).toMatchObject({ status: 503, body: { status: 'nok', database: 'ok', queue: 'unreachable' } }), { timeout: 5_000 });
      const refused = await request(cut.url, 'POST', '/api/v1/run/queued-prompting', { json: { input_value: 'anyone?' } });
      expect(refused.status).toBe(503);
      expect(refused.body.detail).toMatch(/^The run queue does not answer/);
      await proxy.reopen();
      await vi.waitFor(async () => expect(await request(cut.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', queue: 'ok' } }), { timeout: 10_000 });
      const res = await request(cut.url, 'POST', '/api/v1/run/queued-prompting', { json: { input_value: 'back again' } });
      expect(res.status).toBe(200);
      expect(answerOf(res.body)).toBe(REPLY);
    } finally {
      await cut.stop();
      await proxy.close();
    }
  }, 40_000);

  it('runs again on the other worker a run whose worker was SIGKILLed, without duplicate messages', async () => {
    const before = workers.map(startedRuns);
    const asked = fake.requests.length;
    const answer = run(servers[0]!, { input_value: 'survive this', session_id: 'killed' });
    let victim = -1;
    await vi.waitFor(() => {
      victim = workers.findIndex((w, i) => startedRuns(w) > before[i]!);
      expect(victim).toBeGreaterThanOrEqual(0);
    }, { timeout: 5_000, interval: 10 });
    // Killed while the model answers: the question is stored by then.
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(asked), { timeout: 5_000, interval: 10 });
    await workers[victim]!.stop('SIGKILL');
    const survivor = workers[1 - victim]!;
    const res = await answer;
    expect(res.status).toBe(200);
    expect(answerOf(res.body)).toBe(REPLY);
    expect(survivor.stderr()).toMatch(/its worker stopped mid-run; running it again \(1 message\(s\) of the stopped attempt removed\)/);
    const messages = (await request(servers[1]!.url, 'GET', '/api/v1/monitor/messages?session_id=killed')).body as { text: string; sender: string }[];
    expect(messages.map((m) => [m.sender, m.text])).toEqual([['User', 'survive this'], ['Machine', REPLY]]);
  }, 40_000);
});

describe.skipIf(unavailable !== undefined)(serviceSuiteName('flowdesk run --queue-url, when it cannot start', unavailable), () => {
  it('needs --database-url: one line, exit 1', async () => {
    const result = await runFlowdesk(['run', '--port', '0', '--queue-url', QUEUE_URL]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['flowdesk: --queue-url needs --database-url: the workers must see the same flows, variables and messages as the servers']);
  });

  it('says in one line, without a stack, that the queue does not answer', async () => {
    const db = await createTestDatabase();
    try {
      const result = await runFlowdesk(['run', '--port', '0', '--log-level', 'warn', '--database-url', db.url, '--queue-url', 'redis://:hunter2secret@127.0.0.1:1'], { env: { FLOWDESK_SECRET_KEY: SECRET_KEY } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flowdesk: cannot reach the queue at 127\.0\.0\.1:1: /)]);
      expect(result.stderr).not.toContain('hunter2');
      const worker = await runFlowdesk(['worker', '--log-level', 'warn', '--database-url', db.url, '--queue-url', 'redis://127.0.0.1:1'], { env: { FLOWDESK_SECRET_KEY: SECRET_KEY } });
      expect(worker.code).toBe(1);
      expect(worker.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flowdesk: cannot reach the queue at 127\.0\.0\.1:1: /)]);
      expect(worker.stderr.trim().split('\n').at(-1)).toMatch(/^flowdesk: cannot reach the queue at 127\.0\.0\.1:1: /);
    } finally {
      await db.drop();
    }
  }, 30_000);

  it('prints the worker help', async () => {
    const result = await runFlowdesk(['worker', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: flowdesk worker --database-url URL --queue-url URL');
    expect(result.stdout).toContain('--concurrency N');
    expect(result.stdout).toContain('env FLOWDESK_QUEUE_URL');
  });
});
