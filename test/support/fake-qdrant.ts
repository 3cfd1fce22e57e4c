/**
 * A local Qdrant: the REST API's collections and points closely enough that @qdrant/js-client-rest
 * works against it unchanged. `GET /` (version), `GET /collections`, `GET|PUT|DELETE
 * /collections/{name}` (`{vectors: {size, distance}}`), `PUT /collections/{name}/points` (upsert),
 * `POST /collections/{name}/points/search` (Cosine and Dot: highest score first; Euclid: nearest
 * first), `POST /collections/{name}/points/scroll`. Answers are `{result, status: "ok", time}`,
 * errors `{status: {error}, time}`; an API key, when set, is checked in `api-key` or a bearer token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface QdrantPoint {
  id: string | number;
  vector: number[];
  payload: Record<string, unknown>;
}

export interface FakeQdrantCollection {
  vectors: { size: number; distance: string };
  points: QdrantPoint[];
}

export interface FakeQdrantRequest {
  method: string;
  path: string;
  apiKey: string | undefined;
  body: Record<string, any> | null;
}

export interface FakeQdrantOptions {
  /** The key it requires; none: open (a local Qdrant). */
  apiKey?: string;
  failWith?: () => number | undefined;
  delayMs?: () => number;
}

export interface FakeQdrant {
  url: string;
  port: number;
  collections: Map<string, FakeQdrantCollection>;
  requests: FakeQdrantRequest[];
  close(): Promise<void>;
}

const ok = (result: unknown) => ({ result, status: 'ok', time: 0.0001 });
const fail = (error: string) => ({ status: { error }, time: 0.0001 });

function score(distance: string, a: number[], b: number[]): number {
  if (distance === 'Euclid') return Math.sqrt(a.reduce((sum, x, i) => sum + (x - (b[i] ?? 0)) ** 2, 0));
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  if (distance === 'Dot') return dot;
  const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  return norm(a) === 0 || norm(b) === 0 ? 0 : dot / (norm(a) * norm(b));
}

export async function startFakeQdrant(options: FakeQdrantOptions = {}): Promise<FakeQdrant> {
  const collections = new Map<string, FakeQdrantCollection>();
  const requests: FakeQdrantRequest[] = [];

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const apiKey = (req.headers['api-key'] as string | undefined) ?? bearer;
    let body: Record<string, any> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, any>) : null;
    } catch {
      body = null;
    }
    requests.push({ method, path: url.pathname, apiKey, body });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    if (options.apiKey && apiKey !== options.apiKey) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(apiKey ? 'Invalid api-key' : 'Must provide an API key or an Authorization bearer token');
      return;
    }
    const failure = options.failWith?.();
    if (failure) return send(failure, fail(failure === 429 ? 'Too many requests' : 'Service internal error'));

    if (method === 'GET' && url.pathname === '/') return send(200, { title: 'qdrant - vector search engine', version: '1.17.0', commit: 'fake' });
    if (method === 'GET' && url.pathname === '/collections') return send(200, ok({ collections: [...collections.keys()].map((name) => ({ name })) }));
    const match = /^\/collections\/([^/]+)(\/points(?:\/(search|scroll))?)?$/.exec(url.pathname);
    if (!match) return send(404, fail(`Not found: ${url.pathname}`));
    const name = decodeURIComponent(match[1]!);
    const collection = collections.get(name);
    const missing = () => send(404, fail(`Not found: Collection \`${name}\` doesn't exist!`));

    if (!match[2]) {
      if (method === 'GET') {
        if (!collection) return missing();
        return send(200, ok({
          status: 'green',
          optimizer_status: 'ok',
          indexed_vectors_count: 0,
          points_count: collection.points.length,
          segments_count: 1,
          config: { params: { vectors: collection.vectors, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true }, hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 }, optimizer_config: {}, wal_config: {} },
          payload_schema: {},
        }));
      }
      if (method === 'PUT') {
        if (collection) return send(409, fail(`Wrong input: Collection \`${name}\` already exists!`));
        const vectors = body?.vectors as { size?: unknown; distance?: unknown } | undefined;
        if (typeof vectors?.size !== 'number' || vectors.size < 1 || !['Cosine', 'Euclid', 'Dot', 'Manhattan'].includes(String(vectors.distance))) {
          return send(422, fail('Validation error in JSON body: vectors: expected {size, distance}'));
        }
        collections.set(name, { vectors: { size: vectors.size, distance: String(vectors.distance) }, points: [] });
        return send(200, ok(true));
      }
      if (method === 'DELETE') {
        collections.delete(name);
        return send(200, ok(true));
      }
    }
    if (!collection) return missing();
    if (match[2] === '/points' && method === 'PUT') {
      const points = (body?.points ?? []) as QdrantPoint[];
      for (const point of points) {
        if (!Array.isArray(point.vector) || point.vector.length !== collection.vectors.size) {
          return send(400, fail(`Wrong input: Vector dimension error: expected dim: ${collection.vectors.size}, got ${Array.isArray(point.vector) ? point.vector.length : 0}`));
        }
        if (typeof point.id !== 'number' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(point.id))) {
          return send(400, fail(`Unable to parse UUID: ${String(point.id)}`));
        }
        collection.points = collection.points.filter((p) => p.id !== point.id);
        collection.points.push({ id: point.id, vector: point.vector, payload: point.payload ?? {} });
      }
      return send(200, ok({ operation_id: requests.length, status: 'completed' }));
    }
    if (match[3] === 'search' && method === 'POST') {
      const vector = body?.vector as number[] | undefined;
      if (!Array.isArray(vector) || vector.length !== collection.vectors.size) {
        return send(400, fail(`Wrong input: Vector dimension error: expected dim: ${collection.vectors.size}, got ${Array.isArray(vector) ? vector.length : 0}`));
      }
      const ascending = collection.vectors.distance === 'Euclid';
      const scored = collection.points
        .map((p) => ({ point: p, score: score(collection.vectors.distance, vector, p.vector) }))
        .sort((a, b) => (ascending ? a.score - b.score : b.score - a.score))
        .slice(0, Number(body?.limit ?? 10));
      return send(200, ok(scored.map(({ point, score: s }) => ({ id: point.id, version: 0, score: s, payload: body?.with_payload === false ? null : point.payload, vector: body?.with_vector ? point.vector : null }))));
    }
    if (match[3] === 'scroll' && method === 'POST') {
      const limit = Number(body?.limit ?? 10);
      const points = collection.points.slice(0, limit).map((p) => ({ id: p.id, payload: body?.with_payload === false ? null : p.payload, vector: body?.with_vector ? p.vector : null }));
      return send(200, ok({ points, next_page_offset: null }));
    }
    return send(404, fail(`Not found: ${method} ${url.pathname}`));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    collections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
