/** API keys: `sk-` plus 43 url-safe random characters, stored only as SHA-256 hashes. */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRead } from '../../shared/api-dto.js';
import { NotFoundError } from '../../shared/errors.js';
import type { ApiKeyStore, StoredApiKey } from '../storage/types.js';
import { BodyChecker } from './body-checks.js';
import type { Clock } from './clock.js';

export interface ApiKeyService {
  list(): ApiKeyRead[];
  /** Creates a key; the answer holds the full key, the only time it is shown. */
  create(body: unknown): Promise<ApiKeyRead>;
  delete(id: string): Promise<void>;
  /** Whether the key is valid; a valid key's use is recorded. */
  verify(key: string): boolean;
  /** Whether any key exists. */
  any(): boolean;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function newApiKey(): string {
  return `sk-${randomBytes(32).toString('base64url')}`;
}

function toRead(k: StoredApiKey, fullKey?: string): ApiKeyRead {
  return {
    id: k.id,
    name: k.name,
    api_key: fullKey ?? `${k.prefix}${'*'.repeat(8)}`,
    created_at: k.created_at,
    last_used_at: k.last_used_at,
    total_uses: k.total_uses,
  };
}

export function createApiKeyService(deps: { apiKeys: ApiKeyStore; clock: Clock }): ApiKeyService {
  const { apiKeys, clock } = deps;
  return {
    list: () => apiKeys.list().map((k) => toRead(k)),

    async create(body) {
      const check = new BodyChecker(BodyChecker.object(body));
      const name = check.string('name', { nullable: true, maxLength: 200 });
      check.done();
      const key = newApiKey();
      const stored = await apiKeys.create({
        id: clock.uuid(),
        name: name?.trim() || 'API key',
        hash: hashApiKey(key),
        prefix: key.slice(0, 7),
        created_at: clock.now(),
        last_used_at: null,
        total_uses: 0,
      });
      return toRead(stored, key);
    },

    async delete(id) {
      if (!(await apiKeys.delete(id))) throw new NotFoundError('API key not found');
    },

    verify(key) {
      const found = apiKeys.getByHash(hashApiKey(key));
      if (!found) return false;
      apiKeys.touch(found.id, clock.now());
      return true;
    },

    any: () => apiKeys.list().length > 0,
  };
}
