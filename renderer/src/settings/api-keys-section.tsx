/** API keys: create (the full key is shown once), list masked, revoke. */
import { useState, type FormEvent } from 'react';
import { createApiKey, deleteApiKey, listApiKeys } from '../api/admin-api.js';
import { errorText } from '../api/http.js';
import type { ApiKeyRead } from '../api/types.js';
import { CopyButton } from '../ui/copy-button.js';
import { ConfirmRemove } from '../ui/confirm-remove.js';
import { Dialog } from '../ui/dialog.js';
import { relativeTime } from '../ui/time.js';
import { useToast } from '../ui/toasts.js';
import { useLoadedList } from '../ui/use-loaded-list.js';
import { FormError } from '../ui/form-error.js';
import { DataTable } from '../ui/data-table.js';

export function ApiKeysSection() {
  const { items: keys, error, reload } = useLoadedList(listApiKeys);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyRead | null>(null);
  const notify = useToast();


  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const key = await createApiKey(name.trim() || 'API key');
      setCreated(key.api_key);
      setName('');
      await reload();
    } catch (err) {
      notify(`Could not create the key: ${errorText(err)}`, 'error');
    }
  };

  return (
    <section className="settings-section" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="muted">
        Send a key as the <code>x-api-key</code> header (or <code>?x-api-key=</code>) when calling the API. Keys are stored hashed: copy a new key when it is shown.
      </p>
      <form className="inline-form" onSubmit={create}>
        <input placeholder="Key name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Key name" maxLength={200} />
        <button type="submit" className="button button-primary">
          Create key
        </button>
      </form>
      <FormError error={error} />
      <DataTable
        columns={['Name', 'Key', 'Created', 'Last used']}
        items={keys}
        empty="No API keys."
        rowKey={(k) => k.id}
        cells={(k) => (
          <>
            <td>{k.name}</td>
            <td>
              <code>{k.api_key}</code>
            </td>
            <td>{k.created_at ? relativeTime(k.created_at) : ''}</td>
            <td>{k.last_used_at ? relativeTime(k.last_used_at) : 'never'}</td>
            <td className="row-actions">
              <button type="button" className="small-button danger" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name ?? 'key'}`}>
                Revoke
              </button>
            </td>
          </>
        )}
      />
      {created ? (
        <Dialog title="Your new API key" open onClose={() => setCreated(null)} footer={<button type="button" className="button button-primary" onClick={() => setCreated(null)}>Done</button>}>
          <p>Copy it now: it will not be shown again.</p>
          <div className="key-reveal">
            <code data-testid="new-api-key">{created}</code>
            <CopyButton text={created} />
          </div>
        </Dialog>
      ) : null}
      <ConfirmRemove
        item={revoking}
        title="Revoke API key"
        verb="Revoke"
        message={(k) => `Revoke “${k.name ?? 'this key'}”? Programs using it will get 403.`}
        remove={(k) => deleteApiKey(k.id)}
        onClose={() => setRevoking(null)}
        onRemoved={reload}
      />
    </section>
  );
}
