/** The open flow: toolbar, sidebar, canvas and the side panels, around one EditorStore. */
import { useReactFlow } from '@xyflow/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { ComponentCatalog } from '../../../shared/component-spec.js';
import { EMPTY_FLOW_DATA } from '../../../shared/flow.js';
import { listVariables } from '../api/admin-api.js';
import { updateFlow } from '../api/flows-api.js';
import type { FlowHeader, FlowRead } from '../api/types.js';
import { useToast } from '../ui/toasts.js';
import { Autosave } from './autosave.js';
import { Canvas } from './canvas.js';
import { EditorContext, type EditorContextValue } from './editor-context.js';
import { EditorStore } from './editor-store.js';
import { EditorToolbar } from './editor-toolbar.js';
import { freeSpot } from './placement.js';
import { useEditorShortcuts } from './shortcuts.js';
import { NOTE_TYPE, Sidebar } from './sidebar.js';
import { indexCatalog } from './specs.js';

const PlaygroundPanel = lazy(() => import('../playground/playground-panel.js'));
const ApiPanel = lazy(() => import('../api-panel/api-panel.js'));

/** The size a new node is taken to have before it is measured (a typical component; a note). */
const NEW_NODE_SIZE = { width: 300, height: 280 };
const NEW_NOTE_SIZE = { width: 260, height: 140 };

export function Editor({ flow, catalog }: { flow: FlowRead; catalog: ComponentCatalog }) {
  const specs = useMemo(() => indexCatalog(catalog), [catalog]);
  const [store] = useState(() => new EditorStore(flow.data ?? EMPTY_FLOW_DATA, specs));
  const [autosave] = useState(() => new Autosave(async () => void (await updateFlow(flow.id, { data: store.toFlowData() }))));
  const [header, setHeader] = useState<FlowHeader>({ id: flow.id, name: flow.name, description: flow.description, endpoint_name: flow.endpoint_name, mcp_enabled: flow.mcp_enabled });
  const [panel, setPanel] = useState<'playground' | null>(null);
  const [apiOpen, setApiOpen] = useState(false);
  const [variableNames, setVariableNames] = useState<string[]>([]);
  const notify = useToast();
  const { screenToFlowPosition } = useReactFlow();

  const refreshVariables = useCallback(() => {
    listVariables().then(
      (vars) => setVariableNames(vars.map((v) => v.name).sort()),
      () => undefined,
    );
  }, []);
  useEffect(refreshVariables, [refreshVariables]);
  useEffect(() => {
    store.onNotice = (text) => notify(text, 'info');
    return () => {
      store.onNotice = null;
    };
  }, [store, notify]);

  // Every saved change schedules a save; leaving the page sends what is unsaved.
  useEffect(() => {
    let revision = store.getState().revision;
    const unsubscribe = store.subscribe(() => {
      const next = store.getState().revision;
      if (next !== revision) {
        revision = next;
        autosave.schedule();
      }
    });
    const onPageHide = () => {
      if (autosave.pending) void updateFlow(flow.id, { data: store.toFlowData() }, { keepalive: true }).catch(() => undefined);
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      unsubscribe();
      window.removeEventListener('pagehide', onPageHide);
      if (autosave.pending) void autosave.flush().catch(() => undefined);
    };
  }, [store, autosave, flow.id]);

  const addAt = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      let at = position;
      if (!at) {
        // A click adds near the middle of the view, in the nearest free space (a drop goes where it was dropped).
        const rect = document.querySelector('.canvas')?.getBoundingClientRect();
        const preferred = screenToFlowPosition({ x: (rect ? rect.left + rect.width / 2 : 400) - 140, y: rect ? rect.top + rect.height / 3 : 200 });
        const taken = store.getState().nodes.map((n) => ({ ...n.position, width: n.measured?.width ?? NEW_NODE_SIZE.width, height: n.measured?.height ?? NEW_NODE_SIZE.height }));
        at = freeSpot(preferred, type === NOTE_TYPE ? NEW_NOTE_SIZE : NEW_NODE_SIZE, taken);
      }
      if (type === NOTE_TYPE) store.addNote(at);
      else if (!store.addComponent(type, at)) notify(`Unknown component ${type}`, 'error');
    },
    [store, screenToFlowPosition, notify],
  );

  useEditorShortcuts(store, notify);

  const context = useMemo<EditorContextValue>(() => ({ store, variableNames, refreshVariables }), [store, variableNames, refreshVariables]);

  return (
    <EditorContext.Provider value={context}>
      <div className={`editor${panel ? ' with-panel' : ''}`}>
        <EditorToolbar
          header={header}
          onHeaderChange={setHeader}
          autosave={autosave}
          onTogglePlayground={() => setPanel((p) => (p === 'playground' ? null : 'playground'))}
          playgroundOpen={panel === 'playground'}
          onOpenApi={() => setApiOpen(true)}
        />
        <Sidebar catalog={catalog} onAdd={addAt} />
        <Canvas onAdd={addAt} onViewportChange={() => autosave.schedule({ quiet: true })} />
        <Suspense fallback={null}>
          {panel === 'playground' ? <PlaygroundPanel flowId={flow.id} autosave={autosave} onClose={() => setPanel(null)} /> : null}
          {apiOpen ? <ApiPanel header={header} onHeaderChange={setHeader} onClose={() => setApiOpen(false)} /> : null}
        </Suspense>
      </div>
    </EditorContext.Provider>
  );
}
