/**
 * A local Elasticsearch, closely enough that @elastic/elasticsearch works against it unchanged (its
 * product check included: every answer says `x-elastic-product: Elasticsearch`). `HEAD|PUT /{index}`
 * (mappings with a `dense_vector` field), `POST /_bulk` (NDJSON `index` actions, `refresh`), `POST
 * /{index}/_search` with `knn` (cosine, scored `(1 + cos) / 2` as Elasticsearch scores it) or
 * `match_all`, `_source` filtering. Errors as Elasticsearch gives them: `{error: {root_cause, type,
 * reason}, status}`. Credentials, when set: `Authorization: ApiKey …` or `Basic …`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FakeEsIndex {
  mappings: Record<string, any>;
  docs: { _id: string; _source: Record<string, any> }[];
}

export interface FakeEsRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeElasticsearchOptions {
  apiKey?: string;
  basic?: { username: string; password: string };
  failWith?: () => number | undefined;
  delayMs?: () => number;
}

export interface FakeElasticsearch {
  url: string;
  port: number;
  indexes: Map<string, FakeEsIndex>;
  requests: FakeEsRequest[];
  close(): Promise<void>;
}

const HEADERS = { 'content-type': 'application/vnd.elasticsearch+json;compatible-with=9', 'x-elastic-product': 'Elasticsearch' };

function esError(status: number, type: string, reason: string): { status: number; body: unknown } {
  return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } };
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  const norm = (v: number[]) => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
  return norm(a) === 0 || norm(b) === 0 ? 0 : dot / (norm(a) * norm(b));
}

function pick(source: Record<string, any>, fields: unknown): Record<string, any> {
  if (!Array.isArray(fields)) return source;
  return Object.fromEntries(Object.entries(source).filter(([key]) => fields.includes(key)));
}

export async function startFakeElasticsearch(options: FakeElasticsearchOptions = {}): Promise<FakeElasticsearch> {
  const indexes = new Map<string, FakeEsIndex>();
  const requests: FakeEsRequest[] = [];
  const expected = options.apiKey
    ? `ApiKey ${options.apiKey}`
    : options.basic
      ? `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`
      : undefined;

  const handle = (method: string, path: string, text: string): { status: number; body: unknown } => {
    const dims = (index: FakeEsIndex) => index.mappings.properties?.vector?.dims as number | undefined;
    if (path === '/_bulk' && method === 'POST') {
      const lines = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
      const items: unknown[] = [];
      let failed = false;
      for (let i = 0; i < lines.length; i += 2) {
        const action = lines[i]!.index as { _index: string; _id: string };
        const source = lines[i + 1] ?? {};
        let index = indexes.get(action._index);
        if (!index) indexes.set(action._index, (index = { mappings: {}, docs: [] }));
        const want = dims(index);
        if (want !== undefined && Array.isArray(source.vector) && source.vector.length !== want) {
          failed = true;
          items.push({ index: { _index: action._index, _id: action._id, status: 400, error: { type: 'document_parsing_exception', reason: `[1:2] failed to parse: The [dense_vector] field [vector] in doc [document with id '${action._id}'] has a different number of dimensions [${source.vector.length}] than defined in the mapping [${want}]` } } });
          continue;
        }
        index.docs.push({ _id: action._id, _source: source });
        items.push({ index: { _index: action._index, _id: action._id, _version: 1, result: 'created', status: 201 } });
      }
      return { status: 200, body: { took: 1, errors: failed, items } };
    }
    const match = /^\/([^/_][^/]*)(?:\/(_search))?$/.exec(path);
    if (!match) return esError(404, 'resource_not_found_exception', `no handler for ${method} ${path}`);
    const name = decodeURIComponent(match[1]!);
    const index = indexes.get(name);
    if (!match[2]) {
      if (method === 'HEAD') return { status: index ? 200 : 404, body: '' };
      if (method === 'PUT') {
        if (index) return esError(400, 'resource_already_exists_exception', `index [${name}/abc] already exists`);
        const body = text ? (JSON.parse(text) as Record<string, any>) : {};
        indexes.set(name, { mappings: body.mappings ?? {}, docs: [] });
        return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
      }
    }
    if (match[2] === '_search' && (method === 'POST' || method === 'GET')) {
      if (!index) return esError(404, 'index_not_found_exception', `no such index [${name}]`);
      const body = text ? (JSON.parse(text) as Record<string, any>) : {};
      const size = Number(body.size ?? 10);
      let hits: { _id: string; _score: number; _source: Record<string, any> }[];
      if (body.knn) {
        const { query_vector: vector, k } = body.knn as { query_vector: number[]; k: number };
        if (dims(index) !== undefined && vector.length !== dims(index)) {
          return esError(400, 'illegal_argument_exception', `The query vector has a different number of dimensions [${vector.length}] than the document vectors [${dims(index)}].`);
        }
        hits = index.docs
          .map((doc) => ({ ...doc, _score: (1 + cosine(vector, doc._source.vector as number[])) / 2 }))
          .sort((a, b) => b._score - a._score)
          .slice(0, Math.min(k, size));
      } else {
        hits = index.docs.slice(0, size).map((doc) => ({ ...doc, _score: 1 }));
      }
      return {
        status: 200,
        body: {
          took: 1,
          timed_out: false,
          _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
          hits: { total: { value: hits.length, relation: 'eq' }, max_score: hits[0]?._score ?? null, hits: hits.map((hit) => ({ _index: name, _id: hit._id, _score: hit._score, _source: pick(hit._source, body._source) })) },
        },
      };
    }
    return esError(405, 'method_not_allowed', `Incorrect HTTP method for uri [${path}] and method [${method}]`);
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    let body: unknown;
    try {
      body = text && url.pathname !== '/_bulk' ? JSON.parse(text) : text;
    } catch {
      body = text;
    }
    requests.push({ method, path: url.pathname, authorization: req.headers.authorization, body });
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    let answer: { status: number; body: unknown };
    if (expected && req.headers.authorization !== expected) {
      answer = req.headers.authorization
        ? esError(401, 'security_exception', `unable to authenticate with provided credentials and anonymous access is not allowed for this request`)
        : esError(401, 'security_exception', `missing authentication credentials for REST request [${url.pathname}]`);
    } else {
      const failure = options.failWith?.();
      answer = failure ? esError(failure, failure === 429 ? 'es_rejected_execution_exception' : 'internal_server_error', failure === 429 ? 'rejected execution: too many requests' : 'node failure') : handle(method, url.pathname, text);
    }
    res.writeHead(answer.status, HEADERS);
    res.end(method === 'HEAD' ? undefined : JSON.stringify(answer.body));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    indexes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
