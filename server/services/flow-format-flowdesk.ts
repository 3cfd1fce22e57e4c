/**
 * Flowdesk's own flow document: the stored Flow plus a `flowdesk: {format: 1}` marker. Reading it
 * back checks the structure and the components; values are kept as they are, so an export re-imports
 * losslessly. Exports blank literal secret values (a secret bound to a global variable keeps the name).
 */
import { unsupportedMessage, type ComponentNode, type Flow, type FlowData, type IgnoredField, type NoteNode, type UnsupportedInfo } from '../../shared/flow.js';
import { mcpValues } from './flow-mcp-fields.js';
import type { Registry } from '../engine/define-component.js';
import {
  blankPasswords,
  flowDataReader,
  type NodeHead,
  copyJson,
  fail,
  fieldsOf,
  isObject,
  requireString,
  resolveComponent,
  unsupportedComponentsError,
  type JsonObject,
  type Loc,
  type ReadEdge,
  type UnsupportedNode,
} from './flow-format-common.js';

/** The version of the export format this server writes and reads. */
export const FLOWDESK_FORMAT = 1;

/** What `exportFlow` produces. */
export interface FlowdeskExport {
  flowdesk: { format: typeof FLOWDESK_FORMAT };
  id: string;
  name: string;
  description: string;
  endpoint_name: string | null;
  tags?: string[];
  icon?: string | null;
  mcp_enabled?: boolean;
  action_name?: string;
  action_description?: string;
  created_at: string;
  updated_at: string;
  data: FlowData;
}

export const readFlowdeskData = flowDataReader({ node: readNode, edge: readEdge });

function readNode(raw: JsonObject, { id, position }: NodeHead, loc: Loc, registry: Registry, unsupported: UnsupportedNode[]): ComponentNode | NoteNode | undefined {
  const data = raw.data ?? {};
  if (!isObject(data)) return fail([...loc, 'data'], 'Input should be an object', data, 'dict_type');

  if (raw.type === 'note') {
    const text = data.text ?? '';
    if (typeof text !== 'string') return fail([...loc, 'data', 'text'], 'Input should be a valid string', text, 'string_type');
    return { id, type: 'note', position, data: { ...copyJson(data), text } };
  }
  if (raw.type !== 'component') return fail([...loc, 'type'], 'Unsupported node type: expected "component" or "note"', raw.type);

  const type = requireString(data.type, [...loc, 'data', 'type']);
  const def = resolveComponent(registry, type);
  if (!def) {
    const kept = readUnsupported(data.unsupported, type, [...loc, 'data', 'unsupported']);
    if (!kept) {
      unsupported.push({ type, id });
      return undefined;
    }
    const shown = typeof data.display_name === 'string' ? { display_name: data.display_name } : {};
    return { id, type: 'component', position, data: { type, ...shown, values: {}, unsupported: kept } };
  }
  const displayName = data.display_name;
  if (displayName !== undefined && typeof displayName !== 'string') return fail([...loc, 'data', 'display_name'], 'Input should be a valid string', displayName, 'string_type');
  const values = data.values ?? {};
  if (!isObject(values)) return fail([...loc, 'data', 'values'], 'Input should be an object of field values', values, 'dict_type');
  const globals = data.global_variables;
  if (globals !== undefined) {
    if (!isObject(globals)) return fail([...loc, 'data', 'global_variables'], 'Input should be an object of field name → variable name', globals, 'dict_type');
    for (const [field, name] of Object.entries(globals)) {
      if (typeof name !== 'string' || name === '') fail([...loc, 'data', 'global_variables', field], 'Input should be a variable name', name, 'string_type');
    }
  }
  const ignored = readIgnoredFields(data.ignored_fields, [...loc, 'data', 'ignored_fields']);
  const apiEditable = data.api_editable;
  if (apiEditable !== undefined && !(Array.isArray(apiEditable) && apiEditable.every((f) => typeof f === 'string'))) {
    return fail([...loc, 'data', 'api_editable'], 'Input should be a list of field names (the fields the API may set)', apiEditable, 'list_type');
  }
  const langflow = data.langflow;
  if (langflow !== undefined && langflow !== null && !isObject(langflow)) return fail([...loc, 'data', 'langflow'], "Input should be an object (the node's Langflow data)", langflow, 'dict_type');
  return {
    id,
    type: 'component',
    position,
    data: {
      type: def.type,
      ...(displayName !== undefined ? { display_name: displayName } : {}),
      values: copyJson(values),
      ...(globals !== undefined ? { global_variables: copyJson(globals) as Record<string, string> } : {}),
      ...(ignored !== undefined ? { ignored_fields: ignored } : {}),
      ...(apiEditable !== undefined && apiEditable.length > 0 ? { api_editable: [...new Set(apiEditable as string[])] } : {}),
      ...(isObject(langflow) ? { langflow: blankPasswords(copyJson(langflow)) } : {}),
    },
  };
}

/** The mark of a node kept from a Langflow import though Flowdesk cannot run it (see UnsupportedInfo). */
function readUnsupported(value: unknown, type: string, loc: Loc): UnsupportedInfo | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return fail(loc, 'Input should be an object {kind, message, langflow}', value, 'dict_type');
  const kind = value.kind;
  if (kind !== 'langflow_component' && kind !== 'custom_code') return fail([...loc, 'kind'], 'Input should be "langflow_component" or "custom_code"', kind, 'enum');
  if (!isObject(value.langflow)) return fail([...loc, 'langflow'], "Input should be an object (the node's Langflow data)", value.langflow, 'dict_type');
  return { kind, message: unsupportedMessage(kind, type), langflow: blankPasswords(copyJson(value.langflow)) };
}

/** The report of fields an import could not honour, kept so that saving or re-importing the flow keeps it. */
function readIgnoredFields(value: unknown, loc: Loc): IgnoredField[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail(loc, 'Input should be a list of {name, reason}', value, 'list_type');
  return value.map((item, i) => {
    if (!isObject(item)) return fail([...loc, i], 'Input should be an object {name, reason}', item, 'dict_type');
    return { name: requireString(item.name, [...loc, i, 'name']), reason: requireString(item.reason, [...loc, i, 'reason']) };
  });
}

function readEdge(raw: JsonObject, loc: Loc): ReadEdge {
  return {
    ...(typeof raw.id === 'string' && raw.id !== '' ? { id: raw.id } : {}),
    source: requireString(raw.source, [...loc, 'source']),
    sourceHandle: requireString(raw.sourceHandle, [...loc, 'sourceHandle']),
    target: requireString(raw.target, [...loc, 'target']),
    targetHandle: requireString(raw.targetHandle, [...loc, 'targetHandle']),
  };
}

/**
 * The flow as a Flowdesk export document. Throws InvalidFlowError when a node's component is gone from
 * the registry: without its field list the export could not tell which values are secrets.
 */
export function exportFlow(flow: Flow, registry: Registry): FlowdeskExport {
  const data = copyJson(flow.data);
  const unknown: UnsupportedNode[] = [];
  for (const node of data.nodes) {
    if (node.type !== 'component') continue;
    if (node.data.unsupported) {
      blankPasswords(node.data.unsupported.langflow);
      continue;
    }
    if (node.data.langflow) blankPasswords(node.data.langflow);
    const def = resolveComponent(registry, node.data.type);
    if (!def) {
      unknown.push({ type: node.data.type, id: node.id });
      continue;
    }
    const values = node.data.values;
    for (const field of fieldsOf(registry, def, values, ['data', 'nodes', node.id])) {
      if (field.kind !== 'secret' || !Object.hasOwn(values, field.name)) continue;
      const value = values[field.name];
      if (value !== '' && value !== null && value !== undefined) values[field.name] = '';
    }
  }
  if (unknown.length > 0) throw unsupportedComponentsError(flow.name, unknown);
  return {
    flowdesk: { format: FLOWDESK_FORMAT },
    id: flow.id,
    name: flow.name,
    description: flow.description,
    endpoint_name: flow.endpoint_name,
    ...(flow.tags !== undefined ? { tags: [...flow.tags] } : {}),
    ...(flow.icon !== undefined ? { icon: flow.icon } : {}),
    ...mcpValues(flow),
    created_at: flow.created_at,
    updated_at: flow.updated_at,
    data,
  };
}
