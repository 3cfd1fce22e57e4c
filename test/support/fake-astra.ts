/**
 * A local Astra DB: the Data API's JSON commands (`POST /api/json/v1/<keyspace>[/<collection>]`,
 * `Token` header) closely enough that @datastax/astra-db-ts works against it unchanged, plus the
 * DevOps API's database list (`GET /v2/databases`, `Authorization: Bearer`).
 *
 * Commands: findCollections, createCollection, deleteCollection; insertMany, insertOne, find (filter,
 * `$vector` sort with `$similarity`, projection, limit, paging), findOne, deleteMany,
 * estimatedDocumentCount, countDocuments; findAndRerank (`$hybrid` sort) on collections created with
 * lexical and rerank enabled, reranked by word overlap with the rerank query (a stand-in for the
 * reranking model). Collections with a vector `service` (vectorize) embed `$vectorize` text themselves
 * (the fake providers' hashed bag of words). Errors come back as the Data API gives them:
 * `{ errors: [{ errorCode, message }] }`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeEmbedding } from './fake-provider.js';
import { setTimeout as sleep } from 'node:timers/promises';

type Doc = Record<string, unknown>;

export interface FakeCollection {
  options: Doc;
  docs: Doc[];
}

export interface FakeAstraRequest {
  method: string;
  path: string;
  token: string | undefined;
  authorization: string | undefined;
  /** The command's name (`find`, `insertMany`, ...), for Data API requests. */
  command?: string;
  body: Doc | null;
}

export interface FakeAstraOptions {
  /** The application token it accepts (default `AstraCS:test`). */
  token?: string;
  /** Databases the DevOps API lists: name, id, region. */
  databases?: { name: string; id: string; region: string }[];
  /** Answer every request with this status (and a Data API error body), e.g. 429 or 503. */
  failWith?: () => number | undefined;
  /** Milliseconds to wait before answering (for timeouts). */
  delayMs?: () => number;
}

export interface FakeAstra {
  /** The Data API endpoint, as Astra's `https://<id>-<region>.apps.astra.datastax.com`. */
  readonly url: string;
  readonly requests: FakeAstraRequest[];
  /** Keyspace → collection name → collection. */
  readonly keyspaces: Map<string, Map<string, FakeCollection>>;
  collection(name: string, keyspace?: string): FakeCollection | undefined;
  close(): Promise<void>;
}

const PAGE_SIZE = 20;

export async function startFakeAstra(options: FakeAstraOptions = {}): Promise<FakeAstra> {
  const token = options.token ?? 'AstraCS:test';
  const requests: FakeAstraRequest[] = [];
  const keyspaces = new Map<string, Map<string, FakeCollection>>([['default_keyspace', new Map()]]);

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = parseBody(raw);
    const record: FakeAstraRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      token: header(req.headers.token),
      authorization: header(req.headers.authorization),
      body,
      ...(body && Object.keys(body).length === 1 ? { command: Object.keys(body)[0] } : {}),
    };
    requests.push(record);
    const send = (status: number, answer: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    };
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await sleep(delay);
    if (res.destroyed) return;
    const forced = options.failWith?.();
    if (forced) return send(forced, { errors: [{ errorCode: 'SERVER_FAILURE', message: `failing with ${forced}` }] });

    if (url.pathname === '/v2/databases' && req.method === 'GET') {
      if (record.authorization !== `Bearer ${token}`) return send(401, { errors: [{ description: 'Bad token', ID: 0 }] });
      return send(
        200,
        (options.databases ?? []).map((db) => ({ id: db.id, status: 'ACTIVE', info: { name: db.name, region: db.region, keyspaces: ['default_keyspace'], datacenters: [{ region: db.region }] } })),
      );
    }

    const match = /^\/api\/json\/v1\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return send(404, { errors: [{ errorCode: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` }] });
    if (record.token !== token) return send(401, { errors: [{ errorCode: 'UNAUTHENTICATED_REQUEST', message: 'UNAUTHENTICATED: Invalid token' }] });
    if (!body || !record.command) return send(400, { errors: [{ errorCode: 'INVALID_REQUEST', message: 'Request must be a JSON object with one command' }] });
    const [, keyspace = '', collectionName] = match;
    try {
      send(200, runCommand(keyspace, collectionName, record.command, (body[record.command] ?? {}) as Doc));
    } catch (error) {
      const { errorCode, message } = error as { errorCode?: string; message: string };
      send(200, { errors: [{ errorCode: errorCode ?? 'SERVER_UNHANDLED_ERROR', message }] });
    }
  });

  function space(keyspace: string): Map<string, FakeCollection> {
    const found = keyspaces.get(keyspace);
    if (!found) throw dataApiError('KEYSPACE_DOES_NOT_EXIST', `Unknown keyspace '${keyspace}', you must create it first.`);
    return found;
  }

  function runCommand(keyspace: string, name: string | undefined, command: string, args: Doc): unknown {
    const collections = space(keyspace);
    if (!name) {
      if (command === 'findCollections') {
        const explain = (args.options as Doc | undefined)?.explain === true;
        return { status: { collections: [...collections].map(([n, c]) => (explain ? { name: n, options: c.options } : n)) } };
      }
      if (command === 'createCollection') {
        const collectionName = String(args.name ?? '');
        if (!/^\w{1,48}$/.test(collectionName)) throw dataApiError('INVALID_COMMAND', `Invalid collection name: '${collectionName}'`);
        const options = (args.options ?? {}) as Doc;
        const existing = collections.get(collectionName);
        if (existing && JSON.stringify(existing.options) !== JSON.stringify(options)) {
          throw dataApiError('EXISTING_COLLECTION_DIFFERENT_SETTINGS', `Collection already exists with different settings: '${collectionName}'`);
        }
        if (!existing) collections.set(collectionName, { options, docs: [] });
        return { status: { ok: 1 } };
      }
      if (command === 'deleteCollection') {
        collections.delete(String(args.name ?? ''));
        return { status: { ok: 1 } };
      }
      throw dataApiError('UNKNOWN_COMMAND', `No "${command}" command found as "KeyspaceCommand"`);
    }
    const collection = collections.get(name);
    if (!collection) throw dataApiError('COLLECTION_NOT_EXIST', `Collection does not exist, collection name: ${name}`);
    const dimension = ((collection.options.vector as Doc | undefined)?.dimension as number | undefined) ?? undefined;
    const vectorize = Boolean((collection.options.vector as Doc | undefined)?.service);
    /** `$vectorize` text embedded on the server's side, as a vectorize collection does. */
    const embedded = (text: unknown): number[] => {
      if (!vectorize) throw dataApiError('EMBEDDING_SERVICE_NOT_CONFIGURED', `Unable to vectorize data, embedding service not configured for the collection : ${name}`);
      if (typeof text !== 'string') throw dataApiError('INVALID_VECTORIZE_VALUE_TYPE', '$vectorize value needs to be text value');
      return fakeEmbedding(text, dimension);
    };

    const insert = (given: Doc): string => {
      if (given.$vector !== undefined && given.$vectorize !== undefined) throw dataApiError('INVALID_USAGE_OF_VECTORIZE', '$vectorize and $vector can\'t be used together');
      const doc = given.$vectorize !== undefined ? { ...given, $vector: embedded(given.$vectorize) } : given.$vector === undefined ? given : { ...given, $vector: vectorValue(given.$vector) };
      const id = doc._id === undefined ? randomUUID() : String(doc._id);
      if (collection.docs.some((d) => d._id === id)) throw dataApiError('DOCUMENT_ALREADY_EXISTS', `Document already exists with the given _id: ${id}`);
      const vector = doc.$vector;
      if (vector !== undefined) {
        if (!Array.isArray(vector) || vector.some((v) => typeof v !== 'number')) throw dataApiError('SHRED_BAD_VECTOR_VALUE', '$vector value must be an array of numbers');
        if (dimension === undefined) throw dataApiError('VECTOR_SEARCH_NOT_ENABLED', 'Vector search is not enabled for the collection');
        if (vector.length !== dimension) throw dataApiError('VECTOR_SEARCH_INVALID_VECTOR_DIMENSION', `Mismatched vector dimension: collection ${dimension}, vector ${vector.length}`);
      }
      collection.docs.push({ ...structuredClone(doc), _id: id });
      return id;
    };

    switch (command) {
      case 'insertOne':
        return { status: { insertedIds: [insert((args.document ?? {}) as Doc)] } };
      case 'insertMany': {
        const docs = (args.documents ?? []) as Doc[];
        if (docs.length > 100) throw dataApiError('COMMAND_FIELD_VALUE_TOO_LONG', 'Request invalid: too many documents (max 100)');
        return { status: { insertedIds: docs.map(insert) } };
      }
      case 'estimatedDocumentCount':
        return { status: { count: collection.docs.length } };
      case 'countDocuments':
        return { status: { count: collection.docs.filter((d) => matches(d, (args.filter ?? {}) as Doc)).length } };
      case 'deleteMany': {
        const filter = (args.filter ?? {}) as Doc;
        const before = collection.docs.length;
        collection.docs = collection.docs.filter((d) => !matches(d, filter));
        return { status: { deletedCount: Object.keys(filter).length === 0 ? -1 : before - collection.docs.length } };
      }
      case 'find':
      case 'findOne': {
        const opts = (args.options ?? {}) as Doc;
        const sort = (args.sort ?? {}) as Doc;
        const found = collection.docs.filter((d) => matches(d, (args.filter ?? {}) as Doc));
        const sortVector = sort.$vectorize !== undefined ? embedded(sort.$vectorize) : sort.$vector === undefined ? undefined : (vectorValue(sort.$vector) as number[]);
        let scored: { doc: Doc; similarity?: number }[];
        if (sortVector) {
          if (dimension === undefined) throw dataApiError('VECTOR_SEARCH_NOT_ENABLED', 'Vector search is not enabled for the collection');
          if (sortVector.length !== dimension) throw dataApiError('VECTOR_SEARCH_INVALID_VECTOR_DIMENSION', `Mismatched vector dimension: collection ${dimension}, query ${sortVector.length}`);
          const metric = String((collection.options.vector as Doc).metric ?? 'cosine');
          scored = found
            .filter((d) => Array.isArray(d.$vector))
            .map((doc) => ({ doc, similarity: similarity(metric, sortVector, doc.$vector as number[]) }))
            .sort((a, b) => (b.similarity ?? 0) - (a.similarity ?? 0));
        } else {
          scored = found.map((doc) => ({ doc }));
        }
        const limit = command === 'findOne' ? 1 : typeof opts.limit === 'number' ? opts.limit : Infinity;
        if (sortVector && limit > 1000) throw dataApiError('VECTOR_SEARCH_TOO_BIG_LIMIT', 'Vector search limit cannot exceed 1000');
        const skip = typeof opts.skip === 'number' ? opts.skip : 0;
        scored = scored.slice(skip, skip + limit);
        const out = (s: { doc: Doc; similarity?: number }) => ({ ...project(s.doc, (args.projection ?? {}) as Doc), ...(opts.includeSimilarity && s.similarity !== undefined ? { $similarity: s.similarity } : {}) });
        if (command === 'findOne') return { data: { document: scored[0] ? out(scored[0]) : null } };
        // Vector-sorted finds come in one page; others in pages of 20 with a page state.
        if (sortVector) return { data: { documents: scored.map(out), nextPageState: null }, ...(opts.includeSortVector ? { status: { sortVector } } : {}) };
        const start = typeof opts.pageState === 'string' ? Number(opts.pageState) : 0;
        const page = scored.slice(start, start + PAGE_SIZE);
        return { data: { documents: page.map(out), nextPageState: start + PAGE_SIZE < scored.length ? String(start + PAGE_SIZE) : null } };
      }
      case 'findAndRerank': {
        const lexical = collection.options.lexical as Doc | undefined;
        const rerank = collection.options.rerank as Doc | undefined;
        if (!lexical?.enabled || !rerank?.enabled) {
          throw dataApiError('HYBRID_FIELD_NOT_ENABLED', `Reranking is not enabled for collection '${name}'`);
        }
        const opts = (args.options ?? {}) as Doc;
        const hybrid = ((args.sort ?? {}) as Doc).$hybrid;
        const hybridVector = typeof hybrid === 'object' && hybrid ? (hybrid as Doc).$vector : undefined;
        const hybridText = typeof hybrid === 'string' ? hybrid : typeof hybrid === 'object' && hybrid ? (hybrid as Doc).$vectorize : undefined;
        const vector = hybridVector !== undefined ? (vectorValue(hybridVector) as number[]) : hybridText !== undefined && vectorize ? embedded(hybridText) : undefined;
        const lexicalQuery = typeof hybrid === 'string' ? hybrid : String((hybrid as Doc | undefined)?.$lexical ?? '');
        const rerankQuery = String(opts.rerankQuery ?? lexicalQuery);
        const rerankOn = String(opts.rerankOn ?? '$lexical');
        const limit = typeof opts.limit === 'number' ? opts.limit : 10;
        const candidates = collection.docs.filter((d) => matches(d, (args.filter ?? {}) as Doc));
        const metric = String((collection.options.vector as Doc | undefined)?.metric ?? 'cosine');
        const ranked = candidates
          .map((doc) => ({
            doc,
            scores: {
              $rerank: overlap(rerankQuery, String(doc[rerankOn] ?? '')),
              ...(vector && Array.isArray(doc.$vector) ? { $vector: similarity(metric, vector, doc.$vector as number[]) } : {}),
              $lexical: overlap(lexicalQuery, String(doc.$lexical ?? '')),
            },
          }))
          .sort((a, b) => b.scores.$rerank - a.scores.$rerank || (b.scores.$vector ?? 0) - (a.scores.$vector ?? 0))
          .slice(0, limit);
        return {
          data: { documents: ranked.map((r) => project(r.doc, (args.projection ?? {}) as Doc)) },
          status: { documentResponses: ranked.map((r) => (opts.includeScores ? { scores: r.scores } : {})) },
        };
      }
      default:
        throw dataApiError('UNKNOWN_COMMAND', `No "${command}" command found as "CollectionCommand"`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    keyspaces,
    collection: (name, keyspace = 'default_keyspace') => keyspaces.get(keyspace)?.get(name),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A vector as the Data API takes it: an array of numbers, or `{ $binary: base64 }` of big-endian float32s. */
function vectorValue(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as Doc).$binary === 'string') {
    const bytes = Buffer.from((value as Doc).$binary as string, 'base64');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: bytes.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, false));
  }
  return value;
}

function parseBody(raw: string): Doc | null {
  try {
    return raw ? (JSON.parse(raw) as Doc) : null;
  } catch {
    return null;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function dataApiError(errorCode: string, message: string): Error & { errorCode: string } {
  return Object.assign(new Error(message), { errorCode });
}

/** The Data API's similarity: cosine and dot product mapped to [0, 1], euclidean as 1 / (1 + d²). */
function similarity(metric: string, a: number[], b: number[]): number {
  const dot = a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
  if (metric === 'euclidean') return 1 / (1 + a.reduce((sum, x, i) => sum + (x - (b[i] ?? 0)) ** 2, 0));
  if (metric === 'dot_product') return (1 + dot) / 2;
  const norm = Math.sqrt(a.reduce((s, x) => s + x * x, 0)) * Math.sqrt(b.reduce((s, x) => s + x * x, 0));
  return (1 + (norm === 0 ? 0 : dot / norm)) / 2;
}

const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9]+/g) ?? []);
function overlap(query: string, text: string): number {
  const q = words(query);
  if (q.size === 0) return 0;
  const t = words(text);
  return [...q].filter((w) => t.has(w)).length / q.size;
}

function get(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (!value || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The Data API's filter language, the part vector stores use: equality on (dotted) paths, $eq/$ne/$in/$nin/$exists/$gt(e)/$lt(e), $and/$or/$not. */
function matches(doc: Doc, filter: Doc): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Doc[]).every((f) => matches(doc, f));
    if (key === '$or') return (condition as Doc[]).some((f) => matches(doc, f));
    if (key === '$not') return !matches(doc, condition as Doc);
    if (key.startsWith('$')) throw dataApiError('INVALID_FILTER_EXPRESSION', `Invalid filter expression: unknown operator ${key}`);
    const value = get(doc, key);
    if (condition && typeof condition === 'object' && !Array.isArray(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
      return Object.entries(condition as Doc).every(([op, operand]) => {
        switch (op) {
          case '$eq':
            return same(value, operand);
          case '$ne':
            return !same(value, operand);
          case '$in':
            return (operand as unknown[]).some((o) => same(value, o) || (Array.isArray(value) && value.some((v) => same(v, o))));
          case '$nin':
            return !(operand as unknown[]).some((o) => same(value, o));
          case '$exists':
            return (value !== undefined) === Boolean(operand);
          case '$gt':
            return (value as number) > (operand as number);
          case '$gte':
            return (value as number) >= (operand as number);
          case '$lt':
            return (value as number) < (operand as number);
          case '$lte':
            return (value as number) <= (operand as number);
          default:
            throw dataApiError('INVALID_FILTER_EXPRESSION', `Invalid filter expression: unknown operator ${op}`);
        }
      });
    }
    return same(value, condition) || (Array.isArray(value) && value.some((v) => same(v, condition)));
  });
}

/** Projection: `$vector`, `$vectorize` and `$lexical` left out unless asked for; `{ field: 1 }` keeps, `{ field: 0 }` drops. */
function project(doc: Doc, projection: Doc): Doc {
  const entries = Object.entries(projection);
  const including = entries.filter((e) => e[1] === 1 || e[1] === true).map((e) => e[0]);
  const excluding = new Set(entries.filter(([, v]) => v === 0 || v === false).map(([k]) => k));
  const copy = structuredClone(doc);
  if (including.length > 0 && !including.includes('*')) {
    const kept: Doc = { _id: copy._id };
    for (const key of including) if (key in copy) kept[key] = copy[key];
    return kept;
  }
  if (!including.includes('$vector') && !including.includes('*')) delete copy.$vector;
  if (!including.includes('$lexical') && !including.includes('*')) delete copy.$lexical;
  if (!including.includes('$vectorize') && !including.includes('*')) delete copy.$vectorize;
  for (const key of excluding) delete copy[key];
  return copy;
}
