/**
 * Langflow's table and dict fields (headers, query parameters, bodies) arrive as `[{key, value}]`
 * rows, plain objects, Data, or JSON text; each becomes one plain object.
 */
import { isData } from '../../../shared/data.js';
import { isMessage } from '../../../shared/message.js';

export function toRecord(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (isData(value)) return { ...value.data };
  if (isMessage(value)) return toRecord(value.text);
  if (typeof value === 'string') {
    try {
      return toRecord(JSON.parse(value) as unknown);
    } catch {
      return { data: value };
    }
  }
  if (Array.isArray(value)) {
    const record: Record<string, unknown> = {};
    for (const item of value) {
      if (isData(item)) Object.assign(record, isKeyValue(item.data) ? { [String(item.data.key)]: item.data.value } : item.data);
      else if (isKeyValue(item)) record[String(item.key)] = item.value;
    }
    return record;
  }
  if (typeof value === 'object') return { ...(value as Record<string, unknown>) };
  return {};
}

function isKeyValue(item: unknown): item is { key: unknown; value: unknown } {
  return typeof item === 'object' && item !== null && 'key' in item && 'value' in item;
}

/** Header values as strings; empty keys dropped. */
export function toHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, raw] of Object.entries(toRecord(value))) {
    if (key.trim() === '' || raw === undefined || raw === null) continue;
    headers[key.trim()] = typeof raw === 'string' ? raw : JSON.stringify(raw);
  }
  return headers;
}
