/** API-key checks of contract §2: a key that is sent must be valid; a key is required only when `required()` says so. */
import type { Context, Next } from 'koa';
import { ForbiddenError } from '../../shared/errors.js';
import type { ApiKeyService } from '../services/api-key-service.js';

export function apiKeyFrom(ctx: Context): string | undefined {
  const header = ctx.get('x-api-key');
  if (header) return header;
  const query = ctx.query['x-api-key'];
  return typeof query === 'string' && query !== '' ? query : undefined;
}

export function apiKeyAuth(apiKeys: ApiKeyService, required: () => boolean) {
  return async function checkApiKey(ctx: Context, next: Next): Promise<void> {
    const key = apiKeyFrom(ctx);
    if (key === undefined) {
      if (required()) throw new ForbiddenError('An API key must be passed as query or header');
    } else if (!apiKeys.verify(key)) {
      throw new ForbiddenError('Invalid or missing API key');
    }
    await next();
  };
}
