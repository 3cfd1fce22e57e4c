/**
 * A local Pinecone, control plane and data plane on one port, closely enough that
 * @pinecone-database/pinecone works against it unchanged: `GET /indexes` and `GET /indexes/{name}`
 * (the index model, its `host` `<this server>/index/<name>`), `POST /vectors/upsert`, `POST /query` (cosine,
 * euclidean or dotproduct by the index's metric; namespaces), `POST /describe_index_stats`. The key
 * goes in `Api-Key`; errors come back as Pinecone gives them: `{error: {code, message}, status}`.
 * Metadata values must be strings, numbers, booleans or lists of strings, as Pinecone requires.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PineconeRecord {
  id: string;
  values: number[];
  metadata: Record<string, unknown>;
}

export interface FakePineconeIndex {
  dimension: number;
  metric: 'cosine' | 'euclidean' | 'dotproduct';
  /** namespace ('' the default, which the client names `__default__`) → records. */
  namespaces: Map<string, PineconeRecord[]>;
}

export interface FakePineconeRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  body: Record<string, any> | null;
}

export interface FakePineconeOptions {
  apiKey?: string;
  failWith?: () => number | undefined;
  delayMs?: () => number;
}

export interface FakePinecone {
  url: string;
  indexes: Map<string, FakePineconeIndex>;
  requests: FakePineconeRequest[];
  /** Adds an empty index. */
  createIndex(name: string, dimension: number, metric?: FakePineconeIndex['metric']): FakePineconeIndex;
  close(): Promise<void>;
}

const CODES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };

function score(metric: string, a: number[], b: number[]): number {
  if (metric === 'euclidean') return a.reduce((sum, x, i) => sum + (x - (b[i] ?? 0)) ** 2, 0);
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  if (metric === 'dotproduct') return dot;
  const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  return norm(a) === 0 || norm(b) === 0 ? 0 : dot / (norm(a) * norm(b));
}

function badMetadata(metadata: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(metadata)) {
    const fine = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!fine) return `Metadata value must be a string, number, boolean or list of strings, got '${value === null ? 'null' : Array.isArray(value) ? 'List' : 'Struct'}' for field '${key}'`;
  }
  return undefined;
}

export async function startFakePinecone(options: FakePineconeOptions = {}): Promise<FakePinecone> {
  const indexes = new Map<string, FakePineconeIndex>();
  const requests: FakePineconeRequest[] = [];
  let url = '';

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const apiKey = req.headers['api-key'] as string | undefined;
    let body: Record<string, any> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, any>) : null;
    } catch {
      body = null;
    }
    requests.push({ method, path, apiKey, body });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const error = (status: number, message: string) => send(status, { error: { code: CODES[status] ?? 'UNKNOWN', message }, status });
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    if (options.apiKey && apiKey !== options.apiKey) return error(401, 'Invalid API Key');
    const failure = options.failWith?.();
    if (failure) return error(failure, failure === 429 ? 'Request failed. You have exceeded your read unit limit.' : 'Internal error');

    const model = (name: string, index: FakePineconeIndex) => ({
      name,
      dimension: index.dimension,
      metric: index.metric,
      host: `${url}/index/${encodeURIComponent(name)}`,
      vector_type: 'dense',
      deletion_protection: 'disabled',
      spec: { serverless: { cloud: 'aws', region: 'us-east-1' } },
      status: { ready: true, state: 'Ready' },
      tags: null,
    });
    if (method === 'GET' && path === '/indexes') return send(200, { indexes: [...indexes].map(([name, index]) => model(name, index)) });
    const described = /^\/indexes\/([^/]+)$/.exec(path);
    if (method === 'GET' && described) {
      const name = decodeURIComponent(described[1]!);
      const index = indexes.get(name);
      return index ? send(200, model(name, index)) : error(404, `Resource ${name} not found`);
    }
    // The data plane: each index at its own host, `<url>/index/<name>`.
    const plane = /^\/index\/([^/]+)(\/.*)$/.exec(path);
    const index = plane ? indexes.get(decodeURIComponent(plane[1]!)) : undefined;
    if (!plane || !index) return error(404, `Not found: ${method} ${path}`);
    const op = plane[2];
    const namespace = typeof body?.namespace === 'string' && body.namespace !== '__default__' ? body.namespace : '';
    if (method === 'POST' && op === '/vectors/upsert') {
      const vectors = (body?.vectors ?? []) as PineconeRecord[];
      for (const record of vectors) {
        if (!Array.isArray(record.values) || record.values.length !== index.dimension) {
          return error(400, `Vector dimension ${Array.isArray(record.values) ? record.values.length : 0} does not match the dimension of the index ${index.dimension}`);
        }
        const bad = badMetadata(record.metadata ?? {});
        if (bad) return error(400, bad);
      }
      const list = index.namespaces.get(namespace) ?? [];
      for (const record of vectors) {
        const at = list.findIndex((r) => r.id === record.id);
        const stored = { id: record.id, values: record.values, metadata: record.metadata ?? {} };
        if (at >= 0) list[at] = stored;
        else list.push(stored);
      }
      index.namespaces.set(namespace, list);
      return send(200, { upsertedCount: vectors.length });
    }
    if (method === 'POST' && op === '/query') {
      const vector = body?.vector as number[] | undefined;
      if (!Array.isArray(vector) || vector.length !== index.dimension) {
        return error(400, `Vector dimension ${Array.isArray(vector) ? vector.length : 0} does not match the dimension of the index ${index.dimension}`);
      }
      const ascending = index.metric === 'euclidean';
      const matches = (index.namespaces.get(namespace) ?? [])
        .map((r) => ({ record: r, score: score(index.metric, vector, r.values) }))
        .sort((a, b) => (ascending ? a.score - b.score : b.score - a.score))
        .slice(0, Number(body?.topK ?? 10))
        .map(({ record, score: s }) => ({ id: record.id, score: s, values: body?.includeValues ? record.values : [], ...(body?.includeMetadata ? { metadata: record.metadata } : {}) }));
      return send(200, { results: [], matches, namespace, usage: { readUnits: 1 } });
    }
    if (method === 'POST' && op === '/describe_index_stats') {
      const counts = Object.fromEntries([...index.namespaces].map(([name, list]) => [name, { vectorCount: list.length }]));
      return send(200, { namespaces: counts, dimension: index.dimension, indexFullness: 0, totalVectorCount: Object.values(counts).reduce((sum, n) => sum + n.vectorCount, 0) });
    }
    return error(404, `Not found: ${method} ${path}`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    indexes,
    requests,
    createIndex(name, dimension, metric = 'cosine') {
      const index: FakePineconeIndex = { dimension, metric, namespaces: new Map() };
      indexes.set(name, index);
      return index;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
