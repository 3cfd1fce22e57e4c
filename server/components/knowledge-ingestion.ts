/**
 * Langflow's "Knowledge Ingestion" (`KnowledgeIngestion`): rows (a DataFrame, Data or a Message)
 * embedded into a knowledge base with the embedding model the knowledge base was created with.
 * The Column Configuration says which columns are embedded (Vectorize) and which identify a row
 * (Identifier); the other columns are kept as metadata. A row whose identifier text is already in
 * the knowledge base is skipped unless Allow Duplicates is on.
 */
import { createHash, randomUUID } from 'node:crypto';
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import type { VectorRecord } from '../engine/vectors.js';
import { toRows } from './lib/data-values.js';
import { KNOWLEDGE_BASE_FIELD, knowledgeApiKeyField, knowledgeEmbeddings } from './lib/knowledge.js';
import { embedTexts } from './models/embeddings-client.js';

interface ColumnConfig {
  column_name: string;
  vectorize: boolean;
  identifier: boolean;
}

export default defineComponent({
  type: 'KnowledgeIngestion',
  display_name: 'Knowledge Ingestion',
  description: 'Create or update knowledge in Langflow.',
  category: 'Knowledge',
  icon: 'upload',
  fields: [
    KNOWLEDGE_BASE_FIELD,
    {
      name: 'input_df',
      display_name: 'Input',
      kind: 'str',
      input_types: ['Message', 'Data', 'JSON', 'DataFrame', 'Table'],
      required: true,
      info: 'Table with all original columns (already chunked / processed). Accepts Message, Data, or DataFrame.',
    },
    {
      name: 'column_config',
      display_name: 'Column Configuration',
      kind: 'dict',
      required: true,
      default: [{ column_name: 'text', vectorize: true, identifier: true }],
      info: 'Configure column behavior for the knowledge base: rows of {column_name, vectorize, identifier}.',
    },
    { name: 'chunk_size', display_name: 'Chunk Size', kind: 'int', default: 1000, advanced: true, info: 'Batch size for processing embeddings' },
    knowledgeApiKeyField("Overrides the knowledge base's key variable. Leave blank to use it (or OPENAI_API_KEY)."),
    { name: 'allow_duplicates', display_name: 'Allow Duplicates', kind: 'bool', default: false, advanced: true, info: 'Allow duplicate rows in the knowledge base' },
  ],
  outputs: [{ name: 'dataframe_output', display_name: 'Results', types: ['Data'] }],

  async run(inputs, ctx) {
    try {
      const kb = await ctx.vectors.knowledgeBase(asString(inputs.knowledge_base).trim());
      const rows = await toRows(Array.isArray(inputs.input_df) && inputs.input_df.length === 1 ? inputs.input_df[0] : inputs.input_df);
      if (rows.length === 0) throw new Error('The input has no rows to ingest');
      const columns = [...new Set(rows.flatMap((row) => Object.keys(row.data)))];
      const config = columnConfig(inputs.column_config, columns);
      const content = config.filter((c) => c.vectorize).map((c) => c.column_name);
      const identifiers = config.filter((c) => !c.vectorize && c.identifier).map((c) => c.column_name);
      if (content.length === 0) throw new Error('No column is marked Vectorize in the Column Configuration');

      const allowDuplicates = asBoolean(inputs.allow_duplicates, false);
      const seen = new Set<string>();
      const pending: { id: string; text: string; metadata: Record<string, unknown> }[] = [];
      for (const row of rows) {
        const text = joined(row, content);
        if (!text.trim()) continue;
        const hash = createHash('sha256').update(identifiers.length > 0 ? joined(row, identifiers) : text).digest('hex');
        if (!allowDuplicates && (seen.has(hash) || (await kb.collection.has(hash)))) continue;
        seen.add(hash);
        const metadata: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row.data)) if (!content.includes(key) && value !== null && value !== undefined) metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
        metadata._id = hash;
        pending.push({ id: allowDuplicates ? `${hash}-${randomUUID()}` : hash, text, metadata });
      }

      const chunkSize = asInteger(inputs.chunk_size, 1000);
      const embeddings = await knowledgeEmbeddings(kb.metadata, inputs.api_key, chunkSize, ctx);
      const vectors = await embedTexts(embeddings, pending.map((p) => p.text), ctx.signal);
      const records: VectorRecord[] = pending.map((p, i) => ({ ...p, vector: vectors[i] ?? [] }));
      await kb.collection.add(records);
      await kb.saveSchema(config as unknown as Record<string, unknown>[]);

      return {
        dataframe_output: makeData({
          kb_id: randomUUID(),
          kb_name: kb.name,
          rows: rows.length,
          added: records.length,
          column_metadata: columnMetadata(config, columns),
          path: `knowledge_bases/${kb.name}`,
          config_columns: config.length,
          timestamp: new Date().toISOString(),
        }),
      };
    } catch (error) {
      throw new Error(`Error during KB ingestion: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  },
});

/** The table's rows, checked against the input's columns (Langflow's message when one is missing). */
function columnConfig(value: unknown, columns: string[]): ColumnConfig[] {
  const list = Array.isArray(value) ? value : [];
  if (list.length === 0) throw new Error('Column configuration cannot be empty');
  const flag = (v: unknown) => v === true || v === 'True' || v === 'true';
  return list.map((entry: unknown) => {
    const row = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const name = asString(row.column_name);
    if (!columns.includes(name)) throw new Error(`Column '${name}' not found in DataFrame. Available columns: ${JSON.stringify([...columns].sort())}`);
    return { column_name: name, vectorize: flag(row.vectorize), identifier: flag(row.identifier) };
  });
}

function joined(row: Data, columns: string[]): string {
  return columns
    .map((c) => row.data[c])
    .filter((v) => v !== undefined && v !== null)
    .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
    .join(' ');
}

function columnMetadata(config: ColumnConfig[], columns: string[]) {
  return {
    total_columns: columns.length,
    mapped_columns: config.length,
    unmapped_columns: columns.length - config.length,
    columns: config.map((c) => ({ name: c.column_name, vectorize: c.vectorize, identifier: c.identifier })),
    summary: {
      vectorized_columns: config.filter((c) => c.vectorize).map((c) => c.column_name),
      identifier_columns: config.filter((c) => c.identifier).map((c) => c.column_name),
    },
  };
}
