/**
 * Reading field values leniently: values come from saved flows, Langflow imports and tweaks, so a
 * number may arrive as "0.5" and a boolean as "true".
 */

export function asString(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'string' ? value : String(value);
}

/** A finite number, or `fallback` for empty or non-numeric values. */
export function asNumber(value: unknown, fallback: number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : fallback;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : fallback;
  }
  return fallback;
}

export function asInteger(value: unknown, fallback: number | undefined): number | undefined {
  const number = asNumber(value, undefined);
  return number === undefined ? fallback : Math.trunc(number);
}

export function asBoolean(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true' || lowered === '1') return true;
    if (lowered === 'false' || lowered === '0' || lowered === '') return false;
  }
  if (typeof value === 'number') return value !== 0;
  return fallback;
}
