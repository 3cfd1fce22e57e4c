/**
 * Pieces the flow-document readers share: issue reporting, layout readers, component lookup, and the
 * assembly of nodes and edges with the checks every format gets (unique ids, known components, edges
 * between nodes that exist).
 */
import type { FieldSpec } from '../../shared/component-spec.js';
import { AppError, InvalidFlowError, ValidationError } from '../../shared/errors.js';
import { isPlainObject as isObject, type JsonObject } from '../../shared/json.js';
import { EMPTY_FLOW_DATA, type FlowData, type FlowEdge, type FlowNode, type Viewport, type XY } from '../../shared/flow.js';
import type { ComponentDefinition, Registry } from '../engine/define-component.js';


export { isObject, type JsonObject };
/** Where in the uploaded document a problem is, e.g. `['flows', 0, 'data', 'nodes', 2, 'id']`. */
export type Loc = (string | number)[];


/** A short, safe echo of a bad value for the issue's `input` (never a whole subtree). */
function preview(input: unknown): unknown {
  if (typeof input === 'string') return input.length > 100 ? `${input.slice(0, 100)}…` : input;
  if (input === null || typeof input === 'number' || typeof input === 'boolean') return input;
  return undefined;
}

/** Throws a ValidationError with one FastAPI-style issue. */
export function fail(loc: Loc, msg: string, input?: unknown, type = 'value_error'): never {
  const shown = preview(input);
  throw new ValidationError([{ type, loc, msg, ...(shown === undefined ? {} : { input: shown }) }]);
}

/** A required, non-empty string. */
export function requireString(value: unknown, loc: Loc): string {
  if (value === undefined || value === null) fail(loc, 'Field required', value, 'missing');
  if (typeof value !== 'string') fail(loc, 'Input should be a valid string', value, 'string_type');
  if (value.trim() === '') fail(loc, 'String should not be empty', value, 'string_too_short');
  return value;
}

/** A list, `[]` when absent or null. */
export function listAt(obj: JsonObject, key: string, loc: Loc): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail([...loc, key], 'Input should be a valid list', value, 'list_type');
  return value;
}

function finiteNumber(value: unknown, loc: Loc): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(loc, 'Input should be a finite number', value, 'finite_number');
  return value;
}

/** A node position; `{x: 0, y: 0}` when absent. */
export function readPosition(value: unknown, loc: Loc): XY {
  if (value === undefined || value === null) return { x: 0, y: 0 };
  if (!isObject(value)) fail(loc, 'Input should be an object {x, y}', value, 'dict_type');
  return { x: finiteNumber(value.x, [...loc, 'x']), y: finiteNumber(value.y, [...loc, 'y']) };
}

/** The canvas viewport; the default one when absent. */
export function readViewport(value: unknown, loc: Loc): Viewport {
  if (value === undefined || value === null) return { ...EMPTY_FLOW_DATA.viewport };
  if (!isObject(value)) fail(loc, 'Input should be an object {x, y, zoom}', value, 'dict_type');
  const zoom = finiteNumber(value.zoom ?? 1, [...loc, 'zoom']);
  if (zoom <= 0) fail([...loc, 'zoom'], 'Zoom should be greater than 0', zoom, 'greater_than');
  return { x: finiteNumber(value.x ?? 0, [...loc, 'x']), y: finiteNumber(value.y ?? 0, [...loc, 'y']), zoom };
}

/** A deep copy of a JSON value, so the imported flow never shares objects with the document. */
export function copyJson<T>(value: T): T {
  return structuredClone(value);
}

/** The component a type key names (aliases included), or undefined when the server has none. */
export function resolveComponent(registry: Registry, type: string): ComponentDefinition | undefined {
  const def = registry.get(type);
  // Guards against a registry keyed by a plain object answering `__proto__` or `constructor`.
  return def && typeof def.type === 'string' && Array.isArray(def.fields) ? def : undefined;
}

/** The node's fields (the component's own plus its dynamic ones); a throwing component becomes a 422. */
export function fieldsOf(registry: Registry, def: ComponentDefinition, values: JsonObject, loc: Loc): FieldSpec[] {
  try {
    return registry.fieldsFor(def, values);
  } catch (err) {
    if (err instanceof AppError) throw err;
    return fail(loc, `Cannot work out the fields of this ${def.type} node from its values: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Blanks, in place, the value of every template entry Langflow marks `password: true` (a global variable's name stays). */
export function blankPasswords(langflowData: JsonObject): JsonObject {
  const spec = langflowData.node;
  const template = isObject(spec) ? spec.template : undefined;
  if (isObject(template)) {
    for (const entry of Object.values(template)) {
      if (isObject(entry) && entry.password === true && entry.load_from_db !== true && typeof entry.value === 'string' && entry.value !== '') entry.value = '';
    }
  }
  return langflowData;
}

export interface UnsupportedNode {
  type: string;
  id: string;
}

/** `Flow "Blog Writer" uses components Flowdesk does not have: URLComponent (URL-abc12), ParseData (ParseData-1, ParseData-2)`. */
export function unsupportedComponentsError(flowName: string, nodes: UnsupportedNode[]): InvalidFlowError {
  const idsByType = new Map<string, string[]>();
  for (const { type, id } of nodes) idsByType.set(type, [...(idsByType.get(type) ?? []), id]);
  const list = [...idsByType].map(([type, ids]) => `${type} (${ids.join(', ')})`).join(', ');
  return new InvalidFlowError(`Flow "${flowName}" uses components Flowdesk does not have: ${list}`, nodes.map((n) => n.id));
}

/** An edge as a reader found it; the id is optional and made unique on assembly. */
export type ReadEdge = Omit<FlowEdge, 'id'> & { id?: string };

/** What every node has, read before a format's own reader sees it. */
export interface NodeHead {
  id: string;
  position: XY;
}

/** A flow format's readers of a node and an edge, each given an object. */
export interface FormatReaders {
  /** Returns the node, or undefined after pushing it onto `unsupported`. Throws ValidationError when malformed. */
  node(raw: JsonObject, head: NodeHead, loc: Loc, registry: Registry, unsupported: UnsupportedNode[]): FlowNode | undefined;
  edge(raw: JsonObject, loc: Loc): ReadEdge;
}

/** The reader of a format's `data`: its node and edge readers inside what every format checks (assembleFlowData). */
export function flowDataReader(readers: FormatReaders): (data: JsonObject, loc: Loc, flowName: string, registry: Registry) => FlowData {
  return (data, loc, flowName, registry) => assembleFlowData(data, loc, flowName, registry, readers);
}

/**
 * Reads `data: {nodes, edges, viewport}` with a format's readers, then checks what every format must
 * satisfy: node ids unique, every component known (all unknown ones named in one error), every edge
 * running between two component nodes of the flow.
 */
function assembleFlowData(data: JsonObject, loc: Loc, flowName: string, registry: Registry, readers: FormatReaders): FlowData {
  const rawNodes = listAt(data, 'nodes', loc);
  const rawEdges = listAt(data, 'edges', loc);

  const nodes: FlowNode[] = [];
  const unsupported: UnsupportedNode[] = [];
  const nodeIds = new Set<string>();
  rawNodes.forEach((raw, i) => {
    const nodeLoc = [...loc, 'nodes', i];
    const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    if (id !== undefined && nodeIds.has(id)) fail([...nodeLoc, 'id'], `Duplicate node id "${id}"`, id);
    if (!isObject(raw)) return fail(nodeLoc, 'Input should be a node object', raw, 'dict_type');
    const head = { id: requireString(raw.id, [...nodeLoc, 'id']), position: readPosition(raw.position, [...nodeLoc, 'position']) };
    const node = readers.node(raw, head, nodeLoc, registry, unsupported);
    if (id !== undefined) nodeIds.add(id);
    if (node) nodes.push(node);
  });
  if (unsupported.length > 0) throw unsupportedComponentsError(flowName, unsupported);

  const edges = uniqueEdgeIds(
    rawEdges.map((raw, i) => (isObject(raw) ? readers.edge(raw, [...loc, 'edges', i]) : fail([...loc, 'edges', i], 'Input should be an edge object', raw, 'dict_type'))),
  );
  checkEdgeEnds(flowName, nodes, edges);
  return { nodes, edges, viewport: readViewport(data.viewport, [...loc, 'viewport']) };
}

/** Keeps each given id that is free; gives the others `<source>.<output>-<target>.<field>` (numbered if taken). */
function uniqueEdgeIds(edges: ReadEdge[]): FlowEdge[] {
  const taken = new Set<string>();
  const given = edges.map((e) => (e.id && !taken.has(e.id) ? (taken.add(e.id), e.id) : undefined));
  return edges.map((e, i) => {
    let id = given[i];
    if (id === undefined) {
      const base = `${e.source}.${e.sourceHandle}-${e.target}.${e.targetHandle}`;
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
    }
    return { id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle };
  });
}

/** Every edge must join two component nodes of the flow; the rest (outputs, fields, types, cycles) is the engine's validation. */
function checkEdgeEnds(flowName: string, nodes: FlowNode[], edges: FlowEdge[]): void {
  const kinds = new Map(nodes.map((n) => [n.id, n.type]));
  const problems: string[] = [];
  const ids: string[] = [];
  for (const edge of edges) {
    for (const end of [edge.source, edge.target]) {
      const kind = kinds.get(end);
      if (kind === 'component') continue;
      problems.push(`${edge.source}.${edge.sourceHandle} → ${edge.target}.${edge.targetHandle} (${kind === 'note' ? `"${end}" is a note` : `no node "${end}"`})`);
      ids.push(end);
      break;
    }
  }
  if (problems.length > 0) {
    throw new InvalidFlowError(`Flow "${flowName}" has edges that do not join two of its components: ${problems.join(', ')}`, [...new Set(ids)]);
  }
}

/**
 * Langflow's string handles are JSON with every `"` written as `œ`:
 * `{œdataTypeœ: œChatInputœ, œidœ: œChatInput-8a86Tœ, œnameœ: œmessageœ, œoutput_typesœ: [œMessageœ]}`.
 */
export function parseHandle(handle: unknown): JsonObject | undefined {
  if (isObject(handle)) return handle;
  if (typeof handle !== 'string' || !handle.includes('œ')) return undefined;
  try {
    const parsed: unknown = JSON.parse(handle.replace(/œ/g, '"'));
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
