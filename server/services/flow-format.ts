/**
 * Flow documents in and out. Imports accept one flow or `{"flows": [...]}`, each either a Flowdesk
 * document (marked `flowdesk: {format: 1}`, or unmarked with `component` / `note` nodes, as the API
 * serves flows) or a Langflow 1.x export (`genericNode` / `noteNode` nodes). Exports are Flowdesk's
 * own format (flow-format-flowdesk.ts) or Langflow's (flow-format-langflow-export.ts).
 */
import { BadRequestError, InvalidFlowError, ValidationError, type ValidationIssue } from '../../shared/errors.js';
import { ENDPOINT_NAME_PATTERN, type Flow } from '../../shared/flow.js';
import type { Registry } from '../engine/define-component.js';
import { fail, isObject, type JsonObject, type Loc } from './flow-format-common.js';
import { FLOWDESK_FORMAT, readFlowdeskData } from './flow-format-flowdesk.js';
import { LANGFLOW_COMPONENT_NODE, LANGFLOW_NOTE_NODE, readLangflowData } from './flow-format-langflow.js';

export { exportFlow, FLOWDESK_FORMAT, type FlowdeskExport } from './flow-format-flowdesk.js';
export { exportLangflow, type LangflowExport } from './flow-format-langflow-export.js';

/** A flow read from a document: a Flow without id and timestamps, plus the document's id when it is a UUID. */
/** A flow read from a document; the project it goes to is the importer's choice. */
export type ImportedFlow = Omit<Flow, 'id' | 'folder_id' | 'created_at' | 'updated_at'> & { id?: string };

export type FlowFormat = 'flowdesk' | 'langflow';

/** Name used in messages, and given to a flow whose document has none. */
export const UNTITLED_FLOW = 'Untitled flow';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads an uploaded document: one flow, or `{"flows": [...]}` (`[]` for an empty list). All or nothing:
 * a bundle with any bad flow is refused, with the problems of every flow in one error.
 * Throws BadRequestError (not an object, unknown format version), ValidationError (malformed, with
 * `loc` paths into the document) or InvalidFlowError (unsupported components, edges to missing nodes).
 */
export function parseFlowDocuments(doc: unknown, registry: Registry): ImportedFlow[] {
  if (!isObject(doc)) {
    throw new BadRequestError(`A flow file must hold a JSON object: one flow, or {"flows": [...]} (got ${describe(doc)})`);
  }
  if (doc.flows === undefined || doc.data !== undefined) return [parseFlow(doc, [], registry)];
  if (!Array.isArray(doc.flows)) return fail(['flows'], 'Input should be a valid list of flows', doc.flows, 'list_type');

  const flows: ImportedFlow[] = [];
  const issues: ValidationIssue[] = [];
  const invalid: InvalidFlowError[] = [];
  doc.flows.forEach((raw, i) => {
    try {
      flows.push(parseFlow(raw, ['flows', i], registry));
    } catch (err) {
      if (err instanceof ValidationError && Array.isArray(err.detail)) issues.push(...err.detail);
      else if (err instanceof InvalidFlowError) invalid.push(err);
      else throw err;
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  if (invalid.length > 0) {
    throw new InvalidFlowError(invalid.map((e) => e.message).join('; '), invalid.flatMap((e) => e.nodeIds));
  }
  return flows;
}

/** Which format one flow document is in, judged by its marker, else by its node types. */
export function detectFlowFormat(doc: JsonObject, loc: Loc = []): FlowFormat {
  if (doc.flowdesk !== undefined) return 'flowdesk';
  const nodes = isObject(doc.data) && Array.isArray(doc.data.nodes) ? doc.data.nodes : [];
  const types = new Set(nodes.map((n) => (isObject(n) ? n.type : undefined)));
  const langflow = types.has(LANGFLOW_COMPONENT_NODE) || types.has(LANGFLOW_NOTE_NODE);
  const flowdesk = types.has('component') || types.has('note');
  if (langflow && flowdesk) {
    return fail([...loc, 'data', 'nodes'], 'Nodes mix Langflow ("genericNode", "noteNode") and Flowdesk ("component", "note") node types');
  }
  return flowdesk ? 'flowdesk' : 'langflow';
}

function parseFlow(raw: unknown, loc: Loc, registry: Registry): ImportedFlow {
  if (!isObject(raw)) return fail(loc, `Input should be a flow object (got ${describe(raw)})`, raw, 'dict_type');
  checkMarker(raw.flowdesk);
  const name = readName(raw.name, [...loc, 'name']);
  const description = optionalString(raw.description, [...loc, 'description']) ?? '';
  const endpointName = readEndpointName(raw.endpoint_name, [...loc, 'endpoint_name']);
  const tags = readTags(raw.tags, [...loc, 'tags']);
  const icon = raw.icon === null ? null : optionalString(raw.icon, [...loc, 'icon']);
  const id = typeof raw.id === 'string' && UUID.test(raw.id) ? raw.id : undefined;
  const mcp = readMcpFields(raw, loc);

  const data = raw.data;
  if (data === undefined) return fail([...loc, 'data'], 'Field required (the flow\'s {nodes, edges, viewport})', undefined, 'missing');
  if (!isObject(data)) return fail([...loc, 'data'], 'Input should be an object {nodes, edges, viewport}', data, 'dict_type');
  const format = detectFlowFormat(raw, loc);
  if (format === 'langflow') refusePreOneExport(raw, data, name);
  const read = format === 'flowdesk' ? readFlowdeskData : readLangflowData;
  return {
    ...(id !== undefined ? { id } : {}),
    name,
    description,
    endpoint_name: endpointName,
    data: read(data, [...loc, 'data'], name, registry),
    ...(tags !== undefined ? { tags } : {}),
    ...(icon !== undefined ? { icon } : {}),
    ...mcp,
  };
}

/** Langflow's MCP fields of a flow document (`mcp_enabled`, `action_name`, `action_description`), those set. */
function readMcpFields(raw: JsonObject, loc: Loc): Pick<ImportedFlow, 'mcp_enabled' | 'action_name' | 'action_description'> {
  const enabled = raw.mcp_enabled;
  if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') return fail([...loc, 'mcp_enabled'], 'Input should be a valid boolean', enabled, 'bool_type');
  const name = optionalString(raw.action_name, [...loc, 'action_name'])?.trim();
  const description = optionalString(raw.action_description, [...loc, 'action_description'])?.trim();
  return {
    ...(typeof enabled === 'boolean' ? { mcp_enabled: enabled } : {}),
    ...(name ? { action_name: name } : {}),
    ...(description ? { action_description: description } : {}),
  };
}

/**
 * Refuses an export of Langflow before 1.0 (0.6 and older), whose nodes are LangChain objects
 * (`ChatOpenAI`, `LLMChain`, `ConversationChain`…) wired by their classes, not 1.x components with
 * outputs. Told by: a `last_tested_version` or node `lf_version` below 1.0; a component node whose
 * `data.node` lists `base_classes` but has no `outputs` (every 1.x component has them); an edge
 * handle naming `baseClasses` (0.6's handle) instead of an output; a Langflow-shaped node (with
 * `data.node`) whose `type` is neither `genericNode` nor `noteNode`, in a flow with no 1.x component.
 */
function refusePreOneExport(doc: JsonObject, data: JsonObject, name: string): void {
  const reasons: string[] = [];
  const version = typeof doc.last_tested_version === 'string' ? doc.last_tested_version : undefined;
  if (version !== undefined && isBeforeOne(version)) reasons.push(`it was last tested with Langflow ${version}`);
  const nodes = Array.isArray(data.nodes) ? data.nodes.filter(isObject) : [];
  // A node of another type among 1.x components (one with outputs) is a malformed 1.x flow (422 at its node), not an old one.
  const hasOneComponents = nodes.some((n) => n.type === LANGFLOW_COMPONENT_NODE && isObject(n.data) && isObject(n.data.node) && Array.isArray(n.data.node.outputs));
  for (const node of nodes) {
    const nodeData = isObject(node.data) ? node.data : {};
    const spec = isObject(nodeData.node) ? nodeData.node : undefined;
    if (!spec) continue;
    const type = typeof nodeData.type === 'string' ? nodeData.type : String(node.id);
    if (node.type !== LANGFLOW_COMPONENT_NODE && node.type !== LANGFLOW_NOTE_NODE) {
      if (hasOneComponents) continue;
      reasons.push(`node ${String(node.id)} has node type ${JSON.stringify(node.type)}`);
    } else if (typeof spec.lf_version === 'string' && isBeforeOne(spec.lf_version)) {
      reasons.push(`node ${String(node.id)} was made with Langflow ${spec.lf_version}`);
    } else if (node.type === LANGFLOW_COMPONENT_NODE && spec.outputs === undefined && Array.isArray(spec.base_classes) && spec.base_classes.length > 0) {
      reasons.push(`node ${String(node.id)} is a LangChain object (${type}: ${spec.base_classes.slice(0, 3).join(', ')}) without outputs`);
    }
  }
  const edges = Array.isArray(data.edges) ? data.edges.filter(isObject) : [];
  const oldEdge = edges.find((e) => isObject(e.data) && isObject(e.data.sourceHandle) && Array.isArray(e.data.sourceHandle.baseClasses));
  if (oldEdge) reasons.push(`its edges name classes (baseClasses), not outputs`);
  if (reasons.length === 0) return;
  const shown = reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? `; and ${reasons.length - 3} more` : '');
  throw new BadRequestError(
    `Flow "${name}" predates Langflow 1.0 (${shown}). Flowdesk reads Langflow 1.x flows: open it in Langflow 1.x, re-save it, and export it again.`,
  );
}

/** `0.6.19`, `0.5.0a1` → true; `1.0.0`, `1.0.0a38`, `1.7.0` → false; unreadable → false. */
function isBeforeOne(version: string): boolean {
  const major = /^\s*v?(\d+)\./.exec(version);
  return major !== null && Number(major[1]) < 1;
}

function checkMarker(marker: unknown): void {
  if (marker === undefined) return;
  const format = isObject(marker) ? marker.format : undefined;
  if (format !== FLOWDESK_FORMAT) {
    throw new BadRequestError(`Unsupported Flowdesk export format ${JSON.stringify(format ?? null)}: this server reads format ${FLOWDESK_FORMAT}`);
  }
}

function readName(value: unknown, loc: Loc): string {
  if (value === undefined || value === null) return UNTITLED_FLOW;
  if (typeof value !== 'string') return fail(loc, 'Input should be a valid string', value, 'string_type');
  return value.trim() || UNTITLED_FLOW;
}

function readEndpointName(value: unknown, loc: Loc): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') return fail(loc, 'Input should be a valid string', value, 'string_type');
  if (!ENDPOINT_NAME_PATTERN.test(value)) return fail(loc, 'Endpoint name may contain only letters, digits, "-" and "_"', value, 'string_pattern_mismatch');
  return value;
}

/** A string, or undefined when absent or null. */
function optionalString(value: unknown, loc: Loc): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return fail(loc, 'Input should be a valid string', value, 'string_type');
  return value;
}

function readTags(value: unknown, loc: Loc): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail(loc, 'Input should be a valid list of strings', value, 'list_type');
  value.forEach((tag, i) => {
    if (typeof tag !== 'string') fail([...loc, i], 'Input should be a valid string', tag, 'string_type');
  });
  return [...(value as string[])];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
