/**
 * Langflow's "PGVector" (`pgvector`): ingest Data into a langchain PGVector collection on PostgreSQL
 * with the `vector` extension, and search it by cosine distance (lib/pgvector-store.ts). The Table
 * field is the collection's name, as in Langflow. The connection string is the field's (a secret:
 * bind it to a Credential variable); left empty on a server started with `--database-url`, the
 * server's own database.
 */
import { asInteger, asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { CACHE_FIELD, EMBEDDING_FIELD, INGEST_DATA_FIELD, SEARCH_QUERY_FIELD, TOOLS_METADATA_FIELD, VECTOR_STORE_OUTPUTS } from './lib/local-vector-store.js';
import { PgVectorError, openPgVector, pgVectorTarget } from './lib/pgvector-store.js';
import { runRemoteStore } from './lib/remote-vector-store.js';

export default defineComponent({
  type: 'pgvector',
  display_name: 'PGVector',
  description: 'PGVector Vector Store with search capabilities',
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
    { name: 'collection_name', display_name: 'Table', kind: 'str', required: true, default: '', info: 'The name of the collection in the langchain_pg_collection table.' },
    INGEST_DATA_FIELD,
    SEARCH_QUERY_FIELD,
    CACHE_FIELD,
    EMBEDDING_FIELD,
    { name: 'number_of_results', display_name: 'Number of Results', kind: 'int', default: 4, advanced: true, info: 'Number of results to return.' },
    TOOLS_METADATA_FIELD,
  ],
  outputs: VECTOR_STORE_OUTPUTS,

  async run(inputs, ctx) {
    const collection = asString(inputs.collection_name).trim();
    if (!collection) throw new PgVectorError('pgvector needs a Table: set the Table field to the name of the collection to use');
    const target = pgVectorTarget(inputs.pg_server_url, collection, ctx);
    return runRemoteStore(
      {
        kind: 'pgvector',
        ingest: inputs.ingest_data,
        embedding: inputs.embedding,
        query: inputs.search_query,
        k: asInteger(inputs.number_of_results, 4) ?? 4,
        toolsMetadata: inputs.tools_metadata,
        open: () => openPgVector(target, ctx),
      },
      ctx,
    );
  },
});
