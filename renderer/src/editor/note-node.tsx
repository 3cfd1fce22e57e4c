/** A sticky note: text kept with the flow, never run. */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useEditorContext } from './editor-context.js';
import type { NoteViewNode } from './flow-mapping.js';

function NoteNodeView({ id, data, selected }: NodeProps<NoteViewNode>) {
  const { store } = useEditorContext();
  return (
    <div className={`fd-note${selected ? ' selected' : ''}`} data-testid="note-node">
      <textarea
        className="fd-note-text nodrag nowheel"
        value={data.text}
        aria-label="Note"
        placeholder="Write a note…"
        onChange={(e) => store.setNoteText(id, e.target.value)}
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
