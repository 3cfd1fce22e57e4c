/** Components by category, with search. Drag one onto the canvas, or click (or Enter) to add it. */
import { useMemo, useState, type DragEvent } from 'react';
import type { ComponentCatalog, ComponentSpec } from '../../../shared/component-spec.js';
import { ComponentIcon } from './component-icon.js';
import { searchCatalog } from './specs.js';

export const COMPONENT_DRAG_TYPE = 'application/x-flowdesk-component';
export const NOTE_TYPE = '__note__';

export interface SidebarProps {
  catalog: ComponentCatalog;
  onAdd(type: string): void;
}

export function Sidebar({ catalog, onAdd }: SidebarProps) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => searchCatalog(catalog, query), [catalog, query]);

  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(COMPONENT_DRAG_TYPE, type);
    event.dataTransfer.setData('text/plain', type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="sidebar" aria-label="Components">
      <div className="sidebar-search">
        <input type="search" placeholder="Search components" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search components" />
      </div>
      <div className="sidebar-groups">
        {groups.length === 0 ? <p className="muted sidebar-empty">No component matches “{query}”.</p> : null}
        {groups.map(([category, specs]) => (
          <section key={category} className="sidebar-group" aria-label={category}>
            <h3>{category}</h3>
            <ul>
              {specs.map((spec) => (
                <SidebarItem key={spec.type} spec={spec} onAdd={onAdd} onDragStart={onDragStart} />
              ))}
            </ul>
          </section>
        ))}
        {query === '' ? (
          <section className="sidebar-group" aria-label="Canvas">
            <h3>Canvas</h3>
            <ul>
              <li>
                <button type="button" className="sidebar-item" draggable onDragStart={(e) => onDragStart(e, NOTE_TYPE)} onClick={() => onAdd(NOTE_TYPE)} title="A note kept with the flow; it never runs">
                  <ComponentIcon icon="note" />
                  <span className="sidebar-item-name">Note</span>
                </button>
              </li>
            </ul>
          </section>
        ) : null}
      </div>
    </aside>
  );
}

function SidebarItem({ spec, onAdd, onDragStart }: { spec: ComponentSpec; onAdd(type: string): void; onDragStart(e: DragEvent, type: string): void }) {
  return (
    <li>
      <button
        type="button"
        className="sidebar-item"
        draggable
        data-testid={`sidebar-${spec.type}`}
        onDragStart={(e) => onDragStart(e, spec.type)}
        onClick={() => onAdd(spec.type)}
        title={`${spec.description}\nDrag onto the canvas, or click to add.`}
      >
        <ComponentIcon icon={spec.icon} name={spec.display_name} />
        <span className="sidebar-item-name">{spec.display_name}</span>
      </button>
    </li>
  );
}
