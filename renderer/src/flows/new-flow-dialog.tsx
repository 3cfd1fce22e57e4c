/** Create a blank flow, or one from the starter gallery (a picture, what it does and what it needs of each). */
import { useEffect, useState } from 'react';
import { listStarters, starterNeeds, type StarterFlow } from '../api/starters.js';
import type { FlowRead } from '../api/types.js';
import { errorText } from '../api/http.js';
import { Dialog } from '../ui/dialog.js';
import { FormError } from '../ui/form-error.js';
import { FlowPicture } from './flow-picture.js';

export interface NewFlowDialogProps {
  flows: FlowRead[];
  onClose(): void;
  /** null: a blank flow. */
  onCreate(template: StarterFlow | null): Promise<void>;
}

export function NewFlowDialog({ flows, onClose, onCreate }: NewFlowDialogProps) {
  const [starters, setStarters] = useState<StarterFlow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listStarters(flows).then(setStarters, (err: unknown) => setError(errorText(err)));
  }, [flows]);

  const create = async (template: StarterFlow | null) => {
    setBusy(true);
    await onCreate(template);
    setBusy(false);
  };

  const builtin = starters?.some((s) => s.builtin) ?? false;
  return (
    <Dialog title="New flow" open onClose={onClose} wide>
      <div className="new-flow">
        <button type="button" className="template-card template-blank" disabled={busy} onClick={() => void create(null)}>
          <strong>Blank flow</strong>
          <span>Start from an empty canvas.</span>
        </button>
        <h3>{builtin ? 'Starters' : 'Start from a copy of'}</h3>
        <FormError error={error} />
        {starters === null && !error ? <p className="muted">Loading…</p> : null}
        {starters?.length === 0 ? <p className="muted">No starter flows.</p> : null}
        <div className="template-grid">
          {starters?.map((starter) => {
            const needs = starterNeeds(starter.data);
            return (
              <button key={starter.key} type="button" className="template-card" disabled={busy} onClick={() => void create(starter)}>
                <FlowPicture data={starter.data} label={`The nodes of ${starter.name}`} />
                <strong>{starter.name}</strong>
                <span>{starter.description || `${starter.data.nodes.length} nodes`}</span>
                {starter.tags.length > 0 ? <span className="template-tags">{starter.tags.join(' · ')}</span> : null}
                <span className="template-needs">{needs.length > 0 ? `Needs ${needs.join(', ')}` : 'Runs as it is: no key needed'}</span>
              </button>
            );
          })}
        </div>
      </div>
    </Dialog>
  );
}
