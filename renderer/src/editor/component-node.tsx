/**
 * The one node component for every component type: header, fields with the control for their kind,
 * typed input handles beside the fields that a port may feed, output handles, run state and problems.
 */
import { Handle, Position, useConnection, useUpdateNodeInternals, type ConnectionState, type NodeProps } from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { typesCompatible, type ComponentSpec, type FieldSpec } from '../../../shared/component-spec.js';
import { ComponentIcon } from './component-icon.js';
import { useEditor, useEditorContext } from './editor-context.js';
import type { EditorState } from './editor-store.js';
import { FieldControl } from './field-control.js';
import type { ComponentData, ComponentViewNode } from './flow-mapping.js';
import { NodeRunView } from './node-run-view.js';
import { fieldsFor, fieldValue, hasPort, typeColor } from './specs.js';

/** `field → source display name` for the edges into a node, as one string so the selector is stable. */
function connectedKey(state: EditorState, nodeId: string, specs: ReadonlyMap<string, ComponentSpec>): string {
  const parts: string[] = [];
  for (const edge of state.edges) {
    if (edge.target !== nodeId) continue;
    const source = state.nodes.find((n) => n.id === edge.source);
    const name = source?.type === 'component' ? (source.data.displayName ?? specs.get(source.data.type)?.display_name ?? source.id) : edge.source;
    parts.push(`${edge.targetHandle ?? ''}\u0001${name}`);
  }
  return parts.join('\u0002');
}

/** While a connection is being drawn: where it starts, as a stable string. */
function connectionStart(c: ConnectionState): string | null {
  if (!c.inProgress || !c.fromHandle) return null;
  return `${c.fromNode.id}\u0001${c.fromHandle.id ?? ''}\u0001${c.fromHandle.type}`;
}

function ComponentNodeView({ id, data, selected }: NodeProps<ComponentViewNode>) {
  const { store, variableNames } = useEditorContext();
  const spec = store.specs.get(data.type);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const connected = useEditor((s) => connectedKey(s, id, store.specs));
  const problems = useEditor((s) => s.problems.get(id)?.join('\n') ?? '');
  const run = useEditor((s) => s.run.get(id));
  const start = useConnection(connectionStart);
  const updateNodeInternals = useUpdateNodeInternals();

  const fields = useMemo(() => (spec ? fieldsFor(spec, data.values) : []), [spec, data.values]);
  const sources = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const part of connected ? connected.split('\u0002') : []) {
      const [field = '', name = ''] = part.split('\u0001');
      map.set(field, [...(map.get(field) ?? []), name]);
    }
    return map;
  }, [connected]);

  // Handles come and go with a Prompt's {variables} and the advanced toggle: React Flow must re-measure them.
  const handleKey = fields
    .filter((f) => hasPort(f) && (!f.advanced || showAdvanced || sources.has(f.name)))
    .map((f) => f.name)
    .join(',');
  // (Not on mount: React Flow measures new nodes itself, and an early call would fit the view to this node alone.)
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [handleKey, id, updateNodeInternals]);

  const onChange = useCallback((field: string, value: unknown) => store.setValue(id, field, value), [store, id]);
  const onBind = useCallback((field: string, variable: string | null) => store.setGlobal(id, field, variable), [store, id]);

  if (!spec && data.unsupported) return <UnsupportedNodeView data={data} />;
  if (!spec) {
    return (
      <div className="fd-node fd-node-unknown" data-testid="component-node">
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <header className="fd-node-header">
          <span className="fd-node-title">Unknown component “{data.type}”</span>
        </header>
        <p className="fd-node-problems">This server has no component of this type; the flow cannot run until it is removed.</p>
      </div>
    );
  }

  const compatibility = (handleType: 'source' | 'target', handleId: string, types: readonly string[] | undefined): string => {
    if (!start) return '';
    const [fromNode, fromHandle, fromType] = start.split('\u0001');
    if (fromType === handleType) return ' fd-handle-muted';
    if (fromNode === id) return ' fd-handle-refused';
    const other = store.getState().nodes.find((n) => n.id === fromNode);
    if (other?.type !== 'component') return ' fd-handle-refused';
    const otherSpec = store.specs.get(other.data.type);
    if (!otherSpec) return ' fd-handle-refused';
    const ok =
      handleType === 'target'
        ? typesCompatible(otherSpec.outputs.find((o) => o.name === fromHandle)?.types ?? [], types)
        : typesCompatible(types ?? [], fieldsFor(otherSpec, other.data.values).find((f) => f.name === fromHandle)?.input_types);
    return ok ? ' fd-handle-ok' : ' fd-handle-refused';
  };

  const visible = fields.filter((f) => !f.advanced || showAdvanced || sources.has(f.name));
  const advancedCount = fields.filter((f) => f.advanced).length;
  const title = data.displayName ?? spec.display_name;
  const status = run?.status;

  return (
    <div
      className={`fd-node${selected ? ' selected' : ''}${status ? ` fd-status-${status}` : ''}${problems ? ' fd-node-invalid' : ''}`}
      data-testid="component-node"
      data-type={data.type}
      aria-label={title}
    >
      <header className="fd-node-header" title={spec.description}>
        <ComponentIcon icon={spec.icon} name={spec.display_name} />
        <span className="fd-node-title">{title}</span>
        {status ? <span className={`fd-status-dot fd-status-dot-${status}`} role="img" aria-label={status} title={status} /> : null}
        {problems ? (
          <span className="fd-problem-icon" role="img" aria-label="Problems" title={problems}>
            !
          </span>
        ) : null}
      </header>
      <div className="fd-node-fields">
        {visible.map((field) => (
          <FieldRow
            key={field.name}
            nodeId={id}
            field={field}
            value={fieldValue(field, data.values)}
            globalVariable={data.globals[field.name]}
            sources={sources.get(field.name)}
            handleClass={hasPort(field) ? compatibility('target', field.name, field.input_types) : ''}
            onChange={onChange}
            onBind={onBind}
            variableNames={variableNames}
          />
        ))}
        {advancedCount > 0 ? (
          <button type="button" className="fd-advanced-toggle nodrag" onClick={() => setShowAdvanced((v) => !v)} aria-expanded={showAdvanced}>
            {showAdvanced ? 'Hide advanced' : `Show ${advancedCount} advanced`}
          </button>
        ) : null}
      </div>
      <div className="fd-node-outputs">
        {spec.outputs.map((output) => (
          <div key={output.name} className="fd-output">
            <span className="fd-output-name">{output.display_name}</span>
            <span className="fd-type-chip" style={{ color: typeColor(output.types) }}>
              {output.types.join(' | ')}
            </span>
            <Handle
              type="source"
              position={Position.Right}
              id={output.name}
              className={`fd-handle${compatibility('source', output.name, output.types)}`}
              style={{ background: typeColor(output.types) }}
              title={`${output.display_name}: ${output.types.join(' | ')}`}
            />
          </div>
        ))}
      </div>
      {problems ? <div className="fd-node-problems">{problems}</div> : null}
      {run ? <NodeRunView run={run} /> : null}
    </div>
  );
}

interface FieldRowProps {
  nodeId: string;
  field: FieldSpec;
  value: unknown;
  globalVariable: string | undefined;
  sources: string[] | undefined;
  handleClass: string;
  onChange(field: string, value: unknown): void;
  onBind(field: string, variable: string | null): void;
  variableNames: readonly string[];
}

const FieldRow = memo(function FieldRow({ nodeId, field, value, globalVariable, sources, handleClass, onChange, onBind, variableNames }: FieldRowProps) {
  const controlId = `${nodeId}-${field.name}`;
  const change = useCallback((v: unknown) => onChange(field.name, v), [onChange, field.name]);
  const bind = useCallback((v: string | null) => onBind(field.name, v), [onBind, field.name]);
  return (
    <div className={`fd-field${field.kind === 'bool' ? ' fd-field-inline' : ''}`} data-field={field.name}>
      {hasPort(field) ? (
        <Handle
          type="target"
          position={Position.Left}
          id={field.name}
          className={`fd-handle${handleClass}`}
          style={{ background: typeColor(field.input_types) }}
          title={`${field.display_name}: accepts ${(field.input_types ?? []).join(' | ')}`}
        />
      ) : null}
      <label className="fd-field-label" htmlFor={controlId} title={field.info}>
        {field.display_name}
        {field.required ? <span className="required"> *</span> : null}
        {hasPort(field) ? <span className="fd-accepts">{(field.input_types ?? []).join(' | ')}</span> : null}
      </label>
      {sources ? (
        <div className="fd-connected" id={controlId}>
          ← {sources.join(', ')}
        </div>
      ) : (
        <FieldControl id={controlId} field={field} value={value} onChange={change} globalVariable={globalVariable} onBindGlobal={bind} variableNames={variableNames} />
      )}
    </div>
  );
});

/** The handles an unsupported node's kept Langflow data declares: its connectable template fields and its outputs. */
function langflowHandles(langflow: Record<string, unknown>): { inputs: { name: string; label: string }[]; outputs: { name: string; label: string }[] } {
  const node = isRecord(langflow.node) ? langflow.node : {};
  const template = isRecord(node.template) ? node.template : {};
  const inputs = Object.entries(template)
    .filter(([key, entry]) => !key.startsWith('_') && key !== 'code' && isRecord(entry) && Array.isArray(entry.input_types) && entry.input_types.length > 0)
    .map(([key, entry]) => ({ name: key, label: String((entry as Record<string, unknown>).display_name ?? key) }));
  const outputs = (Array.isArray(node.outputs) ? node.outputs : [])
    .filter((o): o is Record<string, unknown> => isRecord(o) && typeof o.name === 'string')
    .map((o) => ({ name: String(o.name), label: String(o.display_name ?? o.name) }));
  return { inputs, outputs };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An imported Langflow node Flowdesk cannot run: its name, its handles (so its edges attach) and why it cannot run. */
function UnsupportedNodeView({ data }: { data: ComponentData }) {
  const unsupported = data.unsupported!;
  const { inputs, outputs } = langflowHandles(unsupported.langflow);
  return (
    <div className="fd-node fd-node-unknown fd-node-unsupported" data-testid="component-node" data-unsupported={unsupported.kind}>
      <header className="fd-node-header">
        <span className="fd-node-title">{data.displayName ?? data.type}</span>
        <span className="fd-unsupported-badge" title={unsupported.message}>
          unsupported
        </span>
      </header>
      <p className="fd-node-problems" data-testid="unsupported-message">
        {unsupported.message}. The flow keeps it (and exports it back), but cannot run while it is there.
      </p>
      {inputs.map((input) => (
        <div key={input.name} className="fd-field">
          <Handle type="target" position={Position.Left} id={input.name} className="fd-handle" isConnectable={false} title={input.label} />
          <span className="fd-field-label">{input.label}</span>
        </div>
      ))}
      <div className="fd-node-outputs">
        {outputs.map((output) => (
          <div key={output.name} className="fd-output">
            <span className="fd-output-name">{output.label}</span>
            <Handle type="source" position={Position.Right} id={output.name} className="fd-handle" isConnectable={false} title={output.label} />
          </div>
        ))}
      </div>
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
