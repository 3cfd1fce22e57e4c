/**
 * Writes a flow in Langflow's export format (`POST /api/v1/flows/download/?format=langflow`): the
 * shape of Langflow's starters, which Langflow imports. A node imported from Langflow is written back
 * from the Langflow data kept at import (`data.langflow`) with the current values, global-variable
 * bindings, API fields and name written into its template; a node created in Flowdesk gets a
 * template generated from its component spec; a node Flowdesk cannot run goes back as it came.
 * Secret values are never written (a secret bound to a global variable keeps the variable's name).
 */
import type { FieldKind, FieldSpec, OutputSpec } from '../../shared/component-spec.js';
import type { ComponentNode, Flow, NoteNode } from '../../shared/flow.js';
import { mcpValues } from './flow-mcp-fields.js';
import type { ComponentDefinition, Registry } from '../engine/define-component.js';
import { blankPasswords, copyJson, fieldsOf, isObject, resolveComponent, unsupportedComponentsError, type JsonObject, type UnsupportedNode } from './flow-format-common.js';
import { LANGFLOW_COMPONENT_NODE, LANGFLOW_NOTE_NODE, normalizeValue } from './flow-format-langflow.js';

/** The Langflow version whose export format this writes (the newest the starters were tested with). */
export const LANGFLOW_EXPORT_VERSION = '1.7.0';

export interface LangflowExport {
  id: string;
  name: string;
  description: string;
  endpoint_name: string | null;
  icon: string | null;
  tags: string[];
  is_component: false;
  /** Langflow's MCP fields, written when the flow sets them. */
  mcp_enabled?: boolean;
  action_name?: string;
  action_description?: string;
  last_tested_version: string;
  data: { nodes: JsonObject[]; edges: JsonObject[]; viewport: { x: number; y: number; zoom: number } };
}

export interface LangflowExportOptions {
  /**
   * A node whose component is gone from the registry (a custom component removed since) is written
   * with what the node holds (type, name, values as template entries) instead of failing the export:
   * for reading a flow, where an answer beats a refusal. A download refuses, as a file that Langflow
   * could not load is worse than none.
   */
  keepUnknown?: boolean;
}

/** The flow as a Langflow export. Throws InvalidFlowError when a node's component is gone from the registry (unless `keepUnknown`). */
export function exportLangflow(flow: Flow, registry: Registry, options: LangflowExportOptions = {}): LangflowExport {
  const unknown: UnsupportedNode[] = [];
  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  for (const node of flow.data.nodes) {
    if (node.type === 'note') {
      nodes.push(noteNode(node));
      continue;
    }
    const data = componentData(node, registry) ?? (options.keepUnknown ? unknownComponentData(node) : undefined);
    if (!data) {
      unknown.push({ type: node.data.type, id: node.id });
      continue;
    }
    byId.set(node.id, data);
    nodes.push({ id: node.id, type: LANGFLOW_COMPONENT_NODE, position: { ...node.position }, data });
  }
  if (unknown.length > 0) throw unsupportedComponentsError(flow.name, unknown);
  const edges = flow.data.edges.map((edge) => {
    const source = byId.get(edge.source) ?? {};
    const target = byId.get(edge.target) ?? {};
    const sourceHandle = { dataType: source.type, id: edge.source, name: edge.sourceHandle, output_types: outputTypes(outputOf(source, edge.sourceHandle)) };
    const loopOutput = outputOf(target, edge.targetHandle);
    const targetHandle =
      loopOutput && loopOutput.allows_loop === true
        ? { dataType: target.type, id: edge.target, name: edge.targetHandle, output_types: [...strings(loopOutput.types), ...strings(loopOutput.loop_types)] }
        : fieldHandle(target, edge.target, edge.targetHandle);
    return {
      animated: false,
      className: '',
      data: { sourceHandle, targetHandle },
      id: edge.id,
      selected: false,
      source: edge.source,
      sourceHandle: handleString(sourceHandle),
      target: edge.target,
      targetHandle: handleString(targetHandle),
    };
  });
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    endpoint_name: flow.endpoint_name,
    icon: flow.icon ?? null,
    tags: [...(flow.tags ?? [])],
    is_component: false,
    ...mcpValues(flow),
    last_tested_version: LANGFLOW_EXPORT_VERSION,
    data: { nodes, edges, viewport: { ...flow.data.viewport } },
  };
}

/**
 * Langflow's string form of a handle: Python's `json.dumps` (`", "` and `": "` separators) with every
 * `"` written as `œ`, e.g. `{œdataTypeœ: œChatInputœ, œidœ: œChatInput-8a86Tœ, …}`.
 */
export function handleString(handle: unknown): string {
  const dump = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(dump).join(', ')}]`;
    if (isObject(value)) return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${dump(v)}`).join(', ')}}`;
    return JSON.stringify(value ?? null);
  };
  return dump(handle).replace(/"/g, 'œ');
}

/** A note: the data kept from its import (if any) with the current text and colour, and its size. */
function noteNode(node: NoteNode): JsonObject {
  const color = typeof node.data.backgroundColor === 'string' ? { backgroundColor: node.data.backgroundColor } : {};
  const kept = isObject(node.data.langflow) ? copyJson(node.data.langflow) : undefined;
  let data: JsonObject;
  if (kept) {
    data = kept;
    data.id = node.id;
    const spec = isObject(data.node) ? data.node : (data.node = {});
    spec.description = node.data.text;
    spec.template = { ...(isObject(spec.template) ? spec.template : {}), ...color };
  } else {
    data = { id: node.id, node: { description: node.data.text, display_name: '', documentation: '', template: color }, type: 'note' };
  }
  return { id: node.id, type: LANGFLOW_NOTE_NODE, position: { ...node.position }, data, ...(isObject(node.data.style) ? { style: copyJson(node.data.style) } : {}) };
}

/** What a node of an unknown component holds, in Langflow's shape: its values as plain template entries. */
function unknownComponentData(node: ComponentNode): JsonObject {
  const template: JsonObject = {};
  for (const [name, value] of Object.entries(node.data.values)) template[name] = { name, value: copyJson(value), show: true };
  const displayName = node.data.display_name ?? node.data.type;
  return { id: node.id, type: node.data.type, node: { display_name: displayName, template, outputs: [] } };
}

/** A component node's Langflow `data`, or undefined when its component is unknown here. */
function componentData(node: ComponentNode, registry: Registry): JsonObject | undefined {
  if (node.data.unsupported) return blankPasswords(copyJson(node.data.unsupported.langflow));
  const def = resolveComponent(registry, node.data.type);
  if (!def) return undefined;
  const fields = fieldsOf(registry, def, node.data.values, ['data', 'nodes', node.id]);
  const data = node.data.langflow ? blankPasswords(copyJson(node.data.langflow)) : generatedData(def, fields);
  data.id = node.id;
  if (typeof data.type !== 'string') data.type = def.type;
  const spec = isObject(data.node) ? data.node : (data.node = {});
  const template = isObject(spec.template) ? spec.template : (spec.template = {});
  if (node.data.display_name !== undefined) spec.display_name = node.data.display_name;
  else if (spec.display_name !== undefined && spec.display_name !== def.display_name) spec.display_name = def.display_name;
  if (def.template_field) {
    // Langflow lists a Prompt's `{variables}` (its dynamic fields) in `custom_fields`.
    const variables = fields.filter((f) => f.dynamic === true).map((f) => f.name);
    const custom = isObject(spec.custom_fields) ? spec.custom_fields : (spec.custom_fields = {});
    if (!sameJson(custom[def.template_field] ?? [], variables)) custom[def.template_field] = variables;
  }
  const globals = node.data.global_variables ?? {};
  const apiEditable = new Set(node.data.api_editable ?? []);
  for (const field of fields) {
    // The component's Python source and bookkeeping entries are never field values (as on import).
    if (field.name === 'code' || field.name.startsWith('_')) continue;
    const has = Object.hasOwn(template, field.name) && isObject(template[field.name]);
    const value = node.data.values[field.name];
    if (!has && field.dynamic !== true && value === undefined && globals[field.name] === undefined && !apiEditable.has(field.name)) continue;
    const entry = has ? (template[field.name] as JsonObject) : (template[field.name] = templateEntry(field));
    writeValue(entry, field, value, globals[field.name]);
    if (apiEditable.has(field.name) !== (entry.api_editable === true) && (apiEditable.has(field.name) || entry.api_editable !== undefined)) entry.api_editable = apiEditable.has(field.name);
  }
  return data;
}

/** Writes the node's current value (or variable binding) into a template entry, leaving it alone when the value is what it already says. */
function writeValue(entry: JsonObject, field: FieldSpec, value: unknown, variable: string | undefined): void {
  if (variable !== undefined) {
    if (entry.load_from_db === true && typeof entry.value === 'string' && entry.value.trim() === variable) return;
    entry.load_from_db = true;
    entry.value = variable;
    return;
  }
  const secret = field.kind === 'secret' || entry.password === true;
  const wasBound = entry.load_from_db === true && typeof entry.value === 'string' && entry.value.trim() !== '';
  if (wasBound) entry.load_from_db = false;
  if (secret) {
    // A blank secret Langflow wrote as null stays null (so it re-imports as unset, not as '').
    if (wasBound || (typeof entry.value !== 'string' && entry.value !== null)) entry.value = '';
    return;
  }
  if (value === undefined) {
    // The value was removed (or never set): Langflow's entry shows the component's default.
    if (wasBound || normalizeValue(field, entry.value) !== undefined) entry.value = copyJson(field.default ?? '');
    return;
  }
  if (!wasBound && sameJson(normalizeValue(field, entry.value), value)) return;
  entry.value = copyJson(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Langflow's `type` and `_input_type` of each Flowdesk field kind, as the starters write them. */
const KIND_TYPES: Record<FieldKind, { type: string; input: string }> = {
  str: { type: 'str', input: 'MessageTextInput' },
  multiline: { type: 'str', input: 'MultilineInput' },
  prompt: { type: 'prompt', input: 'PromptInput' },
  int: { type: 'int', input: 'IntInput' },
  float: { type: 'float', input: 'FloatInput' },
  slider: { type: 'slider', input: 'SliderInput' },
  bool: { type: 'bool', input: 'BoolInput' },
  dropdown: { type: 'str', input: 'DropdownInput' },
  secret: { type: 'str', input: 'SecretStrInput' },
  dict: { type: 'dict', input: 'DictInput' },
  file: { type: 'file', input: 'FileInput' },
  code: { type: 'code', input: 'CodeInput' },
};

/** A Langflow template entry for a field of a Flowdesk component. */
export function templateEntry(field: FieldSpec): JsonObject {
  const inputTypes = field.input_types ?? [];
  // A field fed only by objects (Data, Tool, LanguageModel…), not text: Langflow's HandleInput.
  const handleOnly = field.kind === 'str' && inputTypes.length > 0 && !inputTypes.includes('Message');
  const kind = handleOnly ? { type: 'other', input: 'HandleInput' } : field.kind === 'str' && inputTypes.length === 0 ? { type: 'str', input: 'StrInput' } : KIND_TYPES[field.kind];
  return {
    _input_type: kind.input,
    advanced: field.advanced ?? false,
    display_name: field.display_name,
    dynamic: field.dynamic ?? false,
    info: field.info ?? '',
    input_types: [...inputTypes],
    list: field.list ?? false,
    load_from_db: false,
    name: field.name,
    password: field.kind === 'secret',
    placeholder: '',
    required: field.required ?? false,
    show: true,
    title_case: false,
    tool_mode: false,
    trace_as_metadata: true,
    type: kind.type,
    value: field.kind === 'secret' ? '' : copyJson(field.default ?? (field.kind === 'bool' ? false : '')),
    ...(field.kind === 'multiline' || field.kind === 'prompt' ? { multiline: true } : {}),
    ...(field.kind === 'dropdown' ? { options: [...(field.options ?? [])], combobox: field.combobox ?? false } : {}),
    ...(field.kind === 'slider' && field.range ? { range_spec: { ...field.range, step_type: 'float' } } : {}),
    ...(field.kind === 'file' ? { file_path: '', fileTypes: [] } : {}),
  };
}

function outputEntry(output: OutputSpec): JsonObject {
  return {
    allows_loop: output.allows_loop ?? false,
    cache: true,
    display_name: output.display_name,
    group_outputs: false,
    method: output.name,
    name: output.name,
    selected: output.types[0] ?? null,
    tool_mode: true,
    types: [...output.types],
    value: '__UNDEFINED__',
  };
}

/** The Langflow data of a node created in Flowdesk: its template and outputs from the component spec. */
function generatedData(def: ComponentDefinition, fields: readonly FieldSpec[]): JsonObject {
  const template: JsonObject = { _type: 'Component', code: placeholderCode(def) };
  for (const field of fields) if (field.dynamic !== true && field.name !== 'code') template[field.name] = templateEntry(field);
  const variables = def.template_field ? fields.filter((f) => f.dynamic === true).map((f) => f.name) : [];
  return {
    id: '',
    type: def.type,
    showNode: true,
    node: {
      base_classes: [...new Set(def.outputs.flatMap((o) => o.types))],
      beta: false,
      conditional_paths: [],
      custom_fields: def.template_field ? { [def.template_field]: variables } : {},
      description: def.description,
      display_name: def.display_name,
      documentation: '',
      edited: false,
      field_order: fields.map((f) => f.name),
      frozen: false,
      icon: def.icon ?? '',
      legacy: false,
      metadata: {},
      minimized: false,
      output_types: [],
      outputs: def.outputs.map(outputEntry),
      pinned: false,
      template,
      tool_mode: false,
    },
  };
}

/**
 * Flowdesk has no Python source for its components. Langflow flags a node whose `code` differs from
 * its own component's as outdated and offers "Update", which loads its code keeping the values (a node
 * with no `code` at all would be neither flagged nor buildable), so the generated node carries this stand-in.
 */
export function placeholderCode(def: ComponentDefinition): JsonObject {
  return {
    advanced: true,
    dynamic: true,
    fileTypes: [],
    file_path: '',
    info: '',
    list: false,
    load_from_db: false,
    multiline: true,
    name: 'code',
    password: false,
    placeholder: '',
    required: true,
    show: true,
    title_case: false,
    type: 'code',
    value: `# Written by Flowdesk, which does not have the Python code of ${def.type}.\n# Update this component in Langflow ("Update" on the node) to load its code; the field values are kept.\n`,
  };
}

function outputOf(data: JsonObject, name: string): JsonObject | undefined {
  const spec = isObject(data.node) ? data.node : undefined;
  const outputs = spec && Array.isArray(spec.outputs) ? spec.outputs : [];
  return outputs.find((o): o is JsonObject => isObject(o) && o.name === name);
}

/** An output's handle types as Langflow writes them: the selected type when one is, else all. */
function outputTypes(output: JsonObject | undefined): string[] {
  if (!output) return [];
  return typeof output.selected === 'string' && output.selected !== '' ? [output.selected] : strings(output.types);
}

function fieldHandle(data: JsonObject, id: string, fieldName: string): JsonObject {
  const spec = isObject(data.node) ? data.node : {};
  const template = isObject(spec.template) ? spec.template : {};
  const entry = isObject(template[fieldName]) ? template[fieldName] : {};
  return { fieldName, id, inputTypes: Array.isArray(entry.input_types) ? [...entry.input_types] : null, type: typeof entry.type === 'string' ? entry.type : 'str' };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
