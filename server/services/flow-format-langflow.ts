/**
 * Reads the `data` of a Langflow 1.x flow export (`genericNode` / `noteNode` nodes, edges with
 * `data.sourceHandle` / `data.targetHandle` or their œ-quoted string forms) into Flowdesk's FlowData.
 */
import type { FieldSpec } from '../../shared/component-spec.js';
import { unsupportedMessage, type ComponentNode, type IgnoredField, type NoteNode } from '../../shared/flow.js';
import type { Registry } from '../engine/define-component.js';
import { flattenGroups } from './flow-format-langflow-groups.js';
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
  type JsonObject,
  type Loc,
  type ReadEdge,
} from './flow-format-common.js';
import { parseHandle } from './flow-format-common.js';

export { parseHandle };

/** Node types of a Langflow canvas. */
export const LANGFLOW_COMPONENT_NODE = 'genericNode';
export const LANGFLOW_NOTE_NODE = 'noteNode';

/** Template keys that are never field values: the component's Python source and bookkeeping like `_type`. */
function isTemplateBookkeeping(key: string): boolean {
  return key === 'code' || key.startsWith('_');
}

const readFlatLangflowData = flowDataReader({ node: readNode, edge: readEdge });

/** Reads a Langflow flow's `data`, its group nodes flattened first (see flattenGroups). */
export const readLangflowData: typeof readFlatLangflowData = (data, loc, flowName, registry) => readFlatLangflowData(flattenGroups(data), loc, flowName, registry);

function readNode(raw: JsonObject, { id, position }: NodeHead, loc: Loc, registry: Registry): ComponentNode | NoteNode | undefined {
  if (raw.type === LANGFLOW_NOTE_NODE) return readNote(raw, id, position, loc);
  if (raw.type !== LANGFLOW_COMPONENT_NODE) {
    return fail([...loc, 'type'], `Unsupported node type: expected "${LANGFLOW_COMPONENT_NODE}" (a component) or "${LANGFLOW_NOTE_NODE}" (a note)`, raw.type);
  }

  const data = raw.data;
  if (!isObject(data)) return fail([...loc, 'data'], 'Input should be an object', data, 'dict_type');
  const type = requireString(data.type, [...loc, 'data', 'type']);
  const def = resolveComponent(registry, type);
  if (!def) return unsupportedNode(data, type, { id, position });
  const spec = data.node;
  if (!isObject(spec)) return fail([...loc, 'data', 'node'], 'Input should be an object (the component\'s template)', spec, 'dict_type');
  const templateLoc = [...loc, 'data', 'node', 'template'];
  const template = spec.template ?? {};
  if (!isObject(template)) return fail(templateLoc, 'Input should be an object', template, 'dict_type');

  // The raw values decide the dynamic fields (a Prompt's `{variables}`), so read them all first.
  // (Object.fromEntries, not assignment: a `__proto__` key stays a plain key.)
  const raws: JsonObject = Object.fromEntries(
    Object.entries(template).flatMap(([key, entry]) => (!isTemplateBookkeeping(key) && isObject(entry) && entry.value !== undefined ? [[key, entry.value]] : [])),
  );
  const values: Record<string, unknown> = {};
  const globals: Record<string, string> = {};
  const fields = fieldsOf(registry, def, raws, templateLoc);
  const apiEditable: string[] = [];
  for (const field of fields) {
    if (isTemplateBookkeeping(field.name) || !Object.hasOwn(template, field.name)) continue;
    const entry = template[field.name];
    if (!isObject(entry)) continue;
    // Langflow 1.11+: the author's "editable through the API" toggle, read by the `declared` tweak policy.
    if (entry.api_editable === true) apiEditable.push(field.name);
    if (entry.load_from_db === true && typeof entry.value === 'string' && entry.value.trim() !== '') {
      globals[field.name] = entry.value.trim();
      continue;
    }
    const value = normalizeValue(field, entry.value);
    if (value !== undefined) values[field.name] = copyJson(value);
  }

  const ignored = ignoredFields(template, fields, def.display_name);

  const shownName = typeof spec.display_name === 'string' ? spec.display_name : typeof data.display_name === 'string' ? data.display_name : undefined;
  return {
    id,
    type: 'component',
    position,
    data: {
      type: def.type,
      ...(shownName && shownName !== def.display_name ? { display_name: shownName } : {}),
      values,
      ...(Object.keys(globals).length > 0 ? { global_variables: globals } : {}),
      ...(ignored.length > 0 ? { ignored_fields: ignored } : {}),
      ...(apiEditable.length > 0 ? { api_editable: apiEditable } : {}),
      langflow: blankPasswords(copyJson(data)),
    },
  };
}

/**
 * A node whose component Flowdesk lacks: imported, not refused. Its Langflow data is kept whole
 * (password values blanked: secrets are never stored in flow files) so export gives it back, and it
 * is marked so the editor shows it and a run refuses it by name.
 */
function unsupportedNode(data: JsonObject, type: string, { id, position }: NodeHead): ComponentNode {
  const kept = blankPasswords(copyJson(data));
  const spec = isObject(kept.node) ? kept.node : undefined;
  const kind = isCustomCode(spec) ? 'custom_code' : 'langflow_component';
  const shownName = spec && typeof spec.display_name === 'string' ? spec.display_name : typeof data.display_name === 'string' ? data.display_name : undefined;
  return {
    id,
    type: 'component',
    position,
    data: {
      type,
      ...(shownName ? { display_name: shownName } : {}),
      values: {},
      unsupported: { kind, message: unsupportedMessage(kind, type), langflow: kept },
    },
  };
}

/**
 * Python code of the flow's own rather than a Langflow catalog component: Langflow marks a node whose
 * code the user edited `edited: true`; a catalog component names its module (`lfx.components.…`,
 * `langflow.components.…`) in `metadata.module`, a custom one does not or names another.
 */
function isCustomCode(spec: JsonObject | undefined): boolean {
  if (!spec) return false;
  if (spec.edited === true) return true;
  const module = isObject(spec.metadata) ? spec.metadata.module : undefined;
  return typeof module === 'string' && !/^(lfx|langflow)\.components\./.test(module);
}

/** Template entries that are no field of the component here: each reported on the node with the reason. */
function ignoredFields(template: JsonObject, fields: readonly FieldSpec[], componentName: string): IgnoredField[] {
  const known = new Set(fields.map((f) => f.name));
  return Object.entries(template)
    .filter(([key, entry]) => !isTemplateBookkeeping(key) && isObject(entry) && !known.has(key))
    .map(([name, entry]) => {
      const hidden = (entry as JsonObject).show === false ? ' (a field Langflow hides in this mode)' : '';
      return { name, reason: `Flowdesk's ${componentName} has no field "${name}"${hidden}: its value is not used` };
    });
}

/** Langflow stores unset numbers as `""`; Flowdesk leaves them out so the default applies. */
export function normalizeValue(field: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (field.kind) {
    case 'int':
    case 'float':
    case 'slider': {
      if (typeof value !== 'string') return value;
      if (value.trim() === '') return undefined;
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case 'bool':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/** A note's text is in `data.node.description`; its colour in `data.node.template.backgroundColor`. */
function readNote(raw: JsonObject, id: string, position: NoteNode['position'], loc: Loc): NoteNode {
  const data = isObject(raw.data) ? raw.data : {};
  const spec = isObject(data.node) ? data.node : {};
  const text = spec.description ?? '';
  if (typeof text !== 'string') return fail([...loc, 'data', 'node', 'description'], 'Input should be a valid string (the note\'s text)', text, 'string_type');
  const color = isObject(spec.template) ? spec.template.backgroundColor : undefined;
  // Kept for the Langflow export and reads: the note's own data as Langflow wrote it, and its size.
  const kept = { langflow: copyJson(data), ...(isObject(raw.style) ? { style: copyJson(raw.style) } : {}) };
  return { id, type: 'note', position, data: { text, ...(typeof color === 'string' ? { backgroundColor: color } : {}), ...kept } };
}

function readEdge(raw: JsonObject, loc: Loc): ReadEdge {
  const source = requireString(raw.source, [...loc, 'source']);
  const target = requireString(raw.target, [...loc, 'target']);
  const data = isObject(raw.data) ? raw.data : {};
  const sourceHandle = handleField(data.sourceHandle, 'name') ?? handleField(parseHandle(raw.sourceHandle), 'name');
  if (sourceHandle === undefined) {
    return fail([...loc, 'data', 'sourceHandle', 'name'], `Cannot tell which output of "${source}" this edge leaves from (no data.sourceHandle.name, and sourceHandle is not a readable handle)`);
  }
  // A loop's feedback edge (Langflow's Loop component) ends at an output of the target: its handle has `name`, not `fieldName`.
  const targetHandle =
    handleField(data.targetHandle, 'fieldName') ??
    handleField(parseHandle(raw.targetHandle), 'fieldName') ??
    handleField(data.targetHandle, 'name') ??
    handleField(parseHandle(raw.targetHandle), 'name');
  if (targetHandle === undefined) {
    return fail([...loc, 'data', 'targetHandle', 'fieldName'], `Cannot tell which field of "${target}" this edge feeds (no data.targetHandle.fieldName, and targetHandle is not a readable handle)`);
  }
  return { ...(typeof raw.id === 'string' && raw.id !== '' ? { id: raw.id } : {}), source, sourceHandle, target, targetHandle };
}

function handleField(handle: unknown, key: string): string | undefined {
  if (!isObject(handle)) return undefined;
  const value = handle[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
