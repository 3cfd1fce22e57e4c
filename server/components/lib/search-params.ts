/** Query parameters from Langflow's list-of-dicts field (`DictInput(is_list=True)`), as the search components take them. */
import { toRecord } from './field-tables.js';

/** One dict, a list of dicts (merged in order), or key/value rows, as query parameters; empty values and `api_key` left out (the key has its own field). */
export function searchParams(value: unknown): Record<string, string> {
  const merged: Record<string, unknown> = Array.isArray(value)
    ? Object.assign({}, ...value.map((item) => (typeof item === 'object' && item !== null && 'key' in item && 'value' in item ? toRecord([item]) : toRecord(item))))
    : toRecord(value);
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(merged)) {
    if (raw === undefined || raw === null || name.trim() === '' || name === 'api_key') continue;
    params[name.trim()] = typeof raw === 'string' ? raw : JSON.stringify(raw);
  }
  return params;
}
