/**
 * The new model providers under the tweak policy: the field that says where a provider's key is
 * sent (its base URL, Azure's endpoint) is refused to a tweak while the key comes from a Credential
 * variable or the environment, and accepted when the flow itself holds the key; the vector stores'
 * connection strings, keys and Elasticsearch URL never, Qdrant's address only with the key in the flow.
 */
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { parseRunRequest } from '../../server/services/run-request.js';
import { runOverrides } from '../../server/services/run-tweaks.js';
import { TweakRefusedError } from '../../shared/errors.js';
import { flow, node } from '../engine/support.js';

const ADDRESS_FIELDS: [string, string][] = [
  ['GroqModel', 'base_url'],
  ['DeepSeekModelComponent', 'api_base'],
  ['xAIModel', 'base_url'],
  ['LMStudioModel', 'base_url'],
  ['NVIDIAModelComponent', 'base_url'],
  ['MistralModel', 'mistral_api_base'],
  ['vLLMModel', 'api_base'],
  ['AzureOpenAIModel', 'azure_endpoint'],
];
const registry = createRegistry(builtinComponents);

describe.each(ADDRESS_FIELDS)('%s.%s', (type, field) => {
  const tweak = (values: Record<string, unknown>) =>
    runOverrides(parseRunRequest({ tweaks: { [`${type}-aaaaa`]: { [field]: 'http://attacker.example/v1' } } }), flow([node(`${type}-aaaaa`, values)]), registry, false, 'permissive');

  it('is refused while the key comes from a variable or the environment', () => {
    expect(() => tweak({ api_key: '' })).toThrow(TweakRefusedError);
    expect(() => tweak({ api_key: '' })).toThrow(expect.objectContaining({ refused: [expect.objectContaining({ field, reason: expect.stringContaining('protected') })] }));
  });

  it('applies when the flow holds its own key', () => {
    expect(tweak({ api_key: 'typed-into-the-flow' })?.get(`${type}-aaaaa`)).toMatchObject({ [field]: 'http://attacker.example/v1' });
  });
});

describe('the vector stores beyond the starters', () => {
  const tweak = (type: string, values: Record<string, unknown>, tweaks: Record<string, unknown>) =>
    runOverrides(parseRunRequest({ tweaks: { [`${type}-aaaaa`]: tweaks } }), flow([node(`${type}-aaaaa`, values)]), registry, false, 'permissive');

  it("refuses Qdrant's address fields while its key comes from a variable, and takes them when the flow holds the key", () => {
    for (const [field, value] of [['url', 'http://attacker.example:6333'], ['host', 'attacker.example'], ['port', 1], ['prefix', 'x']] as const) {
      expect(() => tweak('QdrantVectorStoreComponent', { api_key: '' }, { [field]: value }), field).toThrow(TweakRefusedError);
      expect(tweak('QdrantVectorStoreComponent', { api_key: 'typed-into-the-flow' }, { [field]: value })?.get('QdrantVectorStoreComponent-aaaaa'), field).toMatchObject({ [field]: value });
    }
    expect(tweak('QdrantVectorStoreComponent', { api_key: '' }, { collection_name: 'other' })?.get('QdrantVectorStoreComponent-aaaaa')).toMatchObject({ collection_name: 'other' });
  });

  it('never lets a tweak set a connection string, a key or the Elasticsearch URL', () => {
    expect(() => tweak('pgvector', { pg_server_url: '' }, { pg_server_url: 'postgresql://attacker.example/db' })).toThrow(TweakRefusedError);
    expect(() => tweak('pgvector_write', { pg_server_url: '' }, { pg_server_url: 'postgresql://attacker.example/db' })).toThrow(TweakRefusedError);
    expect(() => tweak('Pinecone', {}, { pinecone_api_key: 'x' })).toThrow(TweakRefusedError);
    expect(() => tweak('Elasticsearch', { api_key: 'typed' }, { elasticsearch_url: 'http://attacker.example:9200' })).toThrow(TweakRefusedError);
    expect(() => tweak('Elasticsearch', {}, { cloud_id: 'x' })).toThrow(TweakRefusedError);
    expect(tweak('pgvector', { pg_server_url: '' }, { collection_name: 'other' })?.get('pgvector-aaaaa')).toMatchObject({ collection_name: 'other' });
  });
});
