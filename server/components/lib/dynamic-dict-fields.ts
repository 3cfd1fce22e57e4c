/**
 * Langflow's Create Data / Update Data fields: Number of Fields gives `field_1_key` … `field_N_key`,
 * each a dict of entries to set (a Data value counts by its text, as `get_text()`).
 */
import type { FieldSpec } from '../../../shared/component-spec.js';
import { isData, type Data } from '../../../shared/data.js';
import { isMessage } from '../../../shared/message.js';
import { asInteger } from '../../engine/field-values.js';

export const MAX_FIELDS = 15;

export function fieldCount(value: unknown, fallback: number): number {
  const count = asInteger(value, fallback) ?? fallback;
  if (count > MAX_FIELDS) throw new Error(`Number of fields cannot exceed ${MAX_FIELDS}. Please adjust the number of fields to be within the allowed limit.`);
  return Math.max(0, count);
}

export function dictFields(values: Record<string, unknown>, fallback: number, inputTypes: string[]): FieldSpec[] {
  let count: number;
  try {
    count = fieldCount(values.number_of_fields, fallback);
  } catch {
    count = MAX_FIELDS;
  }
  return Array.from({ length: count }, (_, i) => ({
    name: `field_${i + 1}_key`,
    display_name: `Field ${i + 1}`,
    kind: 'dict' as const,
    default: {},
    input_types: inputTypes,
    info: `Key for field ${i + 1}.`,
    dynamic: true,
  }));
}

/** A Data's text as Langflow's `get_text()` gives it: the text entry, else the default value. */
export function dataGetText(data: Data): unknown {
  return data.text_key in data.data ? data.data[data.text_key] : data.default_value;
}

/** A plain dict (or `[{key, value}]` rows), not a Data or Message. */
export function plainDict(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || isData(value) || isMessage(value)) return undefined;
  if (Array.isArray(value)) {
    if (!value.every((row) => typeof row === 'object' && row !== null && 'key' in row)) return undefined;
    return Object.fromEntries((value as { key: unknown; value?: unknown }[]).map((row) => [String(row.key), row.value]));
  }
  return value as Record<string, unknown>;
}

/** The entries of a dict field, Data values read as their text. */
export function dictEntries(dict: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dict).map(([key, value]) => [key, isData(value) ? dataGetText(value) : value]));
}
