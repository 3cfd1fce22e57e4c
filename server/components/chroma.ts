/**
 * Langflow's "Chroma DB" (`Chroma`) in its local, persistent mode: ingested rows are added to the
 * collection (a row already there is skipped unless Allow Duplicates is on), and a Search Query
 * answers the Number of Results nearest rows. Kept under the data directory's
 * `vector_stores/chroma/<Persist Directory>/<Collection Name>` (flat-file store, not Chroma's own
 * format). Langflow's Chroma server fields (host, ports, SSL, CORS) and MMR search are not fields
 * here: an imported flow lists them in `ignored_fields`.
 */
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { CACHE_FIELD, EMBEDDING_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS, runLocalStore } from './lib/local-vector-store.js';

export default defineComponent({
  type: 'Chroma',
  display_name: 'Chroma DB',
  description: 'Chroma Vector Store with search capabilities',
  category: 'Vector Stores',
  icon: 'Chroma',
  fields: [
    { name: 'collection_name', display_name: 'Collection Name', kind: 'str', default: 'langflow' },
    {
      name: 'persist_directory',
      display_name: 'Persist Directory',
      kind: 'str',
      default: '',
      info: "Folder for the collection, relative to the data directory's vector_stores/chroma/ (empty: default).",
    },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    EMBEDDING_FIELD,
    { name: 'allow_duplicates', display_name: 'Allow Duplicates', kind: 'bool', default: false, advanced: true, info: 'If false, will not add documents that are already in the Vector Store.' },
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 10, advanced: true, info: 'Number of results to return.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    return runLocalStore(
      {
        kind: 'Chroma',
        name: asString(inputs.collection_name).trim() || 'langflow',
        directory: asString(inputs.persist_directory),
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 10) ?? 10,
        replace: false,
        toolsMetadata: inputs.tools_metadata,
        allowDuplicates: asBoolean(inputs.allow_duplicates, false),
      },
      ctx,
    );
  },
});
