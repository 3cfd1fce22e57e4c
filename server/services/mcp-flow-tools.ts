/**
 * Flows as MCP tools, the way Langflow's MCP servers make them (its `api/v1/mcp_utils.py`,
 * `helpers/flow.py`, `lfx/base/mcp/util.py`): which flows are tools, their names (sanitised, at
 * most 30 characters, unique within a server), descriptions and input schemas, the run request a
 * tool call makes, and the text a finished run answers. No transport here: server/http wires this
 * into the MCP SDK.
 */
import type { RunResponse } from '../../shared/api.js';
import type { FieldKind, FieldSpec } from '../../shared/component-spec.js';
import { isComponentNode, type ComponentNode, type Flow } from '../../shared/flow.js';
import type { Registry } from '../engine/define-component.js';
import type { FlowStore, ProjectStore } from '../storage/types.js';

/** Langflow's `MAX_MCP_TOOL_NAME_LENGTH`. */
export const MAX_MCP_TOOL_NAME_LENGTH = 30;

/** The components whose presence makes a flow a tool: it answers text. */
const OUTPUT_TYPES = new Set(['ChatOutput', 'TextOutput']);

export interface JsonSchemaProperty {
  type: string;
  items?: { type: string };
  description: string;
}

export interface FlowTool {
  name: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, JsonSchemaProperty>; required: string[] };
  flowId: string;
  flowName: string;
  /** Arguments passed as tweaks (every advertised one but `input_value` and `session_id`): name → input nodes. */
  tweakFields: ReadonlyMap<string, readonly string[]>;
}

/** A tool call as a run request (`POST /api/v1/run` body), as Langflow's `SimplifiedAPIRequest` makes it. */
export interface ToolRunBody {
  input_value: string;
  input_type: 'chat';
  output_type: 'chat';
  session_id: string;
  tweaks?: Record<string, Record<string, unknown>>;
}

export interface McpToolService {
  /** The tools of these flows: the enabled ones with a Chat Output or Text Output, in order. */
  tools(flows: readonly Flow[]): FlowTool[];
}

/**
 * The flows an MCP server serves: every flow, or a project's (undefined: no such project, a 404;
 * an existing project with no flows serves no tools).
 */
export function flowsOfProject(flows: Pick<FlowStore, 'list'>, projects: Pick<ProjectStore, 'get'>): (projectId?: string) => Flow[] | undefined {
  return (projectId) => {
    const all = flows.list();
    if (projectId === undefined) return all;
    if (!projects.get(projectId)) return undefined;
    return all.filter((flow) => flow.folder_id === projectId);
  };
}

export function createMcpToolService(registry: Registry): McpToolService {
  return {
    tools(flows) {
      const taken = new Set<string>();
      const tools: FlowTool[] = [];
      for (const flow of flows) {
        if (flow.mcp_enabled === false || !flow.data.nodes.some((n) => isComponentNode(n) && OUTPUT_TYPES.has(n.data.type))) continue;
        const name = uniqueName(sanitizeMcpName(flow.action_name || flow.name), MAX_MCP_TOOL_NAME_LENGTH, taken);
        taken.add(name);
        const description = flow.action_description || flow.description || `Tool generated from flow: ${name}`;
        tools.push({ name, description, flowId: flow.id, flowName: flow.name, ...inputsOf(flow, registry) });
      }
      return tools;
    },
  };
}

/** A flow's MCP settings as Langflow's project endpoint lists them (`MCPSettings`). */
export interface McpFlowSettings {
  id: string;
  mcp_enabled: boolean;
  action_name: string;
  action_description: string;
  name: string;
  description: string;
}

/** The settings `GET /api/v1/mcp/project/{id}` answers for a flow: its tool name and description as Langflow derives them. */
export function mcpSettingsOf(flow: Flow): McpFlowSettings {
  const flowName = sanitizeMcpName(flow.name);
  return {
    id: flow.id,
    mcp_enabled: flow.mcp_enabled !== false,
    action_name: flow.action_name ? sanitizeMcpName(flow.action_name) : flowName,
    action_description: flow.action_description || flow.description || `Tool generated from flow: ${flowName}`,
    name: flow.name,
    description: flow.description,
  };
}

/**
 * The run request of a call with `args`: `input_value` is the flow's input, `session_id` its session
 * (a new one when absent), and every other advertised argument a tweak of the input nodes that have
 * that field (arguments the schema does not list are ignored, as Langflow ignores them).
 */
export function toolRunBody(tool: FlowTool, args: Record<string, unknown>): ToolRunBody {
  const input = args.input_value ?? '';
  if (typeof input !== 'string') throw new TypeError('input_value must be a string');
  const session = args.session_id;
  if (session !== undefined && session !== null && typeof session !== 'string') throw new TypeError('session_id must be a string');
  const tweaks: Record<string, Record<string, unknown>> = {};
  for (const [field, nodeIds] of tool.tweakFields) {
    if (args[field] === undefined) continue;
    for (const nodeId of nodeIds) (tweaks[nodeId] ??= {})[field] = args[field];
  }
  const body: ToolRunBody = { input_value: input, input_type: 'chat', output_type: 'chat', session_id: session || crypto.randomUUID() };
  if (Object.keys(tweaks).length > 0) body.tweaks = tweaks;
  return body;
}

/** The texts of a finished run, each once: its outputs' messages, then their results' texts (Langflow's MCP result). */
export function runTexts(response: RunResponse): string[] {
  const texts = new Set<string>();
  for (const run of response.outputs) {
    for (const output of run.outputs) {
      for (const message of output.messages) if (typeof message.message === 'string') texts.add(message.message);
      for (const value of Object.values(output.results)) {
        const text = typeof value === 'string' ? value : (value as { text?: unknown } | null)?.text;
        if (typeof text === 'string') texts.add(text);
        else if (value !== null && value !== undefined) texts.add(JSON.stringify(value));
      }
    }
  }
  return [...texts];
}

/**
 * Waits until progress notifications are sent, then a moment more, before their result may go. SDK
 * clients handle a notification a microtask after the read that brought it but a result at once: a
 * result read together with the last progress would be handled first, and that progress dropped.
 */
export async function progressSent(sent: readonly Promise<void>[]): Promise<void> {
  await Promise.all(sent);
  if (sent.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * A name as Langflow's `sanitize_mcp_name` makes it: emoji and diacritics dropped, other characters
 * than letters, digits, `_`, `-` and spaces removed, runs of spaces and `-` as one `_`, lower case, a
 * leading digit prefixed with `_`, at most `maxLength` characters; `unnamed` when nothing is left.
 */
export function sanitizeMcpName(name: string, maxLength = 46): string {
  if (name.trim() === '') return '';
  let out = name.replace(EMOJI, '').normalize('NFD').replace(/\p{Mn}/gu, '');
  out = out.replace(/[^\p{L}\p{N}_\s-]/gu, '').replace(/[-\s]+/gu, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (/^\p{Nd}/u.test(out)) out = `_${out}`;
  out = out.toLowerCase();
  if (out.length > maxLength) out = out.slice(0, maxLength).replace(/_+$/, '');
  return out || 'unnamed';
}

/** Langflow's emoji pattern (its "chinese char" ranges included, so CJK text is dropped as there). */
const EMOJI =
  /(?:[\u{1F600}-\u{1F64F}\u{1F300}-\u{1F5FF}\u{1F680}-\u{1F6FF}\u{1F1E0}-\u{1F1FF}\u{2500}-\u{2BEF}\u{2702}-\u{27B0}\u{24C2}-\u{1F251}\u{1F926}-\u{1F937}\u{10000}-\u{10FFFF}\u{2640}-\u{2642}\u{2600}-\u{2B55}\u{23CF}\u{23E9}\u{231A}\u{3030}]|\u{200D}|\u{FE0F})+/gu;

/** `base` cut to `maxLength`, else with `_1`, `_2`, … (the base cut to make room): Langflow's `get_unique_name`. */
export function uniqueName(base: string, maxLength: number, taken: ReadonlySet<string>): string {
  const name = base.slice(0, maxLength);
  if (!taken.has(name)) return name;
  for (let i = 1; ; i++) {
    const suffix = `_${i}`;
    const candidate = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The input schema from the flow's input nodes (Chat Input, Text Input, Webhook), as Langflow's
 * `json_schema_from_flow` makes it: their visible (not advanced) fields; once the flow marks any of
 * those nodes' fields as API fields (`api_editable`), only the marked ones and `input_value`.
 * `session_id` is always offered.
 */
function inputsOf(flow: Flow, registry: Registry): Pick<FlowTool, 'inputSchema' | 'tweakFields'> {
  const nodes: { node: ComponentNode; fields: FieldSpec[] }[] = [];
  for (const node of flow.data.nodes) {
    if (!isComponentNode(node) || node.data.unsupported) continue;
    const def = registry.get(node.data.type);
    if (def?.role === 'input') nodes.push({ node, fields: registry.fieldsFor(def, node.data.values) });
  }
  const allowlist = nodes.some(({ node }) => (node.data.api_editable?.length ?? 0) > 0);
  const properties: Record<string, JsonSchemaProperty> = {};
  const required: string[] = [];
  const tweakFields = new Map<string, string[]>();
  for (const { node, fields } of nodes) {
    for (const field of fields) {
      if (field.advanced || field.tweakable === false) continue;
      if (allowlist && field.name !== 'input_value' && !node.data.api_editable?.includes(field.name)) continue;
      properties[field.name] = { ...schemaType(field.kind, field.list), description: field.info ?? `Input for ${field.name}` };
      if (field.required && !required.includes(field.name)) required.push(field.name);
      if (field.name !== 'input_value' && field.name !== 'session_id') tweakFields.set(field.name, [...(tweakFields.get(field.name) ?? []), node.id]);
    }
  }
  properties.session_id ??= {
    type: 'string',
    description: 'Optional session identifier used to persist conversation history across tool calls. Omit to start a new session.',
  };
  return { inputSchema: { type: 'object', properties, required }, tweakFields };
}

const SCHEMA_TYPES: Record<FieldKind, string> = {
  str: 'string',
  multiline: 'string',
  prompt: 'string',
  dropdown: 'string',
  secret: 'string',
  file: 'string',
  code: 'string',
  int: 'integer',
  float: 'number',
  slider: 'number',
  bool: 'boolean',
  dict: 'object',
};

function schemaType(kind: FieldKind, list: boolean | undefined): Pick<JsonSchemaProperty, 'type' | 'items'> {
  const type = SCHEMA_TYPES[kind];
  return list ? { type: 'array', items: { type } } : { type };
}
