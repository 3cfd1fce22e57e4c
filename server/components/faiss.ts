/**
 * Langflow's "FAISS" (`FAISS`): a local vector index. Ingested rows rebuild the index (as Langflow's
 * `from_documents` + `save_local` do); a Search Query answers the Number of Results nearest rows.
 * Kept under the data directory's `vector_stores/faiss/<Persist Directory>/<Index Name>` (flat-file
 * store, not FAISS's own format; nothing is unpickled, so Allow Dangerous Deserialization has no field).
 */
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { CACHE_FIELD, EMBEDDING_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS, runLocalStore } from './lib/local-vector-store.js';

export default defineComponent({
  type: 'FAISS',
  display_name: 'FAISS',
  description: 'FAISS Vector Store with search capabilities',
  category: 'Vector Stores',
  icon: 'FAISS',
  fields: [
    { name: 'index_name', display_name: 'Index Name', kind: 'str', default: 'langflow_index' },
    {
      name: 'persist_directory',
      display_name: 'Persist Directory',
      kind: 'str',
      default: '',
      info: "Folder for the index, relative to the data directory's vector_stores/faiss/ (empty: default).",
    },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    EMBEDDING_FIELD,
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 4, advanced: true, info: 'Number of results to return.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    return runLocalStore(
      {
        kind: 'FAISS',
        name: asString(inputs.index_name).trim() || 'langflow_index',
        directory: asString(inputs.persist_directory),
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 4) ?? 4,
        replace: true,
        toolsMetadata: inputs.tools_metadata,
        allowDuplicates: true,
      },
      ctx,
    );
  },
});
