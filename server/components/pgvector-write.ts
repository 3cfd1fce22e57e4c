/**
 * Langflow's "PGVector Write" (`pgvector_write`): batch-writes rows into a langchain PGVector
 * collection (the same tables and connection as PGVector, lib/pgvector-store.ts), the text from the
 * Embedding Field, the metadata from Metadata Fields (empty: every other field), and answers
 * Langflow's one-row summary table.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { embedTexts } from './models/embeddings-client.js';
import { toRows } from './lib/data-values.js';
import { PgVectorError, openPgVector, pgVectorTarget } from './lib/pgvector-store.js';
import { needEmbeddings, type StoredText } from './lib/remote-vector-store.js';

const COLLECTION_TABLE = 'langchain_pg_collection';
const EMBEDDING_TABLE = 'langchain_pg_embedding';

export default defineComponent({
  type: 'pgvector_write',
  display_name: 'PGVector Write',
  description: 'Batch writes documents to a LangChain PGVector vector store, creating its schema when missing.',
  category: 'Vector Stores',
  icon: 'cpu',
  fields: [
    {
      name: 'pg_server_url',
      display_name: 'PostgreSQL Server Connection String',
      kind: 'secret',
      load_from_db: true,
      required: true,
      default: '',
      info: "postgresql://user:password@host:5432/database. Empty on a server started with --database-url: the server's own database.",
    },
    {
      name: 'collection_name',
      display_name: 'Collection Name',
      kind: 'str',
      required: true,
      default: '',
      info: `LangChain PGVector collection name. Documents are stored in the shared ${EMBEDDING_TABLE} table and linked to this collection.`,
    },
    { name: 'ingest_data', display_name: 'Ingest Data', kind: 'str', input_types: ['Data', 'DataFrame', 'Table'], list: true, required: true, info: 'Rows to write.' },
    { name: 'embedding', display_name: 'Embedding', kind: 'str', input_types: ['Embeddings'], required: true, info: 'The embedding model (an Embeddings output).' },
    { name: 'embedding_field', display_name: 'Embedding Field', kind: 'str', default: 'text', required: true, info: 'Field to use as the text content for embeddings.' },
    { name: 'metadata_fields', display_name: 'Metadata Fields', kind: 'str', default: '', advanced: true, info: 'Comma-separated fields to store as metadata. Leave empty to use all fields except the embedding field.' },
    { name: 'batch_size', display_name: 'Batch Size', kind: 'int', default: 100, advanced: true, info: 'Number of documents to write in each batch.' },
  ],
  outputs: [{ name: 'write_summary', display_name: 'Write Summary', types: ['DataFrame'] }],

  async run(inputs, ctx) {
    const embeddingField = asString(inputs.embedding_field).trim();
    if (!embeddingField) throw new PgVectorError('Embedding Field is required.');
    const metadataFields = asString(inputs.metadata_fields)
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const documents = (await toRows(inputs.ingest_data)).map((row) => toDocument(row, embeddingField, metadataFields));
    if (documents.length === 0) throw new PgVectorError('No documents were provided to write to PGVector.');
    const batchSize = asInteger(inputs.batch_size, 0) ?? 0;
    if (batchSize <= 0) throw new PgVectorError('Batch Size must be greater than 0.');
    const collection = asString(inputs.collection_name).trim();
    if (!collection) throw new PgVectorError('PGVector Write needs a Collection Name: set the Collection Name field');
    const embeddings = needEmbeddings('PGVector Write', inputs.embedding);

    const store = await openPgVector(pgVectorTarget(inputs.pg_server_url, collection, ctx), ctx);
    let batches = 0;
    for (let i = 0; i < documents.length; i += batchSize) {
      const batch = documents.slice(i, i + batchSize);
      const vectors = await embedTexts(embeddings, batch.map((d) => d.text), ctx.signal);
      if (vectors.length < batch.length) {
        throw new PgVectorError(
          'Embedding service returned fewer embeddings than requested. Check that the selected embedding model supports embeddings and that the API response includes one non-empty embedding for each input document.',
        );
      }
      if (vectors.some((v) => v.length === 0)) throw new PgVectorError('Embedding service returned an empty embedding vector. Check the embedding model/API configuration before writing to PGVector.');
      await store.add(batch.map((d, j) => ({ ...d, vector: vectors[j] ?? [] })));
      batches++;
    }
    const summary: Data = makeData({
      collection_name: collection,
      documents_written: documents.length,
      batches_written: batches,
      batch_size: batchSize,
      embedding_field: embeddingField,
      metadata_fields: metadataFields.join(', '),
      storage_schema: 'langchain_pgvector',
      embedding_table: EMBEDDING_TABLE,
      collection_table: COLLECTION_TABLE,
      creates_schema_if_missing: true,
      ids_returned: documents.length,
    });
    return { write_summary: [summary] };
  },
});

/** A row as Langflow's `_data_to_document` makes it: the text of the Embedding Field, the chosen (or all other) fields as metadata. */
function toDocument(row: Data, embeddingField: string, metadataFields: string[]): StoredText {
  const data = row.data;
  if (!(embeddingField in data)) throw new PgVectorError(`Embedding Field '${embeddingField}' was not found in the input data.`);
  const keys = metadataFields.length > 0 ? metadataFields : Object.keys(data).filter((key) => key !== embeddingField);
  const missing = keys.filter((key) => !(key in data));
  if (missing.length > 0) throw new PgVectorError(`Metadata field(s) not found in the input data: ${missing.join(', ')}`);
  const value = data[embeddingField];
  return {
    text: typeof value === 'string' ? value : JSON.stringify(value),
    metadata: Object.fromEntries(keys.filter((key) => key !== embeddingField).map((key) => [key, data[key]])),
  };
}
