/**
 * The first screen: the projects, and the chosen project's flows (searched and sorted), with create,
 * rename, duplicate, move, delete, import and export; a project can be renamed, downloaded as a zip
 * and deleted.
 */
import { useMemo, useRef, useState } from 'react';
import type { ProjectRead } from '../api/projects-api.js';
import type { FlowRead } from '../api/types.js';
import { errorText } from '../api/http.js';
import { ConfirmDialog } from '../ui/dialog.js';
import { flowPath, navigate } from '../ui/router.js';
import { useToast } from '../ui/toasts.js';
import { FlowCard } from './flow-card.js';
import { NewFlowDialog } from './new-flow-dialog.js';
import { ProjectList } from './project-list.js';
import { RenameDialog } from './rename-dialog.js';
import { useFileDrop } from './use-file-drop.js';
import { useFlows } from './use-flows.js';

type SortOrder = 'edited' | 'name' | 'created';
const SORTS: Record<SortOrder, { label: string; compare(a: FlowRead, b: FlowRead): number }> = {
  edited: { label: 'Last edited', compare: (a, b) => b.updated_at.localeCompare(a.updated_at) },
  name: { label: 'Name', compare: (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }) },
  created: { label: 'Newest first', compare: (a, b) => b.created_at.localeCompare(a.created_at) },
};

/** The chosen project's flows whose name or description holds `search`, in `sort` order. */
function visibleFlows(flows: readonly FlowRead[], projectId: string | undefined, search: string, sort: SortOrder): FlowRead[] {
  const needle = search.trim().toLowerCase();
  return flows
    .filter((f) => f.folder_id === projectId && (!needle || f.name.toLowerCase().includes(needle) || f.description.toLowerCase().includes(needle)))
    .sort(SORTS[sort].compare);
}

export function FlowListPage() {
  const state = useFlows();
  const notify = useToast();
  const fileInput = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<FlowRead | null>(null);
  const [deleting, setDeleting] = useState<FlowRead | null>(null);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortOrder>('edited');
  const [renamingProject, setRenamingProject] = useState<ProjectRead | null>(null);
  const [deletingProject, setDeletingProject] = useState<ProjectRead | null>(null);

  // The chosen project, else the first (the default project comes first).
  const project = state.projects?.find((p) => p.id === projectId) ?? state.projects?.[0];
  const counts = useMemo(() => {
    const byProject = new Map<string, number>();
    for (const flow of state.flows ?? []) byProject.set(flow.folder_id, (byProject.get(flow.folder_id) ?? 0) + 1);
    return byProject;
  }, [state.flows]);
  const shown = useMemo(() => visibleFlows(state.flows ?? [], project?.id, search, sort), [state.flows, project, search, sort]);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    const results = await state.importFiles(files, project?.id);
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
      <div className="flow-list-body">
        {state.projects ? (
          <ProjectList
            projects={state.projects}
            counts={counts}
            selected={project?.id ?? null}
            onSelect={setProjectId}
            onCreate={(name) =>
              act('Create project', async () => {
                const created = await state.createProject(name);
                setProjectId(created.id);
                notify(`Created project “${created.name}”`, 'success');
              })
            }
          />
        ) : null}
        <div className="flow-list-main">
          {project ? (
            <div className="project-header">
              <h2 id="project-title">{project.name}</h2>
              <div className="actions">
                <button type="button" className="small-button" onClick={() => setRenamingProject(project)} aria-label={`Rename project ${project.name}`}>
                  Rename
                </button>
                <button
                  type="button"
                  className="small-button"
                  onClick={() => act('Download', () => state.exportProject(project))}
                  disabled={(counts.get(project.id) ?? 0) === 0}
                  aria-label={`Download project ${project.name}`}
                  title="A zip of the project's flows in Langflow's format, which Langflow and Flowdesk import"
                >
                  Download
                </button>
                <button type="button" className="small-button danger" onClick={() => setDeletingProject(project)} aria-label={`Delete project ${project.name}`}>
                  Delete
                </button>
              </div>
            </div>
          ) : null}
          <div className="flow-list-tools">
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search flows" aria-label="Search flows" />
            <select value={sort} onChange={(e) => setSort(e.target.value as SortOrder)} aria-label="Sort flows">
              {(Object.keys(SORTS) as SortOrder[]).map((key) => (
                <option key={key} value={key}>
                  {SORTS[key].label}
                </option>
              ))}
            </select>
          </div>
          {state.flows && shown.length === 0 ? (
            <div className="empty-state">
              <p>
                {search.trim()
                  ? `No flow in this project matches “${search.trim()}”.`
                  : 'No flows in this project yet. Create one, or drop a flow file (Flowdesk or Langflow JSON, or a zip) here.'}
              </p>
            </div>
          ) : null}
          <ul className="flow-grid">
            {shown.map((flow) => (
              <li key={flow.id}>
                <FlowCard
                  flow={flow}
                  projects={state.projects ?? []}
                  onRename={() => setRenaming(flow)}
                  onDuplicate={() => act('Duplicate', async () => notify(`Created “${(await state.duplicate(flow)).name}”`, 'success'))}
                  onMove={(folderId) =>
                    act('Move', async () => {
                      await state.move(flow, folderId);
                      notify(`Moved “${flow.name}” to ${state.projects?.find((p) => p.id === folderId)?.name ?? 'the project'}`, 'success');
                    })
                  }
                  onExport={() => act('Export', () => state.exportFlow(flow))}
                  onExportLangflow={() => act('Export', () => state.exportFlow(flow, 'langflow'))}
                  onDelete={() => setDeleting(flow)}
                />
              </li>
            ))}
          </ul>
        </div>
      </div>
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
              const flow = template ? await state.createFrom(template, project?.id) : await state.createBlank(undefined, project?.id);
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
          subject="flow"
          current={renaming}
          onClose={() => setRenaming(null)}
          onSave={async (name, description) => {
            await state.rename(renaming, name, description);
            setRenaming(null);
          }}
        />
      ) : null}
      {renamingProject ? (
        <RenameDialog
          subject="project"
          current={renamingProject}
          onClose={() => setRenamingProject(null)}
          onSave={async (name, description) => {
            await state.renameProject(renamingProject, name, description);
            setRenamingProject(null);
          }}
        />
      ) : null}
      {deletingProject ? (
        <ConfirmDialog
          title="Delete project"
          message={`Delete “${deletingProject.name}” and its ${counts.get(deletingProject.id) ?? 0} flows, with their messages? This cannot be undone.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeletingProject(null)}
          onConfirm={() => {
            const doomed = deletingProject;
            setDeletingProject(null);
            void act('Delete', async () => {
              await state.removeProject(doomed);
              setProjectId(null);
              notify(`Deleted project “${doomed.name}”`, 'success');
            });
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
