/**
 * PGVector against PostgreSQL with pgvector (PGlite's, served over the wire protocol: Debian 12 has
 * no pgvector package) and against the real local PostgreSQL 15 without the extension; connections
 * through the outbound rule, the server's own database, errors.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PGVector from '../../server/components/pgvector.js';
import PGVectorWrite from '../../server/components/pgvector-write.js';
import OpenAIEmbeddings from '../../server/components/openai-embeddings.js';
import { normalizeConnectionString } from '../../server/components/lib/pgvector-store.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import type { VectorAccess } from '../../server/engine/vectors.js';
import { connectGuarded } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { makeData, type Data } from '../../shared/data.js';
import { isProtectedField } from '../../shared/tweak-policy.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { freePort, startPgliteServer, startSilentServer, type PgliteServer } from '../support/pglite-postgres.js';
import { createTestDatabase, postgresUnavailable, serviceSuiteName } from '../support/postgres.js';
import { testContext, type TestContext } from '../engine/support.js';
import { raw } from '../support/http.js';
import { spawnServer } from '../support/spawn-server.js';

let openai: FakeOpenAI;
let pg: PgliteServer;
let embedding: unknown;
const contexts: TestContext[] = [];

const defaults = (def: ComponentDefinition) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));
const open = createOutboundPolicy();
/** The server's connection capability, under an outbound policy (open: anywhere but the server's own port). */
const databases = (policy = open, serverDatabaseUrl?: string): Partial<VectorAccess> => ({
  connect: (host, port, timeoutMs) => connectGuarded(policy, host, port, timeoutMs),
  serverDatabaseUrl: () => serverDatabaseUrl,
});
const context = (options: { env?: Record<string, string>; vectors?: Partial<VectorAccess>; wanted?: string[] } = {}) => {
  const ctx = testContext({ http: createHttpAccess(), env: options.env ?? {}, vectors: options.vectors ?? databases(), ...(options.wanted ? { wanted: options.wanted } : {}) });
  contexts.push(ctx);
  return ctx;
};
/** Runs the component and ends the run (closing its connection: PGlite serves one at a time). */
const run = async (values: Record<string, unknown>, ctx = context()) => {
  try {
    return await PGVector.run({ ...defaults(PGVector), pg_server_url: pg.url, embedding, ...values }, ctx);
  } finally {
    await ctx.endRun();
  }
};
const rows = (...texts: string[]): Data[] => texts.map((text, i) => makeData({ text, source: `doc-${i}` }));
const texts = (out: Record<string, unknown>) => (out.search_results as Data[]).map((d) => d.data.text);

beforeAll(async () => {
  openai = await startFakeOpenAI();
  pg = await startPgliteServer();
  embedding = (await OpenAIEmbeddings.run({ ...defaults(OpenAIEmbeddings), openai_api_key: 'sk-test', openai_api_base: openai.baseURL }, testContext())).embeddings;
}, 60_000);
afterAll(async () => {
  for (const ctx of contexts) await ctx.endRun();
  await pg?.close();
  await openai?.close();
});

describe('PGVector', () => {
  it("creates the extension and langchain's tables, stores rows as langchain's PGVector does, and finds the nearest", async () => {
    const docs = rows('the treasure is buried under the palm', 'the ship sails at dawn', 'parrots speak on the island');
    const out = await run({ collection_name: 'pirates', ingest_data: docs, search_query: 'where is the treasure buried', number_of_results: 2 });
    expect(texts(out)).toHaveLength(2);
    expect((out.search_results as Data[])[0]!.data).toEqual({ source: 'doc-0', text: 'the treasure is buried under the palm' });
    expect(out.dataframe).toEqual(out.search_results);

    const ext = await pg.db.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname = 'vector'");
    expect(ext.rows).toHaveLength(1);
    const stored = await pg.db.query<{ name: string; document: string; cmetadata: unknown; dims: number }>(
      'SELECT c.name, e.document, e.cmetadata, vector_dims(e.embedding) AS dims FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id ORDER BY e.document',
    );
    expect(stored.rows.map((r) => [r.name, r.document, r.cmetadata])).toEqual([
      ['pirates', 'parrots speak on the island', { source: 'doc-2' }],
      ['pirates', 'the ship sails at dawn', { source: 'doc-1' }],
      ['pirates', 'the treasure is buried under the palm', { source: 'doc-0' }],
    ]);
    expect(stored.rows[0]!.dims).toBeGreaterThan(1);

    // A later run searches what is there; another collection in the same tables is apart.
    expect(texts(await run({ collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }))).toEqual(['the ship sails at dawn']);
    await run({ collection_name: 'other', ingest_data: rows('the ship sails at dawn, says the other log') });
    expect(texts(await run({ collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 5 }))).toHaveLength(3);
    expect(texts(await run({ collection_name: 'empty_one', search_query: 'ship at dawn' }))).toEqual([]);
    // No query: no rows, the ingest done.
    expect(await run({ collection_name: 'pirates' })).toMatchObject({ search_results: [], dataframe: [] });
  });

  it('reads rows another program wrote the langchain way (a jsonb metadata column too)', async () => {
    await run({ collection_name: 'probe', ingest_data: rows('x') });
    const [probe] = (await pg.db.query<{ e: string }>("SELECT e.embedding::text AS e FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id WHERE c.name = 'probe'")).rows;
    await pg.db.exec(`ALTER TABLE langchain_pg_embedding ALTER COLUMN cmetadata TYPE jsonb USING cmetadata::jsonb`);
    await pg.db.query("INSERT INTO langchain_pg_collection (uuid, name, cmetadata) VALUES ('11111111-1111-4111-8111-111111111111', 'langflow_made', '{}')");
    await pg.db.query(
      "INSERT INTO langchain_pg_embedding (uuid, collection_id, embedding, document, cmetadata, custom_id) VALUES ('22222222-2222-4222-8222-222222222222', '11111111-1111-4111-8111-111111111111', $1::vector, 'x marks the spot', '{\"author\": \"flint\"}', 'a')",
      [probe!.e],
    );
    const out = await run({ collection_name: 'langflow_made', ingest_data: [makeData({ text: 'y', page: 2 })], search_query: 'x', number_of_results: 2 });
    expect((out.search_results as Data[])[0]!.data).toEqual({ author: 'flint', text: 'x marks the spot' });
    const added = await pg.db.query<{ cmetadata: unknown }>("SELECT cmetadata FROM langchain_pg_embedding WHERE document = 'y'");
    expect(added.rows[0]!.cmetadata).toEqual({ page: 2 });
  });

  it('is a tool an Agent searches with (search_documents), ingesting the rows once', async () => {
    const ctx = context({ wanted: ['component_as_tool'] });
    try {
      const out = await PGVector.run({ ...defaults(PGVector), pg_server_url: pg.url, embedding, collection_name: 'agent_docs', ingest_data: rows('the lighthouse keeper hides the key'), number_of_results: 1 }, ctx);
      expect(out.search_results).toBeUndefined();
      const tool = out.component_as_tool as Tool;
      expect(tool.name).toBe('search_documents');
      expect(await tool.invoke({ search_query: 'who hides the key' }, new AbortController().signal)).toContain('the lighthouse keeper hides the key');
      await tool.invoke({ search_query: 'key' }, new AbortController().signal);
    } finally {
      await ctx.endRun();
    }
    const count = await pg.db.query<{ n: number }>("SELECT count(*)::int AS n FROM langchain_pg_embedding e JOIN langchain_pg_collection c ON c.uuid = e.collection_id WHERE c.name = 'agent_docs'");
    expect(count.rows[0]!.n).toBe(1);
  });

  it("uses the server's own database when the field is empty and the server runs with --database-url", async () => {
    const ctx = context({ vectors: databases(open, pg.url) });
    const out = await run({ pg_server_url: '', collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, ctx);
    expect(texts(out)).toEqual(['the ship sails at dawn']);
    await expect(run({ pg_server_url: '', collection_name: 'pirates' })).rejects.toThrow(
      'pgvector needs a PostgreSQL connection string: set the PostgreSQL Server Connection String field (bind it to a Credential variable to keep it out of the flow), or start the server with --database-url',
    );
  });

  it("reads Langflow's SQLAlchemy connection strings, and keeps the connection string from tweaks", () => {
    expect(normalizeConnectionString('postgresql+psycopg2://flow:p@ss/w:rd@db.example:5433/vectors')).toBe('postgresql://flow:p%40ss%2Fw%3Ard@db.example:5433/vectors');
    expect(normalizeConnectionString('postgres://flow:pa%40ss@db/vectors')).toBe('postgresql://flow:pa%40ss@db/vectors');
    expect(() => normalizeConnectionString('mysql://x@y/z')).toThrow('must look like postgresql://user:password@host:5432/database');
    const field = PGVector.fields.find((f) => f.name === 'pg_server_url')!;
    expect(isProtectedField(field, { values: { pg_server_url: 'postgresql://a@b/c' }, globals: {}, apiEditable: [] })).toBe(true);
  });

  it('obeys the outbound rule, and says what to do: unreachable, no answer, no Table, no embedding', async () => {
    const exposed = createOutboundPolicy({ restricted: () => true });
    await expect(run({ collection_name: 'pirates', search_query: 'x' }, context({ vectors: databases(exposed) }))).rejects.toThrow(
      `Refused to connect: 127.0.0.1:${pg.port} is a loopback address; allow it with --allow-outbound 127.0.0.1:${pg.port}`,
    );
    const allowed = createOutboundPolicy({ restricted: () => true, allow: [{ host: '127.0.0.1', port: pg.port }] });
    expect(texts(await run({ collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 }, context({ vectors: databases(allowed) })))).toEqual(['the ship sails at dawn']);

    const closed = await freePort();
    await expect(run({ pg_server_url: `postgresql://postgres@127.0.0.1:${closed}/postgres`, collection_name: 'pirates' })).rejects.toThrow(
      `PostgreSQL at 127.0.0.1:${closed}/postgres could not be reached (ECONNREFUSED)`,
    );
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      await expect(run({ pg_server_url: `postgresql://postgres@127.0.0.1:${silent.port}/postgres`, collection_name: 'pirates' }, context({ env: { PGVECTOR_TIMEOUT: '1' } }))).rejects.toThrow(
        `PostgreSQL at 127.0.0.1:${silent.port}/postgres did not answer within`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await silent.close();
    }
    await expect(run({ collection_name: '' })).rejects.toThrow('pgvector needs a Table');
    await expect(run({ collection_name: 'pirates', embedding: undefined })).rejects.toThrow('pgvector needs an embedding model: connect an Embeddings output');
  });
});

describe('PGVector Write', () => {
  const write = async (values: Record<string, unknown>, ctx = context()) => {
    try {
      return await PGVectorWrite.run({ ...defaults(PGVectorWrite), pg_server_url: pg.url, embedding, ...values }, ctx);
    } finally {
      await ctx.endRun();
    }
  };

  it("writes rows in batches into langchain's tables and answers Langflow's summary; PGVector then finds them", async () => {
    const rows = ['the cook hides the key in the galley', 'the key opens the captain chest', 'storms come from the west'].map((body, i) => makeData({ body, page: i, author: 'flint' }));
    const out = await write({ collection_name: 'written', ingest_data: rows, embedding_field: 'body', metadata_fields: 'page', batch_size: 2 });
    expect(out.write_summary).toEqual([
      makeData({
        collection_name: 'written',
        documents_written: 3,
        batches_written: 2,
        batch_size: 2,
        embedding_field: 'body',
        metadata_fields: 'page',
        storage_schema: 'langchain_pgvector',
        embedding_table: 'langchain_pg_embedding',
        collection_table: 'langchain_pg_collection',
        creates_schema_if_missing: true,
        ids_returned: 3,
      }),
    ]);
    const found = await run({ collection_name: 'written', search_query: 'which key opens the captain chest', number_of_results: 1 });
    expect((found.search_results as Data[])[0]!.data).toEqual({ page: 1, text: 'the key opens the captain chest' });
    // Metadata Fields empty: every field but the text.
    await write({ collection_name: 'written_all', ingest_data: rows.slice(0, 1), embedding_field: 'body' });
    const all = await run({ collection_name: 'written_all', search_query: 'galley', number_of_results: 1 });
    expect((all.search_results as Data[])[0]!.data).toEqual({ page: 0, author: 'flint', text: 'the cook hides the key in the galley' });
  });

  it("refuses as Langflow does: no Embedding Field, a field not in the rows, no rows, a Batch Size of 0", async () => {
    const rows = [makeData({ body: 'x', page: 1 })];
    await expect(write({ collection_name: 'w', ingest_data: rows, embedding_field: '' })).rejects.toThrow('Embedding Field is required.');
    await expect(write({ collection_name: 'w', ingest_data: rows, embedding_field: 'content' })).rejects.toThrow("Embedding Field 'content' was not found in the input data.");
    await expect(write({ collection_name: 'w', ingest_data: rows, embedding_field: 'body', metadata_fields: 'page, owner' })).rejects.toThrow('Metadata field(s) not found in the input data: owner');
    await expect(write({ collection_name: 'w', ingest_data: [], embedding_field: 'body' })).rejects.toThrow('No documents were provided to write to PGVector.');
    await expect(write({ collection_name: 'w', ingest_data: rows, embedding_field: 'body', batch_size: 0 })).rejects.toThrow('Batch Size must be greater than 0.');
  });
});

describe('PGVector in the real server', () => {
  const flow = (pgUrl: string) => ({
    name: `pgvector ${Math.random().toString(36).slice(2)}`,
    data: {
      nodes: [
        { id: 'OpenAIEmbeddings-aaaaa', type: 'component', position: { x: 0, y: 0 }, data: { type: 'OpenAIEmbeddings', values: { openai_api_base: openai.baseURL } } },
        { id: 'pgvector-bbbbb', type: 'component', position: { x: 300, y: 0 }, data: { type: 'pgvector', values: { pg_server_url: pgUrl, collection_name: 'pirates', search_query: 'ship at dawn', number_of_results: 1 } } },
        { id: 'ChatOutput-ccccc', type: 'component', position: { x: 600, y: 0 }, data: { type: 'ChatOutput', values: {} } },
      ],
      edges: [
        { id: 'e1', source: 'OpenAIEmbeddings-aaaaa', sourceHandle: 'embeddings', target: 'pgvector-bbbbb', targetHandle: 'embedding' },
        { id: 'e2', source: 'pgvector-bbbbb', sourceHandle: 'search_results', target: 'ChatOutput-ccccc', targetHandle: 'input_value' },
      ],
      viewport: { x: 0, y: 0, zoom: 1 },
    },
  });

  it('searches a pgvector collection over its outbound rule, and never reaches its own port', async () => {
    const server = await spawnServer({ env: { OPENAI_API_KEY: 'sk-test' } });
    try {
      const post = (path: string, body: unknown) => raw(server.url, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const runOnce = async (pgUrl: string) => {
        const created = await post('/api/v1/flows/', flow(pgUrl));
        expect(created.status, created.text).toBe(201);
        return post(`/api/v1/run/${created.json.id as string}`, { input_value: 'go' });
      };
      const ok = await runOnce(pg.url);
      expect(ok.status, ok.text).toBe(200);
      expect(String(ok.json.outputs[0].outputs[0].results.message.text)).toContain('the ship sails at dawn');
      const own = await runOnce(`postgresql://postgres@127.0.0.1:${server.port}/postgres`);
      expect(own.status, own.text).toBe(500);
      expect(String(own.json.detail)).toContain(`Refused to connect: 127.0.0.1:${server.port} is the server's own address`);
    } finally {
      await server.stop();
    }
  });
});

const unavailable = await postgresUnavailable();
describe.skipIf(unavailable !== undefined)(serviceSuiteName('PGVector on the local PostgreSQL', unavailable), () => {
  it('fails saying so when the server has no pgvector extension (or creates it when it has)', async () => {
    const database = await createTestDatabase();
    try {
      const ctx = context();
      const available = await PGVector.run({ ...defaults(PGVector), pg_server_url: database.url, embedding, collection_name: 'pirates', ingest_data: rows('the ship sails at dawn'), search_query: 'ship' }, ctx)
        .then((out) => texts(out))
        .catch((error: Error) => error)
        .finally(() => ctx.endRun());
      const where = `${new URL(database.url).hostname}:${new URL(database.url).port || '5432'}/${database.name}`;
      const probe = postgres(database.url, { max: 1, onnotice: () => undefined });
      const hasVector = (await probe`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`).length > 0;
      await probe.end({ timeout: 1 });
      if (!hasVector) {
        expect(available).toBeInstanceOf(Error);
        expect((available as Error).message).toBe(
          `PostgreSQL at ${where} does not have the pgvector extension ("vector"), which pgvector needs: install it on that server (Debian: the postgresql-<version>-pgvector package; see github.com/pgvector/pgvector), then run the flow again`,
        );
      } else {
        expect(available).toEqual(['the ship sails at dawn']);
      }
    } finally {
      await database.drop();
    }
  });
});
