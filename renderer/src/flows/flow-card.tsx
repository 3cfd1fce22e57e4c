/** One flow in the list: opens on click; rename, duplicate, move to another project, export (Flowdesk or Langflow format) and delete. */
import type { ProjectRead } from '../api/projects-api.js';
import type { FlowRead } from '../api/types.js';
import { Link } from '../ui/app-header.js';
import { flowPath } from '../ui/router.js';
import { relativeTime } from '../ui/time.js';

export interface FlowCardProps {
  flow: FlowRead;
  /** Where the flow may move. */
  projects: readonly ProjectRead[];
  onRename(): void;
  onMove(folderId: string): void;
  onDuplicate(): void;
  onExport(): void;
  /** Exports in Langflow's format. */
  onExportLangflow(): void;
  onDelete(): void;
}

export function FlowCard({ flow, projects, onRename, onDuplicate, onMove, onExport, onExportLangflow, onDelete }: FlowCardProps) {
  const components = flow.data?.nodes.filter((n) => n.type === 'component').length;
  return (
    <article className="flow-card" data-testid="flow-card" aria-label={flow.name}>
      <Link to={flowPath(flow.id)} className="flow-card-main">
        <h2 className="flow-card-name">{flow.name}</h2>
        <p className="flow-card-description">{flow.description || <span className="muted">No description</span>}</p>
        <p className="flow-card-meta">
          <span title={new Date(flow.updated_at).toLocaleString()}>Edited {relativeTime(flow.updated_at)}</span>
          {components !== undefined ? <span>{components} components</span> : null}
          {flow.endpoint_name ? <code className="badge">/{flow.endpoint_name}</code> : null}
        </p>
      </Link>
      <div className="flow-card-actions">
        <button type="button" className="small-button" onClick={onRename} aria-label={`Rename ${flow.name}`}>
          Rename
        </button>
        <button type="button" className="small-button" onClick={onDuplicate} aria-label={`Duplicate ${flow.name}`}>
          Duplicate
        </button>
        <button type="button" className="small-button" onClick={onExport} aria-label={`Export ${flow.name}`}>
          Export
        </button>
        <button type="button" className="small-button" onClick={onExportLangflow} aria-label={`Export ${flow.name} for Langflow`} title="Download in Langflow's format, which Langflow imports">
          Export for Langflow
        </button>
        {projects.length > 1 ? (
          <select
            className="small-select"
            value=""
            onChange={(e) => {
              if (e.target.value) onMove(e.target.value);
            }}
            aria-label={`Move ${flow.name} to a project`}
          >
            <option value="">Move to…</option>
            {projects
              .filter((p) => p.id !== flow.folder_id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        ) : null}
        <button type="button" className="small-button danger" onClick={onDelete} aria-label={`Delete ${flow.name}`}>
          Delete
        </button>
      </div>
    </article>
  );
}
