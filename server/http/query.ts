import { ValidationError } from '../../shared/errors.js';
import { lastQueryValue, type RequestView } from './request-view.js';

/** A boolean query parameter the way FastAPI reads one (`true/false/1/0/yes/no/on/off`). */
export function queryBool(request: Pick<RequestView, 'query'>, name: string, fallback: boolean): boolean {
  const raw = request.query[name];
  if (raw === undefined) return fallback;
  const value = (Array.isArray(raw) ? raw[raw.length - 1] : raw)?.toLowerCase() ?? '';
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(value)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(value)) return false;
  throw new ValidationError([{ type: 'bool_parsing', loc: ['query', name], msg: 'Input should be a valid boolean, unable to interpret input', input: raw }]);
}

/** A string query parameter (the last one when repeated). */
export function queryString(request: Pick<RequestView, 'query'>, name: string): string | undefined {
  return lastQueryValue(request.query, name);
}

/** An integer query parameter the way FastAPI reads one, within `ge`..`le` (422 issues otherwise). */
export function queryInt(request: Pick<RequestView, 'query'>, name: string, fallback: number, bounds: { ge?: number; le?: number } = {}): number {
  const raw = lastQueryValue(request.query, name);
  if (raw === undefined) return fallback;
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) {
    throw new ValidationError([{ type: 'int_parsing', loc: ['query', name], msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw }]);
  }
  const value = Number(text);
  if (bounds.ge !== undefined && value < bounds.ge) {
    throw new ValidationError([{ type: 'greater_than_equal', loc: ['query', name], msg: `Input should be greater than or equal to ${bounds.ge}`, input: raw, ctx: { ge: bounds.ge } }]);
  }
  if (bounds.le !== undefined && value > bounds.le) {
    throw new ValidationError([{ type: 'less_than_equal', loc: ['query', name], msg: `Input should be less than or equal to ${bounds.le}`, input: raw, ctx: { le: bounds.le } }]);
  }
  return value;
}
