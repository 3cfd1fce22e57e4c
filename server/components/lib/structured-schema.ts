/**
 * Structured Output's schema, as Langflow builds it (`build_model_from_schema` and the wrapping
 * `create_model`): each row of the Output Schema table `{name, description, type, multiple}` is a
 * required field of an object; the answer is `{"objects": [that object, …]}` with at least one
 * object. The JSON schema is the one LangChain derives from those pydantic models (titles left
 * out), and an answer is checked and converted as pydantic's lax validation does it.
 */
import { asString } from '../../engine/field-values.js';

type JsonSchema = Record<string, unknown>;

/** Langflow's type names (`_get_type_annotation`) and the JSON schema pydantic gives each. */
const TYPES: Record<string, JsonSchema> = {
  str: { type: 'string' },
  text: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  number: { type: 'number' },
  bool: { type: 'boolean' },
  boolean: { type: 'boolean' },
  list: { type: 'array', items: {} },
  dict: { type: 'object', additionalProperties: true },
};

/** Langflow's `coalesce_bool` for the "As List" column: a bool, a text in its true list, or a non-zero integer. */
function coalesceBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return ['true', '1', 't', 'y', 'yes'].includes(value.trim().toLowerCase());
  if (typeof value === 'number') return Number.isInteger(value) && value !== 0;
  return false;
}

export interface OutputField {
  name: string;
  description: string;
  schema: JsonSchema;
}

/** The table's rows as fields; a row without a name or with a type Langflow does not know fails saying which. */
export function outputFields(table: unknown): OutputField[] {
  const rows = typeof table === 'string' && table.trim().startsWith('[') ? (JSON.parse(table) as unknown) : table;
  if (!Array.isArray(rows) || rows.length === 0) throw new Error('Output schema cannot be empty');
  const fields = new Map<string, OutputField>();
  rows.forEach((row: unknown, i) => {
    if (typeof row !== 'object' || row === null) throw new Error(`Output schema row ${i + 1} is not a {name, description, type, multiple} row`);
    const entry = row as Record<string, unknown>;
    const name = asString(entry.name).trim();
    if (!name) throw new Error(`Output schema row ${i + 1} has no name`);
    const type = asString(entry.type).trim();
    const base = TYPES[type];
    if (!base) throw new Error(`Invalid type: ${type}`);
    const description = asString(entry.description);
    const schema = coalesceBool(entry.multiple) ? { type: 'array', items: base } : base;
    // As a Python dict of fields: a repeated name keeps its first place and its last definition.
    fields.set(name, { name, description, schema });
  });
  return [...fields.values()];
}

/** The JSON schema of the answer: `{objects: [row object, …]}` with at least one object. */
export function answerSchema(fields: readonly OutputField[], schemaName: string): JsonSchema {
  const item: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, { ...f.schema, description: f.description }])),
    required: fields.map((f) => f.name),
  };
  return {
    type: 'object',
    properties: { objects: { type: 'array', description: `A list of ${schemaName}.`, items: item, minItems: 1 } },
    required: ['objects'],
  };
}

/** A value that does not fit the schema, with where (`objects.0.age`, as pydantic says it) and why. */
class Mismatch extends Error {}

/**
 * The answer's objects, each with only the schema's fields and each value converted as pydantic's
 * lax mode does ("3" to 3 for an int, "yes" to true for a bool, 2 to 2.0 for a float); anything
 * else fails with every mismatch named.
 */
export function checkAnswer(answer: unknown, fields: readonly OutputField[]): Record<string, unknown>[] {
  const problems: string[] = [];
  const at = (path: (string | number)[], message: string) => problems.push(`${path.join('.')}: ${message}`);
  const objects = isObject(answer) ? answer.objects : undefined;
  if (!isObject(answer)) at(['(answer)'], `Input should be an object with "objects" (got ${shown(answer)})`);
  else if (!Array.isArray(objects)) at(['objects'], objects === undefined ? 'Field required' : `Input should be a valid list (got ${shown(objects)})`);
  else if (objects.length === 0) at(['objects'], 'List should have at least 1 item after validation, not 0');
  if (problems.length > 0 || !Array.isArray(objects)) throw new Error(mismatchMessage(problems));

  const result = objects.map((raw, i) => convertObject(raw, fields, ['objects', i], at));
  if (problems.length > 0) throw new Error(mismatchMessage(problems));
  return result;
}

/**
 * One object checked against the fields, as pydantic's `model_validate` of Langflow's `OutputModel`:
 * the object with only the schema's fields, values converted, or every problem found, each with its
 * place in the object (`age`, `tags.1`) and why.
 */
export function checkObject(raw: unknown, fields: readonly OutputField[]): { value: Record<string, unknown> } | { problems: { loc: string; message: string }[] } {
  const problems: { loc: string; message: string }[] = [];
  const value = convertObject(raw, fields, [], (path, message) => problems.push({ loc: path.join('.'), message }));
  return problems.length > 0 ? { problems } : { value };
}

function convertObject(raw: unknown, fields: readonly OutputField[], path: (string | number)[], at: (path: (string | number)[], message: string) => void): Record<string, unknown> {
  if (!isObject(raw)) {
    at(path.length > 0 ? path : ['(answer)'], `Input should be an object (got ${shown(raw)})`);
    return {};
  }
  const row: Record<string, unknown> = {};
  for (const field of fields) {
    if (!Object.hasOwn(raw, field.name)) {
      at([...path, field.name], 'Field required');
      continue;
    }
    try {
      row[field.name] = convert(raw[field.name], field.schema, [...path, field.name], at);
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
      at([...path, field.name], error.message);
    }
  }
  return row;
}

function mismatchMessage(problems: string[]): string {
  const listed = problems.slice(0, 5).join('; ');
  const more = problems.length > 5 ? `; and ${problems.length - 5} more` : '';
  return `The model's answer does not match the output schema: ${listed}${more}`;
}

const TRUE_TEXT = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_TEXT = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

function convert(value: unknown, schema: JsonSchema, path: (string | number)[], at: (path: (string | number)[], message: string) => void): unknown {
  switch (schema.type) {
    case 'string':
      if (typeof value === 'string') return value;
      throw new Mismatch(`Input should be a valid string (got ${shown(value)})`);
    case 'integer': {
      const n = typeof value === 'boolean' ? Number(value) : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
      if (typeof n === 'number' && Number.isInteger(n)) return n;
      throw new Mismatch(`Input should be a valid integer (got ${shown(value)})`);
    }
    case 'number': {
      const n = typeof value === 'boolean' ? Number(value) : typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw new Mismatch(`Input should be a valid number (got ${shown(value)})`);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string' && TRUE_TEXT.has(value.trim().toLowerCase())) return true;
      if (typeof value === 'string' && FALSE_TEXT.has(value.trim().toLowerCase())) return false;
      throw new Mismatch(`Input should be a valid boolean (got ${shown(value)})`);
    case 'object':
      if (isObject(value)) return value;
      throw new Mismatch(`Input should be a valid dictionary (got ${shown(value)})`);
    case 'array': {
      if (!Array.isArray(value)) throw new Mismatch(`Input should be a valid list (got ${shown(value)})`);
      const items = (schema.items ?? {}) as JsonSchema;
      if (items.type === undefined) return value;
      return value.map((item, i) => {
        try {
          return convert(item, items, [...path, i], at);
        } catch (error) {
          if (!(error instanceof Mismatch)) throw error;
          at([...path, i], error.message);
          return item;
        }
      });
    }
    default:
      return value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
