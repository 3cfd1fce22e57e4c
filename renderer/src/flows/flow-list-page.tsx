/** The first screen: every flow, with create, rename, duplicate, delete, import and export. */
import { useRef, useState } from 'react';
import type { FlowRead } from '../api/types.js';
import { errorText } from '../api/http.js';
import { ConfirmDialog } from '../ui/dialog.js';
import { flowPath, navigate } from '../ui/router.js';
import { useToast } from '../ui/toasts.js';
import { FlowCard } from './flow-card.js';
import { NewFlowDialog } from './new-flow-dialog.js';
import { RenameDialog } from './rename-dialog.js';
import { useFileDrop } from './use-file-drop.js';
import { useFlows } from './use-flows.js';

export function FlowListPage() {
  const state = useFlows();
  const notify = useToast();
  const fileInput = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<FlowRead | null>(null);
  const [deleting, setDeleting] = useState<FlowRead | null>(null);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    const results = await state.importFiles(files);
    const created = results.flatMap((r) => r.flows);
    if (created.length > 0) notify(created.length === 1 ? `Imported “${created[0]?.name}”` : `Imported ${created.length} flows`, 'success');
    for (const failed of results.filter((r) => r.error !== undefined)) notify(`Could not import ${failed.file}: ${failed.error}`, 'error');
  };
  const dragging = useFileDrop(importFiles);

  const act = async (label: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      notify(`${label} failed: ${errorText(error)}`, 'error');
    }
  };

  return (
    <section className="flow-list" aria-labelledby="flows-title">
      <div className="page-title-row">
        <h1 id="flows-title">Flows</h1>
        <div className="actions">
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json,.zip,application/zip"
            multiple
            hidden
            data-testid="import-input"
            onChange={(event) => {
              const files = Array.from(event.target.files ?? []);
              event.target.value = '';
              void importFiles(files);
            }}
          />
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            Import
          </button>
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            + New flow
          </button>
        </div>
      </div>

      {state.error ? (
        <div className="banner banner-error" role="alert">
          Could not load the flows: {state.error}{' '}
          <button type="button" className="link-button" onClick={() => void state.reload()}>
            Retry
          </button>
        </div>
      ) : null}
      {state.flows === null && !state.error ? <p className="empty">Loading flows…</p> : null}
      {state.flows?.length === 0 ? (
        <div className="empty-state">
          <p>No flows yet. Create one, or drop a flow file (Flowdesk or Langflow JSON) here.</p>
        </div>
      ) : null}
      <ul className="flow-grid">
        {state.flows?.map((flow) => (
          <li key={flow.id}>
            <FlowCard
              flow={flow}
              onRename={() => setRenaming(flow)}
              onDuplicate={() => act('Duplicate', async () => notify(`Created “${(await state.duplicate(flow)).name}”`, 'success'))}
              onExport={() => act('Export', () => state.exportFlow(flow))}
              onExportLangflow={() => act('Export', () => state.exportFlow(flow, 'langflow'))}
              onDelete={() => setDeleting(flow)}
            />
          </li>
        ))}
      </ul>
      <p className="hint">Tip: drop a Flowdesk or Langflow flow file anywhere on this page to import it.</p>

      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop to import flows</div>
        </div>
      ) : null}
      {creating ? (
        <NewFlowDialog
          flows={state.flows ?? []}
          onClose={() => setCreating(false)}
          onCreate={async (template) => {
            try {
              const flow = template ? await state.createFrom(template) : await state.createBlank();
              setCreating(false);
              navigate(flowPath(flow.id));
            } catch (error) {
              notify(`Could not create the flow: ${errorText(error)}`, 'error');
            }
          }}
        />
      ) : null}
      {renaming ? (
        <RenameDialog
          flow={renaming}
          onClose={() => setRenaming(null)}
          onSave={async (name, description) => {
            await state.rename(renaming, name, description);
            setRenaming(null);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete flow"
          message={
            <>
              Delete “{deleting.name}”? Its messages are deleted too. This cannot be undone.
            </>
          }
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const flow = deleting;
            setDeleting(null);
            void act('Delete', async () => {
              await state.remove(flow);
              notify(`Deleted “${flow.name}”`, 'success');
            });
          }}
        />
      ) : null}
    </section>
  );
}
