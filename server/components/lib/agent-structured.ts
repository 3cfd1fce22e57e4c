/**
 * The Agent's Structured Response, as Langflow's `json_response` and its structured-output
 * orchestrator do it. No Output Schema rows: the input, as `{content}`, and no model call. An agent
 * with no tools: the model's native structured output, as LangChain's `with_structured_output`
 * asks it (OpenAI: a `json_schema` response format named `OutputModel`; Anthropic: a forced
 * `OutputModel` tool; Ollama: the schema as `format`) with the agent's instructions and the input.
 * An agent with tools: the agent runs with its instructions, the format instructions and the schema
 * as its system prompt, and the JSON in its answer is taken out and each object checked against the schema. A problem
 * Langflow catches (a bad schema, a model that cannot be set up, an answer that does not fit) is
 * answered as `{content, error}` Data, not a failed node.
 */
import { makeData, type Data } from '../../../shared/data.js';
import { errorMessage } from '../../../shared/errors.js';
import type { ResponseSchema } from '../models/chat-types.js';
import { checkObject, outputFields, type OutputField } from './structured-schema.js';

/** What Langflow's fallback answers when the agent's answer holds no JSON. */
export const MISSING_SCHEMA_HINT = 'Try setting an output schema';

type Json = Record<string, unknown>;

export interface StructuredRequest {
  /** The Output Schema table's rows (Langflow's `output_schema`). */
  outputSchema: unknown;
  /** The agent's instructions (its system prompt). */
  system: string;
  formatInstructions: string;
  input: string;
  /** Whether the agent has tools (connected, or the current-date tool): then the prompt fallback, as Langflow's `prefer_native=not has_tools`. */
  hasTools: boolean;
  /** The model's native structured output, asked with this schema. */
  native(schema: ResponseSchema): Promise<unknown>;
  /** Runs the agent with this system prompt and gives its answer's text. */
  runAgent(system: string): Promise<string>;
}

export async function structuredResponse(request: StructuredRequest): Promise<Data> {
  const rows = parseRows(request.outputSchema);
  if (rows.length === 0) return makeData({ content: request.input });
  let fields: OutputField[];
  try {
    fields = outputFields(rows.map(normalizeRow));
  } catch (error) {
    return makeData({ content: '', error: errorMessage(error) });
  }
  const schema = outputModelSchema(fields);
  if (!request.hasTools) {
    let answer: unknown;
    try {
      answer = await request.native({ name: 'OutputModel', description: '', schema: nativeSchema(fields), openaiResponseFormat: true });
    } catch (error) {
      // An answer LangChain cannot parse is its OutputParserException, which Langflow catches; the provider's own errors fail the node.
      if (!isUnparsableAnswer(error)) throw error;
      return makeData({ content: '', error: errorMessage(error) });
    }
    const checked = checkObject(answer, fields);
    if ('problems' in checked) return makeData({ content: '', error: validationError(checked.problems) });
    return makeData(checked.value);
  }
  const content = await request.runAgent(augmentedSystemPrompt(request.system, request.formatInstructions, schema));
  const parsed = extractJson(content);
  if (parsed === undefined) return makeData({ content, error: MISSING_SCHEMA_HINT });
  const items = (Array.isArray(parsed) ? parsed : [parsed]).map((item) => {
    const checked = checkObject(item, fields);
    return 'problems' in checked ? { data: item, validation_error: validationError(checked.problems) } : checked.value;
  });
  const [only] = items;
  if (items.length === 1 && isObject(only)) return makeData(only);
  return makeData({ results: items });
}

/** The table as rows: a list, or its JSON text (an empty or missing table is no rows). */
function parseRows(table: unknown): unknown[] {
  if (table === undefined || table === null || table === '') return [];
  if (typeof table === 'string') {
    try {
      return parseRows(JSON.parse(table) as unknown);
    } catch {
      return [table];
    }
  }
  return Array.isArray(table) ? table : [table];
}

/** Langflow's `preprocess_schema`: name, type and description as text (defaults "field", "str", ""), As List as a boolean. */
function normalizeRow(row: unknown): Json {
  const entry = isObject(row) ? row : {};
  const text = (value: unknown, fallback: string) => (value === undefined ? fallback : typeof value === 'string' ? value : JSON.stringify(value));
  return { name: text(entry.name, 'field'), type: text(entry.type, 'str'), description: text(entry.description, ''), multiple: entry.multiple ?? false };
}

/** The schema of the fields as the native call gets it (LangChain leaves titles out of a tool's parameters). */
function nativeSchema(fields: readonly OutputField[]): Json {
  return {
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.name, { ...f.schema, description: f.description }])),
    required: fields.map((f) => f.name),
  };
}

/** `OutputModel.model_json_schema()` as pydantic writes it: titles, keys in alphabetical order (properties in field order). */
export function outputModelSchema(fields: readonly OutputField[]): Json {
  const properties = Object.fromEntries(fields.map((f) => [f.name, sortKeys({ ...f.schema, description: f.description, title: pythonTitle(f.name) })]));
  return { properties, required: fields.map((f) => f.name), title: 'OutputModel', type: 'object' };
}

function sortKeys(schema: Json): Json {
  return Object.fromEntries(
    Object.keys(schema)
      .sort()
      .map((key) => [key, isObject(schema[key]) ? sortKeys(schema[key]) : schema[key]]),
  );
}

/** Pydantic's default field title: Python's `str.title()` of the name, underscores as spaces. */
function pythonTitle(name: string): string {
  let previousLetter = false;
  let title = '';
  for (const ch of name) {
    const letter = ch.toLowerCase() !== ch.toUpperCase();
    title += letter ? (previousLetter ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    previousLetter = letter;
  }
  return title.replaceAll('_', ' ');
}

/** Langflow's `_build_augmented_system_prompt`: instructions, format instructions, then the schema, blank lines between. */
export function augmentedSystemPrompt(system: string, formatInstructions: string, schema: Json): string {
  const parts: string[] = [];
  if (system) parts.push(system);
  if (formatInstructions) parts.push(`Format instructions: ${formatInstructions}`);
  parts.push(
    'You must respond ONLY with a JSON object matching this schema. ' +
      'Do not include explanations, markdown, or any text outside the JSON.\n' +
      `Schema:\n${pythonJsonDumps(schema)}`,
  );
  return parts.join('\n\n');
}

/** Python's `json.dumps(value, indent=2)`: as JSON.stringify, with non-ASCII characters escaped. */
function pythonJsonDumps(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Langflow's `extract_json_from_text`: the whole text as JSON, else from its first `{` to its last `}`; only an object or a list counts. */
export function extractJson(text: string): Json | unknown[] | undefined {
  const direct = tryParse(text);
  if (direct !== undefined) return direct;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  return tryParse(text.slice(start, end + 1));
}

function tryParse(payload: string): Json | unknown[] | undefined {
  try {
    const parsed = JSON.parse(payload) as unknown;
    return isObject(parsed) || Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** In the shape of pydantic's ValidationError text: the count, then each place and why. */
function validationError(problems: readonly { loc: string; message: string }[]): string {
  const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} for OutputModel`;
  return [count, ...problems.map((p) => `${p.loc}\n  ${p.message}`)].join('\n');
}

/** The model clients' words for an answer that is not the structured one asked for (not JSON, no call of the tool, a refusal). */
function isUnparsableAnswer(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.cause === undefined || error.cause instanceof SyntaxError;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
