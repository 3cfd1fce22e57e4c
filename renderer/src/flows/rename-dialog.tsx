/** Edit a flow's or a project's name and description. */
import { useState, type FormEvent } from 'react';
import { errorText } from '../api/http.js';
import { Dialog } from '../ui/dialog.js';
import { FormError } from '../ui/form-error.js';

export interface RenameDialogProps {
  /** What is renamed, for the title and messages: `flow` or `project`. */
  subject: 'flow' | 'project';
  current: { name: string; description: string | null };
  onClose(): void;
  onSave(name: string, description: string): Promise<void>;
}

export function RenameDialog({ subject, current, onClose, onSave }: RenameDialogProps) {
  const [name, setName] = useState(current.name);
  const [description, setDescription] = useState(current.description ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(`A ${subject} needs a name.`);
    setBusy(true);
    try {
      await onSave(name.trim(), description);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Rename ${subject}`} open onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label className="form-field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={200} />
        </label>
        <label className="form-field">
          <span>Description</span>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
        </label>
        <FormError error={error} />
        <div className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
