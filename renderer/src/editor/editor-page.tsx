/** The editor screen (lazily loaded): loads the flow and the catalog, then shows the canvas. */
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './editor.css';
import './nodes.css';
import { useEffect, useState } from 'react';
import type { ComponentCatalog } from '../../../shared/component-spec.js';
import { getCatalog } from '../api/admin-api.js';
import { getFlow } from '../api/flows-api.js';
import { errorText } from '../api/http.js';
import type { FlowRead } from '../api/types.js';
import { Link } from '../ui/app-header.js';
import { Editor } from './editor.js';

export default function EditorPage({ flowId }: { flowId: string }) {
  const [loaded, setLoaded] = useState<{ flow: FlowRead; catalog: ComponentCatalog } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([getFlow(flowId), getCatalog()]).then(
      ([flow, catalog]) => {
        if (!cancelled) setLoaded({ flow, catalog });
      },
      (err: unknown) => {
        if (!cancelled) setError(errorText(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [flowId]);

  if (error) {
    return (
      <div className="page-error" role="alert">
        <p>Could not open this flow: {error}</p>
        <Link to="/">Back to the flows</Link>
      </div>
    );
  }
  if (!loaded) return <div className="page-loading">Opening the flow…</div>;
  return (
    <ReactFlowProvider>
      <Editor flow={loaded.flow} catalog={loaded.catalog} />
    </ReactFlowProvider>
  );
}
