/** Global variables: create, change the value, delete. Credential values are never shown back. */
import { useState, type FormEvent } from 'react';
import { createVariable, deleteVariable, listVariables, updateVariable } from '../api/admin-api.js';
import { errorText } from '../api/http.js';
import type { VariableRead, VariableType } from '../api/types.js';
import { ConfirmRemove } from '../ui/confirm-remove.js';
import { useToast } from '../ui/toasts.js';
import { useLoadedList } from '../ui/use-loaded-list.js';
import { FormError } from '../ui/form-error.js';
import { DataTable } from '../ui/data-table.js';

export function VariablesSection() {
  const { items: variables, error, reload } = useLoadedList(listVariables);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [type, setType] = useState<VariableType>('Credential');
  const [editing, setEditing] = useState<{ id: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<VariableRead | null>(null);
  const notify = useToast();


  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createVariable({ name: name.trim(), value, type });
      setName('');
      setValue('');
      notify(`Created ${name.trim()}`, 'success');
      await reload();
    } catch (err) {
      notify(`Could not create the variable: ${errorText(err)}`, 'error');
    }
  };

  const saveValue = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    try {
      await updateVariable(editing.id, { value: editing.value });
      setEditing(null);
      notify('Value updated', 'success');
      await reload();
    } catch (err) {
      notify(`Could not update: ${errorText(err)}`, 'error');
    }
  };

  return (
    <section className="settings-section" aria-labelledby="variables-title">
      <h2 id="variables-title">Global variables</h2>
      <p className="muted">Secret fields (and others with the globe button) can take their value from a variable when the flow runs. Credential values are stored but never shown again.</p>
      <form className="inline-form" onSubmit={create}>
        <input placeholder="Name, e.g. OPENAI_API_KEY" value={name} onChange={(e) => setName(e.target.value)} aria-label="Variable name" required />
        <input
          placeholder="Value"
          type={type === 'Credential' ? 'password' : 'text'}
          autoComplete="off"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-label="Variable value"
          required
        />
        <select value={type} onChange={(e) => setType(e.target.value as VariableType)} aria-label="Variable type">
          <option value="Credential">Credential</option>
          <option value="Generic">Generic</option>
        </select>
        <button type="submit" className="button button-primary">
          Add variable
        </button>
      </form>
      <FormError error={error} />
      <DataTable
        columns={['Name', 'Type', 'Value']}
        items={variables}
        empty="No variables yet."
        rowKey={(v) => v.id}
        cells={(v) => (
          <>
            <td>
              <code>{v.name}</code>
            </td>
            <td>{v.type}</td>
            <td>
              {editing?.id === v.id ? (
                <form className="inline-form" onSubmit={saveValue}>
                  <input
                    autoFocus
                    type={v.type === 'Credential' ? 'password' : 'text'}
                    autoComplete="off"
                    value={editing.value}
                    onChange={(e) => setEditing({ id: v.id, value: e.target.value })}
                    aria-label={`New value of ${v.name}`}
                  />
                  <button type="submit" className="small-button">
                    Save
                  </button>
                  <button type="button" className="small-button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : v.type === 'Credential' ? (
                <span className="muted">••••••••</span>
              ) : (
                <span>{v.value}</span>
              )}
            </td>
            <td className="row-actions">
              <button type="button" className="small-button" onClick={() => setEditing({ id: v.id, value: '' })} aria-label={`Change ${v.name}`}>
                Change
              </button>
              <button type="button" className="small-button danger" onClick={() => setDeleting(v)} aria-label={`Delete ${v.name}`}>
                Delete
              </button>
            </td>
          </>
        )}
      />
      <ConfirmRemove
        item={deleting}
        title="Delete variable"
        message={(v) => `Delete ${v.name}? Flows that use it will fail until it exists again.`}
        remove={(v) => deleteVariable(v.id)}
        onClose={() => setDeleting(null)}
        onRemoved={reload}
      />
    </section>
  );
}
