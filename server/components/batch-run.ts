/**
 * Langflow's "Batch Run" (`BatchRunComponent`): a language model over each row of a DataFrame. The
 * row's `column_name` cell (or, with no column, the whole row as TOML, as Langflow formats it) is
 * the user message, `system_message` the system one. The answer lands in `output_column_name` next
 * to the row's columns and its `batch_index`.
 *
 * Differences from Langflow, on purpose: at most BATCH_CONCURRENCY rows are at the model at once
 * (Langflow sends them all), and a row whose model call fails does not fail the whole batch: its
 * answer is empty and its `error` column says why (the column exists, empty elsewhere, only when
 * some row failed; with `enable_metadata` its metadata also says `processing_status: "failed"`).
 * A cancelled run still fails as a whole.
 */
import { dataText, isData, makeData } from '../../shared/data.js';
import { errorMessage } from '../../shared/errors.js';
import { asBoolean } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { type LanguageModelDescriptor } from '../engine/language-model.js';
import { resolveText } from '../engine/resolve-text.js';
import { selectedModel } from './language-model.js';
import { chatClient } from './models/chat-client.js';

/** How many rows are at the model at once. */
export const BATCH_CONCURRENCY = 4;

export default defineComponent({
  type: 'BatchRunComponent',
  display_name: 'Batch Run',
  description: 'Runs an LLM on each row of a DataFrame column. If no column is specified, all columns are used.',
  category: 'Processing',
  icon: 'List',
  fields: [
    {
      name: 'model',
      display_name: 'Language Model',
      kind: 'dict',
      default: [],
      input_types: ['LanguageModel'],
      required: true,
      info: 'Langflow\'s model selection ([{"name": …, "provider": "OpenAI" | "Anthropic" | "Ollama"}]), or connect a model component\'s Language Model output. Empty: OpenAI gpt-4o-mini.',
    },
    { name: 'api_key', display_name: 'API Key', kind: 'secret', load_from_db: true, default: '', advanced: true, info: 'Model Provider API key. Empty: OPENAI_API_KEY or ANTHROPIC_API_KEY.' },
    { name: 'system_message', display_name: 'Instructions', kind: 'multiline', default: '', input_types: ['Message'], info: 'Multi-line system instruction for all rows in the DataFrame.' },
    { name: 'df', display_name: 'DataFrame', kind: 'str', default: '', input_types: ['DataFrame'], required: true, info: "The DataFrame whose column (specified by 'column_name') we'll treat as text messages." },
    {
      name: 'column_name',
      display_name: 'Column Name',
      kind: 'str',
      default: '',
      input_types: ['Message'],
      info: 'The name of the DataFrame column to treat as text messages. If empty, all columns will be formatted in TOML.',
    },
    { name: 'output_column_name', display_name: 'Output Column Name', kind: 'str', default: 'model_response', input_types: ['Message'], advanced: true, info: "Name of the column where the model's response will be stored." },
    { name: 'enable_metadata', display_name: 'Enable Metadata', kind: 'bool', default: false, advanced: true, info: 'If True, add metadata to the output DataFrame.' },
  ],
  outputs: [{ name: 'batch_results', display_name: 'LLM Results', types: ['DataFrame'] }],

  async run(inputs, ctx) {
    const model = await batchModel(inputs, ctx);
    const [system, column, outputColumnText] = await Promise.all([resolveText(inputs.system_message), resolveText(inputs.column_name), resolveText(inputs.output_column_name)]);
    const outputColumn = outputColumnText || 'model_response';
    const rows = dataFrameRows(inputs.df);
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    if (column && !columns.includes(column)) {
      throw new Error(`Column '${column}' not found in the DataFrame. Available columns: ${columns.join(', ')}`);
    }
    const texts = rows.map((row) => (column ? cellText(row[column]) : rowAsToml(row)));
    const client = chatClient(model);
    const answers = await mapBounded(texts, BATCH_CONCURRENCY, async (text) => {
      try {
        const reply = await client.complete({ system, messages: [{ role: 'user', content: text }] }, ctx.signal);
        return { text: reply.text };
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        return { text: '', error: errorMessage(error) };
      }
    });
    const anyFailed = answers.some((a) => a.error !== undefined);
    const metadata = asBoolean(inputs.enable_metadata, false);
    return {
      batch_results: rows.map((original, index) => {
        const answer = answers[index] as { text: string; error?: string };
        const row: Record<string, unknown> = { ...original, [outputColumn]: answer.text, batch_index: index };
        if (anyFailed) row.error = answer.error ?? '';
        if (metadata) {
          row.metadata =
            answer.error === undefined
              ? { has_system_message: system !== '', input_length: cellText(row.text_input ?? '').length, response_length: answer.text.length, processing_status: 'success' }
              : { error: answer.error, processing_status: 'failed' };
        }
        return makeData(row);
      }),
    };
  },
});

function dataFrameRows(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (isData(item)) return item.data;
    if (typeof item === 'object' && item !== null) return item as Record<string, unknown>;
    throw new TypeError(`Expected DataFrame input, got ${typeof item === 'string' ? 'text' : typeof item}`);
  });
}

/** pandas' `astype(str)` for the cells a flow carries. */
function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (isData(value)) return dataText(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Langflow's `toml.dumps({column: {"value": str(cell)}})`. */
export function rowAsToml(row: Record<string, unknown>): string {
  return Object.entries(row)
    .map(([key, value]) => `[${/^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)}]\nvalue = ${JSON.stringify(cellText(value))}\n`)
    .join('\n');
}

/** `work` over every item with at most `limit` at once; answers in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A connected model as it is (not streamed); else the selection in `model` with the API key field. */
function batchModel(inputs: FieldValues, ctx: RunContext): Promise<LanguageModelDescriptor> {
  return selectedModel(inputs, ctx, inputs.model);
}
