/** Langflow's `Data`: a record of named values, one of which (`text_key`) is its text. */

export interface Data {
  data: Record<string, unknown>;
  /** Which entry of `data` is the record's text. */
  text_key: string;
  /** Text used when `data[text_key]` is missing. */
  default_value: string;
}

export function makeData(data: Record<string, unknown>, textKey = 'text'): Data {
  return { data, text_key: textKey, default_value: '' };
}

export function isData(value: unknown): value is Data {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Data>;
  return typeof candidate.text_key === 'string' && typeof candidate.data === 'object' && candidate.data !== null;
}

/** The record's text: `data[text_key]` when it is a string, else the whole record as JSON. */
export function dataText(value: Data): string {
  const text = value.data[value.text_key];
  if (typeof text === 'string') return text;
  if (text === undefined && value.default_value) return value.default_value;
  return JSON.stringify(value.data);
}
