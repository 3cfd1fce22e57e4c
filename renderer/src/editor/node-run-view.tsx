/** Under a node after a run: its warnings, then its error or its last output to inspect. */
import type { NodeRun } from './editor-store.js';

function preview(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function NodeRunView({ run }: { run: NodeRun }) {
  const warnings = run.warnings?.length ? (
    <ul className="fd-node-warnings" data-testid="node-warnings">
      {run.warnings.map((warning, i) => (
        <li key={i}>{warning}</li>
      ))}
    </ul>
  ) : null;
  if (run.status === 'failed') {
    return (
      <>
        {warnings}
        <div className="fd-node-error" role="alert">
          {run.error ?? 'Failed'}
        </div>
      </>
    );
  }
  const outputs = Object.entries(run.outputs ?? {}).filter(([name]) => name !== 'result');
  if (outputs.length === 0) return warnings;
  return (
    <>
    {warnings}
    <details className="fd-node-output nodrag nowheel">
      <summary>Last output</summary>
      {outputs.map(([name, value]) => (
        <div key={name}>
          <div className="fd-output-label">{name}</div>
          <pre>{preview(value)}</pre>
        </div>
      ))}
    </details>
    </>
  );
}
