/** Health, version, catalog, messages, global variables and API keys. */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppDeps } from '../app-deps.js';
import { readJsonBody } from '../read-body.js';
import { queryString } from '../query.js';

/**
 * Answers JSON as a string: Koa, given an object, checks it against the web `ReadableStream`, `Blob`
 * and `Response` classes, and the first touch of those loads Node's fetch implementation (~20 ms),
 * which would delay the first answer of the readiness probe.
 */
function jsonText(ctx: Context, value: unknown): void {
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(value);
}

export function healthRoutes(router: Router, deps: AppDeps): void {
  router.get('/health', (ctx) => {
    const database = deps.databaseState?.();
    const queue = deps.queueState?.();
    if (database === undefined && queue === undefined) return jsonText(ctx, { status: 'ok' });
    const ok = (database ?? 'ok') === 'ok' && (queue ?? 'ok') === 'ok';
    ctx.status = ok ? 200 : 503;
    jsonText(ctx, { status: ok ? 'ok' : 'nok', ...(database === undefined ? {} : { database }), ...(queue === undefined ? {} : { queue }) });
  });

  router.get('/health_check', async (ctx) => {
    const ok = await deps.healthCheck();
    ctx.status = ok ? 200 : 500;
    jsonText(ctx, { status: ok ? 'ok' : 'nok', db: ok ? 'ok' : 'nok' });
  });
}

export function adminRoutes(router: Router, deps: AppDeps): void {
  router.get('/api/v1/version', (ctx) => {
    ctx.body = { version: deps.version, main_version: deps.version, package: 'Flowdesk' };
  });

  router.get('/api/v1/all', (ctx) => {
    ctx.body = deps.catalog();
  });

  router.get('/api/v1/monitor/messages', async (ctx) => {
    ctx.body = await deps.messages.list({
      flow_id: queryString(ctx, 'flow_id'),
      session_id: queryString(ctx, 'session_id'),
      sender: queryString(ctx, 'sender'),
      sender_name: queryString(ctx, 'sender_name'),
      order_by: queryString(ctx, 'order_by'),
    });
  });

  router.delete('/api/v1/monitor/messages/session/:session_id', async (ctx) => {
    await deps.messages.deleteSession(ctx.params.session_id as string);
    ctx.status = 204;
  });

  router.get('/api/v1/variables/', (ctx) => {
    ctx.body = deps.variables.list();
  });
  router.post('/api/v1/variables/', async (ctx) => {
    ctx.body = await deps.variables.create(await readJsonBody(ctx.req, deps.maxBodyBytes));
    ctx.status = 201;
  });
  router.patch('/api/v1/variables/:id', async (ctx) => {
    ctx.body = await deps.variables.update(ctx.params.id as string, await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.delete('/api/v1/variables/:id', async (ctx) => {
    await deps.variables.delete(ctx.params.id as string);
    ctx.status = 204;
  });

  router.get('/api/v1/api_key/', (ctx) => {
    const apiKeys = deps.apiKeys.list();
    ctx.body = { total_count: apiKeys.length, user_id: null, api_keys: apiKeys };
  });
  router.post('/api/v1/api_key/', async (ctx) => {
    ctx.body = await deps.apiKeys.create(await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.delete('/api/v1/api_key/:id', async (ctx) => {
    await deps.apiKeys.delete(ctx.params.id as string);
    ctx.body = { detail: 'API Key deleted' };
  });
}
