/** Top bar of the editor: back, the flow's name (click to rename), save state, undo/redo, Playground, API. */
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { updateFlow } from '../api/flows-api.js';
import { errorText } from '../api/http.js';
import { Link } from '../ui/app-header.js';
import { Logo } from '../ui/logo.js';
import { useToast } from '../ui/toasts.js';
import type { Autosave } from './autosave.js';
import { useEditor, useEditorContext } from './editor-context.js';
import type { FlowHeader } from '../api/types.js';

export interface EditorToolbarProps {
  header: FlowHeader;
  onHeaderChange(header: FlowHeader): void;
  autosave: Autosave;
  playgroundOpen: boolean;
  onTogglePlayground(): void;
  onOpenApi(): void;
}

const SAVE_LABEL = { saved: 'Saved', unsaved: 'Unsaved changes', saving: 'Saving…', failed: 'Save failed' } as const;

export function EditorToolbar({ header, onHeaderChange, autosave, playgroundOpen, onTogglePlayground, onOpenApi }: EditorToolbarProps) {
  const { store } = useEditorContext();
  const canUndo = useEditor((s) => s.canUndo);
  const canRedo = useEditor((s) => s.canRedo);
  const save = useSyncExternalStore(autosave.subscribe, autosave.getState);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(header.name);
  const notify = useToast();

  const rename = async (event?: FormEvent) => {
    event?.preventDefault();
    setEditing(false);
    const trimmed = name.trim();
    if (!trimmed || trimmed === header.name) return setName(header.name);
    try {
      const updated = await updateFlow(header.id, { name: trimmed });
      onHeaderChange({ ...header, name: updated.name });
      setName(updated.name);
    } catch (error) {
      setName(header.name);
      notify(`Rename failed: ${errorText(error)}`, 'error');
    }
  };

  return (
    <header className="editor-toolbar">
      <Link to="/" className="toolbar-back" aria-label="Back to flows">
        <Logo /> <span aria-hidden="true">←</span>
      </Link>
      {editing ? (
        <form onSubmit={rename} className="flow-name-form">
          <input
            className="flow-name-input"
            value={name}
            autoFocus
            aria-label="Flow name"
            onChange={(e) => setName(e.target.value)}
            onBlur={() => void rename()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setName(header.name);
                setEditing(false);
              }
            }}
          />
        </form>
      ) : (
        <button type="button" className="flow-name" onClick={() => setEditing(true)} title="Rename">
          {header.name}
        </button>
      )}
      <span className={`save-status save-${save.status}`} data-testid="save-status" role="status" title={save.error ?? undefined}>
        <span className="save-dot" aria-hidden="true" />
        {SAVE_LABEL[save.status]}
        {save.status === 'failed' ? (
          <button type="button" className="link-button" onClick={() => void autosave.flush().catch(() => undefined)}>
            Retry
          </button>
        ) : null}
      </span>
      <div className="toolbar-spacer" />
      <button type="button" className="icon-button" onClick={store.undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
        ↶
      </button>
      <button type="button" className="icon-button" onClick={store.redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
        ↷
      </button>
      <button type="button" className={`button${playgroundOpen ? ' button-active' : ''}`} onClick={onTogglePlayground} aria-pressed={playgroundOpen}>
        ▶ Playground
      </button>
      <button type="button" className="button" onClick={onOpenApi}>
        &lt;/&gt; API
      </button>
    </header>
  );
}
