/**
 * Knowledge bases: create one (name, embedding provider and model, the Credential variable holding
 * the key), list them with their size, delete. Knowledge Ingestion and Retrieval nodes name them.
 */
import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http.js';
import { createKnowledgeBase, deleteKnowledgeBase, listKnowledgeBases, type KnowledgeBaseCreate, type KnowledgeBaseInfo } from '../api/knowledge-api.js';
import { ConfirmRemove } from '../ui/confirm-remove.js';
import { DataTable, DeleteCell } from '../ui/data-table.js';
import { useToast } from '../ui/toasts.js';
import { useLoadedList } from '../ui/use-loaded-list.js';

const MODELS: Record<KnowledgeBaseCreate['embedding_provider'], string[]> = {
  OpenAI: ['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002'],
  Ollama: ['nomic-embed-text', 'mxbai-embed-large', 'all-minilm', 'bge-m3'],
};

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export function KnowledgeSection() {
  const { items: bases, error, reload } = useLoadedList(listKnowledgeBases);
  const [name, setName] = useState('');
  const [provider, setProvider] = useState<KnowledgeBaseCreate['embedding_provider']>('OpenAI');
  const [model, setModel] = useState(MODELS.OpenAI[0]!);
  const [keyVariable, setKeyVariable] = useState('');
  const [deleting, setDeleting] = useState<KnowledgeBaseInfo | null>(null);
  const notify = useToast();

  const pickProvider = (next: KnowledgeBaseCreate['embedding_provider']) => {
    setProvider(next);
    setModel(MODELS[next][0]!);
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await createKnowledgeBase({
        name: name.trim(),
        embedding_provider: provider,
        embedding_model: model.trim(),
        ...(keyVariable.trim() ? { api_key_variable: keyVariable.trim() } : {}),
      });
      setName('');
      notify(`Created ${created.id}`, 'success');
      await reload();
    } catch (err) {
      notify(`Could not create the knowledge base: ${errorText(err)}`, 'error');
    }
  };

  return (
    <section className="settings-section" aria-labelledby="knowledge-title">
      <h2 id="knowledge-title">Knowledge bases</h2>
      <p className="muted">
        Local collections that Knowledge Ingestion fills and Knowledge Retrieval searches, kept in the data folder. The key is never stored with them: name the
        Credential variable that holds it (empty: OPENAI_API_KEY; Ollama needs none).
      </p>
      <form className="inline-form" onSubmit={create}>
        <input placeholder="Name, e.g. team-docs" value={name} onChange={(e) => setName(e.target.value)} aria-label="Knowledge base name" required pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,61}[A-Za-z0-9]" title="3–63 letters, digits, _ or -" />
        <select value={provider} onChange={(e) => pickProvider(e.target.value as KnowledgeBaseCreate['embedding_provider'])} aria-label="Embedding provider">
          <option value="OpenAI">OpenAI</option>
          <option value="Ollama">Ollama</option>
        </select>
        <input list="knowledge-models" value={model} onChange={(e) => setModel(e.target.value)} aria-label="Embedding model" required />
        <datalist id="knowledge-models">
          {MODELS[provider].map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        {provider === 'OpenAI' ? <input placeholder="Key variable (OPENAI_API_KEY)" value={keyVariable} onChange={(e) => setKeyVariable(e.target.value)} aria-label="Key variable" /> : null}
        <button type="submit" className="button button-primary">
          Create knowledge base
        </button>
      </form>
      {error ? <p className="form-error">{error}</p> : null}
      <DataTable
        columns={['Name', 'Embedding', 'Chunks', 'Size']}
        items={bases}
        empty="No knowledge bases."
        rowKey={(kb) => kb.id}
        cells={(kb) => (
          <>
            <td>
              <code>{kb.id}</code>
            </td>
            <td>
              {kb.embedding_provider} · {kb.embedding_model}
            </td>
            <td>{kb.chunks}</td>
            <td>{bytes(kb.size)}</td>
            <DeleteCell label={kb.id} onClick={() => setDeleting(kb)} />
          </>
        )}
      />
      <ConfirmRemove
        item={deleting}
        title="Delete knowledge base"
        message={(kb) => `Delete “${kb.id}” and its ${kb.chunks} chunks? Flows using it will fail until it is made again.`}
        remove={(kb) => deleteKnowledgeBase(kb.id)}
        onClose={() => setDeleting(null)}
        onRemoved={reload}
      />
    </section>
  );
}
