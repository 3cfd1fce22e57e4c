/**
 * `/api/v1/models/…`: model providers, enabled models and the default model, with Langflow 1.7+'s
 * paths and shapes; plus Flowdesk's `provider_settings` (each provider's key status and base URL,
 * and setting them) for the editor's Settings page.
 */
import type Router from '@koa/router';
import type { AppDeps } from '../app-deps.js';
import { queryString } from '../query.js';
import { readJsonBody } from '../read-body.js';

/** A query parameter that may repeat (`?provider=OpenAI&provider=Anthropic`). */
function queryList(query: Record<string, string | string[] | undefined>, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw : [raw];
}

export function modelRoutes(router: Router, deps: AppDeps): void {
  const models = deps.models;

  router.get(['/api/v1/models', '/api/v1/models/'], (ctx) => {
    ctx.body = models.list({ provider: queryList(ctx.query, 'provider'), model_name: queryString(ctx, 'model_name'), model_type: queryString(ctx, 'model_type') });
  });
  router.get('/api/v1/models/providers', (ctx) => {
    ctx.body = models.providers();
  });
  router.get('/api/v1/models/provider-variable-mapping', (ctx) => {
    ctx.body = models.variableMapping();
  });
  router.get('/api/v1/models/enabled_providers', (ctx) => {
    ctx.body = models.enabledProviders(queryList(ctx.query, 'providers'));
  });
  router.get('/api/v1/models/enabled_models', (ctx) => {
    ctx.body = models.enabledModels(queryList(ctx.query, 'model_names'));
  });
  router.post('/api/v1/models/enabled_models', async (ctx) => {
    ctx.body = await models.updateEnabledModels(await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.get('/api/v1/models/default_model', (ctx) => {
    ctx.body = models.getDefault(queryString(ctx, 'model_type'));
  });
  router.post('/api/v1/models/default_model', async (ctx) => {
    ctx.body = await models.setDefault(await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
  router.delete('/api/v1/models/default_model', async (ctx) => {
    ctx.body = await models.clearDefault(queryString(ctx, 'model_type'));
  });
  router.get('/api/v1/models/provider_settings', (ctx) => {
    ctx.body = models.providerStatus();
  });
  router.patch('/api/v1/models/provider_settings/:provider', async (ctx) => {
    ctx.body = await models.updateProvider(ctx.params.provider as string, await readJsonBody(ctx.req, deps.maxBodyBytes));
  });
}
