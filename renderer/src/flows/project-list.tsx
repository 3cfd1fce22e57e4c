/** The flow list's projects (Langflow's folders): pick one to see its flows, or add one. */
import { useState, type FormEvent } from 'react';
import type { ProjectRead } from '../api/projects-api.js';

export interface ProjectListProps {
  projects: readonly ProjectRead[];
  /** Flows per project id. */
  counts: ReadonlyMap<string, number>;
  selected: string | null;
  onSelect(id: string): void;
  onCreate(name: string): Promise<void>;
}

export function ProjectList({ projects, counts, selected, onSelect, onCreate }: ProjectListProps) {
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    await onCreate(name.trim());
    setName('');
  };
  return (
    <nav className="project-list" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      <ul>
        {projects.map((project) => (
          <li key={project.id}>
            <button
              type="button"
              className={`project-item${project.id === selected ? ' project-item-active' : ''}`}
              aria-current={project.id === selected ? 'true' : undefined}
              onClick={() => onSelect(project.id)}
            >
              <span className="project-name">{project.name}</span>
              <span className="project-count" aria-label={`${counts.get(project.id) ?? 0} flows`}>
                {counts.get(project.id) ?? 0}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <form className="project-new" onSubmit={submit}>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="New project" aria-label="New project name" maxLength={200} />
        <button type="submit" className="small-button" disabled={!name.trim()}>
          Add
        </button>
      </form>
    </nav>
  );
}
