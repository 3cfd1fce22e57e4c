/**
 * A local Apify API v2 for the Apify Actors component: the token as `Authorization: Bearer`, Actors
 * by `username~name`, runs that start RUNNING and finish after a few wait-for-finish polls
 * (`GET /v2/actor-runs/{id}?waitForFinish=`), each run's default dataset and its items with Apify's
 * pagination headers, and the Actor's tagged build with its README and input schema (for the tool).
 * Apify's error shape (`{error: {type, message}}`). Records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

type Item = Record<string, unknown>;

export interface FakeActor {
  /** The dataset items a run leaves, from its input. */
  items(input: Item): Item[];
  readme?: string;
  inputSchema?: Record<string, unknown>;
  /** Wait-for-finish polls answered RUNNING before the run ends (default 1). */
  pollsBeforeDone?: number;
  /** How the run ends (default SUCCEEDED). */
  endStatus?: string;
}

export interface FakeApifyOptions {
  actors: Record<string, FakeActor>;
  /** The token the fake accepts (default 'apify-test-token'). */
  token?: string;
  /** Answer every request with this status (Apify's error shape) instead, e.g. 429. */
  status?: number;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export interface FakeApifyRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeApify {
  readonly url: string;
  readonly token: string;
  readonly requests: FakeApifyRequest[];
  /** Inputs the runs were started with, by Actor. */
  readonly runs: { actorId: string; input: Item }[];
  close(): Promise<void>;
}

interface Run {
  id: string;
  actorId: string;
  datasetId: string;
  pollsLeft: number;
  status: string;
  items: Item[];
}

export async function startFakeApify(options: FakeApifyOptions): Promise<FakeApify> {
  const token = options.token ?? 'apify-test-token';
  const requests: FakeApifyRequest[] = [];
  const started: { actorId: string; input: Item }[] = [];
  const runs = new Map<string, Run>();
  let counter = 0;

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, type: string, message: string) => send(res, status, { error: { type, message } });
  const runData = (run: Run) => ({ id: run.id, actId: run.actorId, status: run.status, defaultDatasetId: run.datasetId, defaultKeyValueStoreId: `kvs-${run.id}`, startedAt: '2026-01-01T00:00:00.000Z' });

  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) raw += String(part);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // kept as text
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, authorization: req.headers.authorization, body });
    if (options.delayMs) await sleep(options.delayMs);
    if (options.status) return fail(res, options.status, options.status === 429 ? 'rate-limit-exceeded' : 'forced', `Forced status ${options.status}`);
    if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, 'token-not-valid', 'Authentication token is not valid.');

    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v2') return fail(res, 404, 'page-not-found', 'Page not found');
    const actorOf = (segment: string | undefined) => {
      const id = (segment ?? '').replace('~', '/');
      return { id, actor: options.actors[id] };
    };

    // POST /v2/acts/{actor}/runs: start a run with the body as its input.
    if (req.method === 'POST' && parts[1] === 'acts' && parts[3] === 'runs' && parts.length === 4) {
      const { id, actor } = actorOf(parts[2]);
      if (!actor) return fail(res, 404, 'record-not-found', 'Actor was not found');
      if (!req.headers['content-type']?.includes('application/json')) return fail(res, 400, 'invalid-input', 'Input must be JSON');
      const input = (body && typeof body === 'object' ? body : {}) as Item;
      started.push({ actorId: id, input });
      counter++;
      const run: Run = { id: `run-${counter}`, actorId: id, datasetId: `dataset-${counter}`, pollsLeft: actor.pollsBeforeDone ?? 1, status: 'RUNNING', items: actor.items(input) };
      runs.set(run.id, run);
      return send(res, 201, { data: runData(run) });
    }
    // GET /v2/acts/{actor}: the Actor, with its tagged builds.
    if (req.method === 'GET' && parts[1] === 'acts' && parts.length === 3) {
      const { id, actor } = actorOf(parts[2]);
      if (!actor) return fail(res, 404, 'record-not-found', 'Actor was not found');
      const [username, name] = id.split('/');
      return send(res, 200, { data: { id: `act-${name}`, username, name, defaultRunOptions: { build: 'latest', timeoutSecs: 3600, memoryMbytes: 1024 }, taggedBuilds: { latest: { buildId: `build-${id.replace('/', '~')}`, buildNumber: '0.0.1' } } } });
    }
    // GET /v2/actor-builds/{build}: its README and input schema (a JSON string, as Apify gives it).
    if (req.method === 'GET' && parts[1] === 'actor-builds' && parts.length === 3) {
      const { actor } = actorOf((parts[2] ?? '').replace(/^build-/, ''));
      if (!actor) return fail(res, 404, 'record-not-found', 'Build was not found');
      return send(res, 200, { data: { id: parts[2], status: 'SUCCEEDED', readme: actor.readme ?? '', inputSchema: JSON.stringify(actor.inputSchema ?? { title: 'Input', type: 'object', schemaVersion: 1, properties: {} }) } });
    }
    // GET /v2/actor-runs/{run}[?waitForFinish=]: the run; each wait brings it closer to its end.
    if (req.method === 'GET' && parts[1] === 'actor-runs' && parts.length === 3) {
      const run = runs.get(parts[2] ?? '');
      if (!run) return fail(res, 404, 'record-not-found', 'Actor run was not found');
      if (run.status === 'RUNNING' && query.waitForFinish !== undefined) {
        if (run.pollsLeft > 0) run.pollsLeft--;
        if (run.pollsLeft === 0) run.status = options.actors[run.actorId]?.endStatus ?? 'SUCCEEDED';
      }
      return send(res, 200, { data: runData(run) });
    }
    // GET /v2/actor-runs/{run}/dataset: the run's default dataset.
    if (req.method === 'GET' && parts[1] === 'actor-runs' && parts[3] === 'dataset' && parts.length === 4) {
      const run = runs.get(parts[2] ?? '');
      if (!run) return fail(res, 404, 'record-not-found', 'Actor run was not found');
      return send(res, 200, { data: { id: run.datasetId, itemCount: run.items.length, cleanItemCount: run.items.length } });
    }
    // GET /v2/datasets/{id}/items?offset=&limit=: a page of items, as a JSON array with pagination headers.
    if (req.method === 'GET' && parts[1] === 'datasets' && parts[3] === 'items' && parts.length === 4) {
      const run = [...runs.values()].find((r) => r.datasetId === parts[2]);
      if (!run) return fail(res, 404, 'record-not-found', 'Dataset was not found');
      const offset = Number(query.offset ?? 0);
      const limit = Math.min(Number(query.limit ?? 250_000), 250_000);
      const page = run.items.slice(offset, offset + limit);
      return send(res, 200, page, {
        'x-apify-pagination-offset': String(offset),
        'x-apify-pagination-limit': String(limit),
        'x-apify-pagination-count': String(page.length),
        'x-apify-pagination-total': String(run.items.length),
      });
    }
    return fail(res, 404, 'page-not-found', 'Page not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    runs: started,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
