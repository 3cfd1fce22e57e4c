/** The React Flow canvas, wired to the editor store. */
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  getBezierPath,
  useNodesInitialized,
  useReactFlow,
  type ConnectionLineComponentProps,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeTypes,
  type OnConnect,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useToast } from '../ui/toasts.js';
import { ComponentNode } from './component-node.js';
import { useEditor, useEditorContext } from './editor-context.js';
import type { ViewEdge, ViewNode } from './flow-mapping.js';
import { NoteNode } from './note-node.js';
import { COMPONENT_DRAG_TYPE } from './sidebar.js';

/** Declared once, at module scope, so React Flow never remounts the nodes. */
const nodeTypes: NodeTypes = { component: ComponentNode, note: NoteNode };

/** The line drawn while connecting: red and dashed over a handle that refuses it. */
function ConnectionLine({ fromX, fromY, toX, toY, fromPosition, toPosition, connectionStatus }: ConnectionLineComponentProps) {
  const [path] = getBezierPath({ sourceX: fromX, sourceY: fromY, sourcePosition: fromPosition, targetX: toX, targetY: toY, targetPosition: toPosition });
  const refused = connectionStatus === 'invalid';
  return (
    <g className={refused ? 'fd-connection-refused' : 'fd-connection'}>
      <path d={path} fill="none" strokeWidth={2} strokeDasharray={refused ? '6 4' : undefined} />
      {refused ? (
        <text x={toX + 10} y={toY - 10} className="fd-connection-refused-label">
          incompatible
        </text>
      ) : null}
    </g>
  );
}

export interface CanvasProps {
  onAdd(type: string, position?: { x: number; y: number }): void;
  onViewportChange(): void;
}

export function Canvas({ onAdd, onViewportChange }: CanvasProps) {
  const { store } = useEditorContext();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const notify = useToast();
  const { screenToFlowPosition, fitView } = useReactFlow();
  const container = useRef<HTMLDivElement>(null);

  const isValidConnection = useCallback<IsValidConnection<ViewEdge>>((c) => store.checkConnection(c).ok, [store]);
  const onConnect = useCallback<OnConnect>((c) => void store.connect(c), [store]);
  const onConnectEnd = useCallback<OnConnectEnd>(
    (_event, state: FinalConnectionState) => {
      if (!state.toHandle || state.isValid || !state.fromHandle) return;
      if (state.toHandle.type === state.fromHandle.type) {
        const kind = state.fromHandle.type === 'source' ? 'an output to an output' : 'an input to an input';
        notify(`Connection refused: that joins ${kind}; drag from an output (right side) to an input field (left side)`, 'error');
        return;
      }
      const [source, target] = state.fromHandle.type === 'source' ? [state.fromHandle, state.toHandle] : [state.toHandle, state.fromHandle];
      const verdict = store.checkConnection({ source: source.nodeId, sourceHandle: source.id, target: target.nodeId, targetHandle: target.id });
      if (!verdict.ok) notify(`Connection refused: ${verdict.reason}`, 'error');
    },
    [store, notify],
  );

  const onDragOver = (event: DragEvent) => {
    if (!Array.from(event.dataTransfer.types).includes(COMPONENT_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(COMPONENT_DRAG_TYPE);
    if (!type) return;
    event.preventDefault();
    onAdd(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  const [initial] = useState(() => store.viewport);
  const [fitOnOpen] = useState(() => initial.x === 0 && initial.y === 0 && initial.zoom === 1 && store.getState().nodes.length > 0);
  // The fit on opening is not an edit: its viewport is kept, but saved only with the next change.
  const pendingFit = useRef(fitOnOpen);

  // A saved viewport that shows fewer than half of the nodes (say, from another editor whose nodes
  // have other sizes) is replaced by a fit, once, when the nodes are measured.
  const initialized = useNodesInitialized();
  const viewChecked = useRef(fitOnOpen);
  useEffect(() => {
    const rect = container.current?.getBoundingClientRect();
    if (!initialized || viewChecked.current || !rect) return;
    viewChecked.current = true;
    const topLeft = screenToFlowPosition({ x: rect.left, y: rect.top });
    const bottomRight = screenToFlowPosition({ x: rect.right, y: rect.bottom });
    const all = store.getState().nodes;
    const visible = all.filter((n) => {
      const width = n.measured?.width ?? 0;
      const height = n.measured?.height ?? 0;
      return n.position.x < bottomRight.x && n.position.x + width > topLeft.x && n.position.y < bottomRight.y && n.position.y + height > topLeft.y;
    });
    if (visible.length * 2 < all.length) {
      pendingFit.current = true;
      void fitView({ padding: 0.2, maxZoom: 1 });
    }
  }, [initialized, screenToFlowPosition, fitView, store]);

  return (
    <div className="canvas" ref={container} onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<ViewNode, ViewEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={store.onNodesChange}
        onEdgesChange={store.onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionLine}
        defaultViewport={initial}
        fitView={fitOnOpen}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        onMoveEnd={(event, viewport) => {
          store.viewport = viewport;
          if (pendingFit.current && event === null) pendingFit.current = false;
          else onViewportChange();
        }}
        minZoom={0.1}
        maxZoom={2}
        colorMode="system"
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ interactionWidth: 16 }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <Controls position="bottom-left" />
        <MiniMap position="bottom-right" pannable zoomable ariaLabel="Mini map" />
      </ReactFlow>
    </div>
  );
}
