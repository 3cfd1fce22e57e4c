/** JSON values as Python shows them, for components whose Langflow answer holds Python's `str()` of a value. */
import { pyRepr } from '../../../shared/python-format.js';

/** Python's `repr()`: strings quoted, `None`, `True`/`False`, lists and dicts with their items' reprs. */
export function pyReprValue(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return pyRepr(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyReprValue).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyRepr(k)}: ${pyReprValue(v)}`)
    .join(', ')}}`;
}

/** Python's `str()`: a string as it is, anything else as its repr. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyReprValue(value);
}
