/** Langflow's "Embedding Similarity" (`EmbeddingSimilarityComponent`, legacy): cosine similarity, Euclidean or Manhattan distance of two Data's `embeddings`. */
import { isData, makeData } from '../../shared/data.js';
import { defineComponent } from '../engine/define-component.js';
import { asString } from '../engine/field-values.js';

export default defineComponent({
  type: 'EmbeddingSimilarityComponent',
  display_name: 'Embedding Similarity',
  description: 'Compute selected form of similarity between two embedding vectors.',
  category: 'Embeddings',
  icon: 'equal',
  fields: [
    {
      name: 'embedding_vectors',
      display_name: 'Embedding Vectors',
      kind: 'str',
      input_types: ['Data'],
      list: true,
      required: true,
      info: 'A list containing exactly two data objects with embedding vectors to compare.',
    },
    {
      name: 'similarity_metric',
      display_name: 'Similarity Metric',
      kind: 'dropdown',
      options: ['Cosine Similarity', 'Euclidean Distance', 'Manhattan Distance'],
      default: 'Cosine Similarity',
      info: 'Select the similarity metric to use.',
    },
  ],
  outputs: [{ name: 'similarity_data', display_name: 'Similarity JSON', types: ['Data'] }],

  async run(inputs) {
    const raw = inputs.embedding_vectors;
    const items: unknown[] = Array.isArray(raw) ? raw.flat() : raw === undefined || raw === null ? [] : [raw];
    if (items.length !== 2) throw new Error('Exactly two embedding vectors are required.');
    const [first, second] = items.map((item) => {
      if (!isData(item) || !('embeddings' in item.data)) throw new Error("Each input must be a Data with an 'embeddings' entry.");
      return item.data.embeddings;
    }) as [unknown, unknown];
    const a = vector(first);
    const b = vector(second);
    let score: Record<string, unknown>;
    if (a.length !== b.length) score = { error: 'Embeddings must have the same dimensions.' };
    else {
      const metric = asString(inputs.similarity_metric, 'Cosine Similarity');
      if (metric === 'Cosine Similarity') score = { cosine_similarity: dot(a, b) / (norm(a) * norm(b)) };
      else if (metric === 'Euclidean Distance') score = { euclidean_distance: norm(a.map((x, i) => x - b[i]!)) };
      else if (metric === 'Manhattan Distance') score = { manhattan_distance: a.reduce((sum, x, i) => sum + Math.abs(x - b[i]!), 0) };
      else throw new Error(`Unknown similarity metric: ${metric}`);
    }
    return { similarity_data: makeData({ embedding_1: first, embedding_2: second, similarity_score: score }, 'similarity_score') };
  },
});

function vector(value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number')) throw new Error('Embeddings must be lists of numbers.');
  return value;
}

const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
