/** Pure mappers between the stored flow (shared/flow.ts) and React Flow's view objects. */
import type { Edge, Node } from '@xyflow/react';
import type { FlowData, FlowEdge, FlowNode, IgnoredField, UnsupportedInfo, Viewport } from '../../../shared/flow.js';

export interface ComponentData extends Record<string, unknown> {
  /** Component type key. */
  type: string;
  values: Record<string, unknown>;
  /** field name → global variable name. */
  globals: Record<string, string>;
  displayName?: string;
  /** Fields an import could not honour (kept as reported, so saving does not lose the report). */
  ignoredFields?: IgnoredField[];
  /** Fields the author marks as API fields (the `declared` tweak policy reads them). */
  apiEditable?: string[];
  /** Set on an imported Langflow node Flowdesk cannot run: kept (with its Langflow data) and shown as such. */
  unsupported?: UnsupportedInfo;
  /** The node's Langflow data kept from an import (for the Langflow export): passed through untouched. */
  langflow?: Record<string, unknown>;
}

export interface NoteData extends Record<string, unknown> {
  text: string;
}

export type ComponentViewNode = Node<ComponentData, 'component'>;
export type NoteViewNode = Node<NoteData, 'note'>;
export type ViewNode = ComponentViewNode | NoteViewNode;
export type ViewEdge = Edge;

export function toViewNode(node: FlowNode): ViewNode {
  if (node.type === 'note') {
    return { id: node.id, type: 'note', position: { ...node.position }, data: { ...node.data, text: String(node.data.text ?? '') } };
  }
  const data: ComponentData = { type: node.data.type, values: { ...node.data.values }, globals: { ...(node.data.global_variables ?? {}) } };
  if (node.data.display_name) data.displayName = node.data.display_name;
  if (node.data.ignored_fields?.length) data.ignoredFields = node.data.ignored_fields.map((f) => ({ ...f }));
  if (node.data.api_editable?.length) data.apiEditable = [...node.data.api_editable];
  if (node.data.unsupported) data.unsupported = structuredClone(node.data.unsupported);
  if (node.data.langflow) data.langflow = structuredClone(node.data.langflow);
  return { id: node.id, type: 'component', position: { ...node.position }, data };
}

export function toViewEdge(edge: FlowEdge): ViewEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target, targetHandle: edge.targetHandle };
}

export function fromViewNode(node: ViewNode): FlowNode {
  const position = { x: Math.round(node.position.x * 100) / 100, y: Math.round(node.position.y * 100) / 100 };
  if (node.type === 'note') return { id: node.id, type: 'note', position, data: { ...node.data } };
  const { type, values, globals, displayName, ignoredFields, apiEditable, unsupported, langflow } = node.data;
  return {
    id: node.id,
    type: 'component',
    position,
    data: {
      type,
      ...(displayName ? { display_name: displayName } : {}),
      values: { ...values },
      ...(Object.keys(globals).length > 0 ? { global_variables: { ...globals } } : {}),
      ...(ignoredFields?.length ? { ignored_fields: ignoredFields.map((f) => ({ ...f })) } : {}),
      ...(apiEditable && apiEditable.length > 0 ? { api_editable: [...apiEditable] } : {}),
      ...(unsupported ? { unsupported: structuredClone(unsupported) } : {}),
      ...(langflow ? { langflow: structuredClone(langflow) } : {}),
    },
  };
}

export function fromViewEdge(edge: ViewEdge): FlowEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? '', target: edge.target, targetHandle: edge.targetHandle ?? '' };
}

export function toFlowData(nodes: readonly ViewNode[], edges: readonly ViewEdge[], viewport: Viewport): FlowData {
  return { nodes: nodes.map(fromViewNode), edges: edges.map(fromViewEdge), viewport: { ...viewport } };
}

export function edgeId(source: string, sourceHandle: string, target: string, targetHandle: string): string {
  return `edge-${source}-${sourceHandle}-${target}-${targetHandle}`;
}
