/**
 * Two real servers (`flowdesk run --database-url …`) on one PostgreSQL database, each with its own
 * data directory: a flow saved through one runs through the other, a key created on one works on
 * the other, and a key revoked on one stops working on both. /health reports the database.
 */
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from '../support/http.js';
import { ADMIN_URL, createTestDatabase, postgresUnavailable, serviceSuiteName, type TestDatabase } from '../support/postgres.js';
import { runFlowdesk, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

const unavailable = await postgresUnavailable();
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

const eventually = (check: () => Promise<void>): Promise<void> => vi.waitFor(check, { timeout: 5_000, interval: 50 });
const answerOf = (body: any): string => body?.outputs?.[0]?.outputs?.[0]?.results?.message?.text;

describe.skipIf(unavailable !== undefined)(serviceSuiteName('two servers on one PostgreSQL database', unavailable), () => {
  let db: TestDatabase;
  let a: SpawnedServer;
  let b: SpawnedServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { FLOWDESK_DATABASE_URL: db.url, FLOWDESK_SECRET_KEY: SECRET_KEY };
    // Started at once: the schema is migrated and the starters seeded once between them.
    [a, b] = await Promise.all([spawnServer({ env }), spawnServer({ env })]);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('reports the database in /health and the banner', async () => {
    for (const server of [a, b]) {
      const health = await request(server.url, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok', database: 'ok' });
      expect(server.stdout()).toContain(`Database: 127.0.0.1:5432/${db.name} (PostgreSQL)`);
    }
    expect((await request(a.url, 'GET', '/health_check')).body).toMatchObject({ status: 'ok', db: 'ok' });
    const flows = (await request(a.url, 'GET', '/api/v1/flows/')).body as { endpoint_name: string | null }[];
    expect(flows.filter((f) => f.endpoint_name === 'text-template')).toHaveLength(1);
  });

  it('runs through one server a flow saved through the other, and its next version', async () => {
    const flow = JSON.parse(readFileSync(new URL('../fixtures/flows/chat-echo.json', import.meta.url), 'utf8'));
    const prompt = flow.data.nodes.find((n: any) => n.data?.type === 'Prompt');
    prompt.data.values.template = 'Version one says: {text}';
    const created = await request(a.url, 'POST', '/api/v1/flows/', { json: { ...flow, name: 'Shared', endpoint_name: 'shared-flow' } });
    expect(created.status).toBe(201);
    const data = flow.data;
    const run = () => request(b.url, 'POST', '/api/v1/run/shared-flow?stream=false', { json: { input_value: 'hello', input_type: 'chat', output_type: 'chat' } });
    await eventually(async () => expect(answerOf((await run()).body)).toBe('Version one says: hello'));
    prompt.data.values.template = 'Version two says: {text}';
    expect((await request(a.url, 'PATCH', `/api/v1/flows/${created.body.id}`, { json: { data } })).status).toBe(200);
    await eventually(async () => expect(answerOf((await run()).body)).toBe('Version two says: hello'));
    // The messages of that run, written by b, are read through a.
    const messages = await request(a.url, 'GET', `/api/v1/monitor/messages?flow_id=${created.body.id}`);
    expect((messages.body as { text: string }[]).map((m) => m.text)).toContain('Version two says: hello');
  });

  it('accepts on one server a key created on the other, and refuses it on both once revoked', async () => {
    const created = await request(a.url, 'POST', '/api/v1/api_key/', { json: { name: 'shared' } });
    const key: string = created.body.api_key;
    expect(key).toMatch(/^sk-/);
    // Keys required from now on, on both servers (the setting is in the database too).
    expect((await request(a.url, 'PATCH', '/api/v1/settings', { json: { require_api_key: true } })).status).toBe(200);
    await eventually(async () => expect((await request(b.url, 'GET', '/api/v1/flows/')).status).toBe(403));
    await eventually(async () => expect((await request(b.url, 'GET', '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(200));
    expect((await request(b.url, 'DELETE', `/api/v1/api_key/${created.body.id}`, { headers: { 'x-api-key': key } })).status).toBe(200);
    await eventually(async () => expect((await request(a.url, 'GET', '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(403));
    expect((await request(b.url, 'GET', '/api/v1/flows/', { headers: { 'x-api-key': key } })).status).toBe(403);
    // `flowdesk api-key --database-url` stores a key that every server accepts.
    const cli = await runFlowdesk(['api-key', '--name', 'from the command', '--database-url', db.url]);
    expect(cli.code).toBe(0);
    expect(cli.stderr).toContain(`created API key "from the command" in the database 127.0.0.1:5432/${db.name}`);
    const cliKey = cli.stdout.trim();
    for (const server of [a, b]) {
      await eventually(async () => expect((await request(server.url, 'GET', '/api/v1/flows/', { headers: { 'x-api-key': cliKey } })).status).toBe(200));
    }
  });

  it('answers /health with 503 while the database refuses connections, and 200 once it is back', async () => {
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => undefined });
    try {
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
      await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ${db.name}`;
      // /health_check asks the database; /health tells what was last seen (also probed every few seconds).
      expect(await request(a.url, 'GET', '/health_check')).toMatchObject({ status: 500, body: { status: 'nok', db: 'nok' } });
      expect(await request(a.url, 'GET', '/health')).toMatchObject({ status: 503, body: { status: 'nok', database: 'unreachable' } });
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      expect(await request(a.url, 'GET', '/health_check')).toMatchObject({ status: 200, body: { status: 'ok', db: 'ok' } });
      expect(await request(a.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok', database: 'ok' } });
    } finally {
      await admin.unsafe(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });
});

describe('flowdesk run --database-url, when it cannot start', () => {
  it('needs the credential key: one line, exit 1', async () => {
    const result = await runFlowdesk(['run', '--port', '0', '--database-url', 'postgres://postgres@127.0.0.1:1/none']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flowdesk: --database-url needs the credential key .*FLOWDESK_SECRET_KEY/)]);
  });

  it('says in one line, without a stack or the password, that the database does not answer', async () => {
    const result = await runFlowdesk(['run', '--port', '0', '--database-url', 'postgres://me:hunter2secret@127.0.0.1:1/none'], { env: { FLOWDESK_SECRET_KEY: SECRET_KEY } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^flowdesk: Cannot reach the database at 127\.0\.0\.1:1\/none: /)]);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('refuses a URL that is not PostgreSQL (usage error, exit 2)', async () => {
    const result = await runFlowdesk(['run', '--database-url', 'mysql://127.0.0.1/x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^flowdesk: invalid --database-url 'mysql:\/\/127\.0\.0\.1\/x': expected a PostgreSQL URL/);
  });
});
