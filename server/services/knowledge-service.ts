/**
 * Knowledge bases like Langflow's: named local collections under `<dataDir>/knowledge_bases/<name>/`,
 * each with its `embedding_metadata.json` (provider, model, where the key comes from), the column
 * configuration of its first ingestion (`schema.json`) and its vectors. Flowdesk has one user, so
 * there is no per-user folder level. The key itself is never written here: it comes from the
 * component's field or from the Credential variable the metadata names. Creating one first checks
 * its embedder (the probe the composition root gives), as Langflow does.
 * Local vector stores (FAISS, Chroma) keep their collections under `<dataDir>/vector_stores/<kind>/`.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeBaseInfo } from '../../shared/api-dto.js';
import { BadRequestError, ConflictError, errorMessage, NotFoundError } from '../../shared/errors.js';
import type { EmbeddingMetadata, KnowledgeBaseHandle, LocalVectorAccess, VectorCollection } from '../engine/vectors.js';
import type { Clock } from './clock.js';
import { createFlatVectorStore } from './flat-vector-store.js';
import { isValidCollectionName, type VectorStore } from './vector-store.js';

export type { KnowledgeBaseInfo } from '../../shared/api-dto.js';

export const KNOWLEDGE_FOLDER = 'knowledge_bases';
export const VECTOR_STORES_FOLDER = 'vector_stores';
export const EMBEDDING_PROVIDERS = ['OpenAI', 'Ollama'] as const;
const METADATA_FILE = 'embedding_metadata.json';
const SCHEMA_FILE = 'schema.json';
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface CreateKnowledgeBase {
  name: string;
  embedding_provider: string;
  embedding_model: string;
  api_key_variable?: string | null;
  api_base?: string | null;
  chunk_size?: number;
}

export interface KnowledgeService {
  list(): Promise<KnowledgeBaseInfo[]>;
  get(name: string): Promise<KnowledgeBaseInfo>;
  create(body: unknown): Promise<KnowledgeBaseInfo>;
  delete(name: string): Promise<{ message: string }>;
  deleteMany(body: unknown): Promise<{ message: string; deleted_count: number; not_found?: string }>;
  /** What runs get as `ctx.vectors`. */
  access(): LocalVectorAccess;
}

/** Checks a new knowledge base's embedder (Langflow embeds a test text); rejects with the reason it cannot be used. */
export type EmbeddingProbe = (metadata: EmbeddingMetadata) => Promise<void>;

export function createKnowledgeService(deps: { dataDir: string; clock: Clock; store?: VectorStore; validateEmbeddings?: EmbeddingProbe }): KnowledgeService {
  const root = path.join(deps.dataDir, KNOWLEDGE_FOLDER);
  const store = deps.store ?? createFlatVectorStore(root);
  const localStores = new Map<string, VectorStore>();
  const folder = (name: string) => path.join(root, name);

  async function exists(name: string): Promise<boolean> {
    if (!isValidCollectionName(name)) return false;
    return stat(folder(name)).then((s) => s.isDirectory(), () => false);
  }

  async function names(): Promise<string[]> {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && isValidCollectionName(e.name)).map((e) => e.name).sort();
  }

  async function metadataOf(name: string): Promise<EmbeddingMetadata | undefined> {
    try {
      const parsed = JSON.parse(await readFile(path.join(folder(name), METADATA_FILE), 'utf8')) as Partial<EmbeddingMetadata>;
      if (typeof parsed.embedding_provider !== 'string' || typeof parsed.embedding_model !== 'string') return undefined;
      return {
        embedding_provider: parsed.embedding_provider,
        embedding_model: parsed.embedding_model,
        api_key_variable: typeof parsed.api_key_variable === 'string' ? parsed.api_key_variable : null,
        api_base: typeof parsed.api_base === 'string' ? parsed.api_base : null,
        chunk_size: typeof parsed.chunk_size === 'number' ? parsed.chunk_size : 1000,
        created_at: typeof parsed.created_at === 'string' ? parsed.created_at : '',
      };
    } catch {
      return undefined;
    }
  }

  async function info(name: string): Promise<KnowledgeBaseInfo> {
    const metadata = await metadataOf(name);
    const stats = await store.stats(name);
    const characters = stats.texts.reduce((sum, t) => sum + t.length, 0);
    const words = stats.texts.reduce((sum, t) => sum + t.split(/\s+/).filter(Boolean).length, 0);
    return {
      id: name,
      // As Langflow shows it: `my_docs-2` → "My Docs 2".
      name: name.replace(/[_-]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
      embedding_provider: metadata?.embedding_provider ?? 'Unknown',
      embedding_model: metadata?.embedding_model ?? 'Unknown',
      size: await folderSize(folder(name)),
      words,
      characters,
      chunks: stats.count,
      avg_chunk_size: stats.count > 0 ? Math.round((characters / stats.count) * 10) / 10 : 0,
    };
  }

  const notFound = (name: string) => new NotFoundError(`Knowledge base '${name}' not found`);

  const access: LocalVectorAccess = {
    async knowledgeBase(name) {
      if (!name) throw new Error('No knowledge base chosen: pick one in Knowledge (create one in Settings → Knowledge Bases)');
      if (!(await exists(name))) throw new Error(`Knowledge base '${name}' not found: create it in Settings → Knowledge Bases or with POST /api/v1/knowledge_bases`);
      const metadata = await metadataOf(name);
      if (!metadata) throw new Error(`Metadata not found for knowledge base: ${name}. Ensure it has been created with an embedding model.`);
      const handle: KnowledgeBaseHandle = {
        name,
        metadata,
        collection: store.collection(name),
        async saveSchema(columns) {
          await writeFile(path.join(folder(name), SCHEMA_FILE), JSON.stringify(columns, null, 2), { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
        },
      };
      return handle;
    },
    knowledgeBases: names,
    async localCollection(kind, name, directory = ''): Promise<VectorCollection> {
      const kindFolder = kind.toLowerCase();
      if (!isValidCollectionName(kindFolder)) throw new Error(`Unknown vector store kind: ${kind}`);
      if (!isValidCollectionName(name)) throw new Error(`Invalid collection name: "${name}" (3–63 letters, digits, _ or -, starting and ending with a letter or digit)`);
      const where = [kindFolder, ...persistFolders(directory)].join('/');
      let local = localStores.get(where);
      if (!local) {
        local = createFlatVectorStore(path.join(deps.dataDir, VECTOR_STORES_FOLDER, ...where.split('/')));
        localStores.set(where, local);
      }
      return local.collection(name);
    },
  };

  return {
    async list() {
      return Promise.all((await names()).map(info)).then((all) => all.sort((a, b) => a.name.localeCompare(b.name)));
    },
    async get(name) {
      if (!(await exists(name))) throw notFound(name);
      return info(name);
    },
    async create(body) {
      const request = parseCreate(body);
      if (await exists(request.name)) throw new ConflictError(`Knowledge base '${request.name}' already exists`);
      const metadata: EmbeddingMetadata = {
        embedding_provider: request.embedding_provider,
        embedding_model: request.embedding_model,
        api_key_variable: request.api_key_variable ?? null,
        api_base: request.api_base ?? null,
        chunk_size: request.chunk_size ?? 1000,
        created_at: deps.clock.now(),
      };
      // As Langflow: an embedder that cannot embed a test text is refused (400) and nothing is created.
      if (deps.validateEmbeddings) {
        try {
          await deps.validateEmbeddings(metadata);
        } catch (error) {
          throw new BadRequestError(errorMessage(error));
        }
        if (await exists(request.name)) throw new ConflictError(`Knowledge base '${request.name}' already exists`);
      }
      await mkdir(folder(request.name), PRIVATE_DIR);
      await writeFile(path.join(folder(request.name), METADATA_FILE), JSON.stringify(metadata, null, 2), { mode: 0o600 });
      return info(request.name);
    },
    async delete(name) {
      if (!(await exists(name))) throw notFound(name);
      await store.drop(name);
      await rm(folder(name), { recursive: true, force: true });
      return { message: `Knowledge base '${name}' deleted successfully` };
    },
    async deleteMany(body) {
      const list = typeof body === 'object' && body !== null ? (body as { kb_names?: unknown }).kb_names : undefined;
      if (!Array.isArray(list) || !list.every((n) => typeof n === 'string')) throw new BadRequestError('kb_names must be a list of knowledge base names');
      let deleted = 0;
      const missing: string[] = [];
      for (const name of list as string[]) {
        if (!(await exists(name))) {
          missing.push(name);
          continue;
        }
        await store.drop(name);
        await rm(folder(name), { recursive: true, force: true });
        deleted++;
      }
      if (missing.length > 0 && deleted === 0) throw new NotFoundError(`Knowledge bases not found: ${missing.join(', ')}`);
      return { message: `Successfully deleted ${deleted} knowledge base(s)`, deleted_count: deleted, ...(missing.length > 0 ? { not_found: missing.join(', ') } : {}) };
    },
    access: () => access,
  };
}

/**
 * A Persist Directory as folders under the store's own: relative, plain names only (`./chroma_db`
 * and `chroma_db/` are `chroma_db`); an absolute path or `..` would leave the data directory.
 */
function persistFolders(directory: string): string[] {
  const trimmed = directory.trim().replace(/\\/g, '/');
  if (!trimmed || trimmed === '.' || trimmed === './') return ['default'];
  const parts = trimmed.split('/').filter((p) => p !== '' && p !== '.');
  if (/^([A-Za-z]:)?\//.test(trimmed) || parts.some((p) => p === '..' || !/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,62}$/.test(p)) || parts.length > 4) {
    throw new Error(`Persist Directory must be a relative folder name kept inside the data directory's vector_stores/ (got "${directory}")`);
  }
  return parts.length > 0 ? parts : ['default'];
}

function parseCreate(body: unknown): CreateKnowledgeBase {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequestError('Send a JSON object: {"name", "embedding_provider", "embedding_model"}');
  const b = body as Record<string, unknown>;
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (!isValidCollectionName(name)) {
    throw new BadRequestError(`Invalid knowledge base name: "${name}" (3–63 letters, digits, _ or -, starting and ending with a letter or digit)`);
  }
  const provider = EMBEDDING_PROVIDERS.find((p) => typeof b.embedding_provider === 'string' && p.toLowerCase() === b.embedding_provider.trim().toLowerCase());
  if (!provider) throw new BadRequestError(`embedding_provider must be one of ${EMBEDDING_PROVIDERS.join(', ')}`);
  const model = typeof b.embedding_model === 'string' ? b.embedding_model.trim() : '';
  if (!model) throw new BadRequestError('embedding_model is required (e.g. text-embedding-3-small, nomic-embed-text)');
  const variable = typeof b.api_key_variable === 'string' ? b.api_key_variable.trim() : '';
  if (variable && !VARIABLE_NAME.test(variable)) throw new BadRequestError('api_key_variable must name a global variable (letters, digits and _)');
  const base = typeof b.api_base === 'string' ? b.api_base.trim() : '';
  if (base && !/^https?:\/\/[^\s]+$/i.test(base)) throw new BadRequestError('api_base must be an http(s) URL');
  const chunk = b.chunk_size;
  if (chunk !== undefined && chunk !== null && (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 1)) throw new BadRequestError('chunk_size must be a positive integer');
  return {
    name,
    embedding_provider: provider,
    embedding_model: model,
    api_key_variable: variable || null,
    api_base: base || null,
    ...(typeof chunk === 'number' ? { chunk_size: chunk } : {}),
  };
}

async function folderSize(dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) if (entry.isFile()) total += await stat(path.join(entry.parentPath, entry.name)).then((s) => s.size, () => 0);
  return total;
}
