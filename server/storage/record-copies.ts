/** The store's own copies of records passed in: only the known fields, nothing shared with the caller. */
import type { StoredApiKey, StoredVariable } from './types.js';

export function copyApiKey(key: StoredApiKey): StoredApiKey {
  return {
    id: key.id,
    name: key.name,
    hash: key.hash,
    prefix: key.prefix,
    created_at: key.created_at,
    last_used_at: key.last_used_at,
    total_uses: key.total_uses,
  };
}

/** The value as a string (the type is checked by the store first). */
export function copyVariable(variable: StoredVariable): StoredVariable {
  return {
    id: variable.id,
    name: variable.name,
    type: variable.type,
    value: String(variable.value),
    default_fields: [...variable.default_fields],
    created_at: variable.created_at,
    updated_at: variable.updated_at,
  };
}
