/**
 * Langflow's "MCP Tools" (`MCPTools`): the tools of an MCP server the user configured (Settings →
 * MCP Servers, `/api/v2/mcp/servers`), for an Agent (every tool the server lists, over the Toolset
 * output) or run once (the chosen `tool`, its arguments as the node's other fields, answered as a
 * DataFrame). The server is looked up by name in the stored settings only: a configuration carried
 * in the flow or a tweak is not used, so neither can start a program.
 */
import { makeData, type Data } from '../../shared/data.js';
import type { FieldSpec } from '../../shared/component-spec.js';
import type { McpServerConfig } from '../../shared/mcp.js';
import { isMessage } from '../../shared/message.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TextStream } from '../engine/text-stream.js';
import type { Tool, ToolParameters } from '../engine/tool.js';
import { DEFAULT_MCP_TIMEOUT_MS, connectMcp, mcpTimeoutMs, toolResultRows, toolResultText, variableResolver, type McpConnection, type McpToolInfo } from './lib/mcp-client.js';
import { TOOL_OUTPUT, TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, withToolsMetadata } from './lib/tools.js';

/** How long "Use Cached Server" keeps a server's tool list. */
export const TOOL_CACHE_MS = 5 * 60_000;
const TOOL_CACHE_MAX = 64;
const WHERE = 'Settings → MCP Servers, or POST /api/v2/mcp/servers/{name} with {"command", "args", "env"} or {"url", "headers"}';

const STATIC_FIELDS = [
  {
    name: 'mcp_server',
    display_name: 'MCP Server',
    kind: 'dict',
    default: {},
    info: `The MCP server, by name ({"name": ...} as Langflow saves it): one configured in ${WHERE}. A configuration saved in the flow is not used.`,
  },
  {
    name: 'use_cache',
    display_name: 'Use Cached Server',
    kind: 'bool',
    default: false,
    advanced: true,
    info: `Keep the server's tool list for ${TOOL_CACHE_MS / 60_000} minutes (the server is then started only when a tool is called). Off: list the tools afresh on every run.`,
  },
  {
    name: 'verify_ssl',
    display_name: 'Verify SSL Certificate',
    kind: 'bool',
    default: true,
    advanced: true,
    info: 'Flowdesk always verifies HTTPS certificates: turned off, an https server is refused (use http for a local server).',
  },
  {
    name: 'headers',
    display_name: 'Headers',
    kind: 'dict',
    default: {},
    advanced: true,
    info: "HTTP headers for a URL server's requests, over the ones of its settings.",
  },
  {
    name: 'tool_execution_timeout',
    display_name: 'Tool Execution Timeout (seconds)',
    kind: 'float',
    default: 0,
    advanced: true,
    range: { min: 0, max: 3600, step: 0.01 },
    info: `Longest wait for connecting and for each call. 0: LANGFLOW_MCP_SERVER_TIMEOUT (seconds) if set, else ${DEFAULT_MCP_TIMEOUT_MS / 1000}.`,
  },
  {
    name: 'tool',
    display_name: 'Tool',
    kind: 'dropdown',
    options: [],
    combobox: true,
    default: '',
    info: "The tool to run for the Response output; its arguments are the node's other fields.",
  },
  {
    name: 'tool_placeholder',
    display_name: 'Tool Placeholder',
    kind: 'str',
    default: '',
    input_types: ['Message'],
    advanced: true,
    info: 'Placeholder for the tool',
  },
  TOOLS_METADATA_FIELD,
] as const satisfies readonly FieldSpec[];

const STATIC_NAMES = new Set<string>(STATIC_FIELDS.map((f) => f.name));
/** Fields of Langflow 1.4's MCP Connection: never tool arguments (a command comes from the settings only). */
const LEGACY_FIELDS = new Set(['mode', 'command', 'env', 'sse_url', 'headers_input', 'code']);

export default defineComponent({
  type: 'MCPTools',
  display_name: 'MCP Tools',
  description: 'Connect to an MCP server to use its tools.',
  category: 'Agents',
  icon: 'Mcp',
  fields: STATIC_FIELDS,
  outputs: [{ name: 'response', display_name: 'Response', types: ['DataFrame'] }, TOOL_OUTPUT_SPEC],

  /** The chosen tool's arguments, as Langflow adds them to the node (one field per argument). */
  dynamicFields(values) {
    return Object.entries(values)
      .filter(([name]) => !STATIC_NAMES.has(name) && !LEGACY_FIELDS.has(name) && !name.startsWith('_'))
      .map(([name, value]): FieldSpec => ({ name, display_name: name, ...argumentKind(value), dynamic: true }));
  },

  async run(inputs, ctx) {
    const server = serverOf(inputs.mcp_server, ctx);
    const session = new McpSession(server.name, server.config, inputs, ctx);
    const outputs: Record<string, unknown> = {};
    if (ctx.wants(TOOL_OUTPUT)) {
      const infos = await session.tools();
      outputs[TOOL_OUTPUT] = infos.flatMap((info) => {
        const tool = agentTool(info, session);
        const rows = metadataRows(inputs.tools_metadata).filter((row) => Array.isArray(row.tags) && row.tags[0] === info.name);
        const shaped = withToolsMetadata(tool, rows);
        return Array.isArray(shaped) ? shaped : [shaped];
      });
    }
    if (ctx.wants('response')) outputs.response = await response(session, inputs);
    return outputs;
  },
});

interface ChosenServer {
  name: string;
  config: McpServerConfig;
}

/** The server the node names, from the stored settings only. */
function serverOf(value: unknown, ctx: RunContext): ChosenServer {
  const raw = typeof value === 'string' ? value : typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).name : undefined;
  const name = typeof raw === 'string' ? raw.trim() : '';
  const known = ctx.mcp.names();
  const listed = known.length > 0 ? ` Configured: ${known.map((n) => `"${n}"`).join(', ')}.` : ' None is configured yet.';
  if (!name) throw new Error(`MCP Tools has no MCP server chosen: set its MCP Server field to the name of a server configured in ${WHERE}.${listed}`);
  const config = ctx.mcp.server(name);
  if (!config) throw new Error(`MCP server "${name}" is not configured on this Flowdesk: add it in ${WHERE}.${listed}`);
  return { name, config };
}

/** One node's use of its server in one run: connected on first need, closed when the run ends. */
class McpSession {
  readonly #name: string;
  readonly #config: McpServerConfig;
  readonly #inputs: FieldValues;
  readonly #ctx: RunContext;
  readonly timeoutMs: number;
  #connection: Promise<McpConnection> | undefined;

  constructor(name: string, config: McpServerConfig, inputs: FieldValues, ctx: RunContext) {
    this.#name = name;
    this.#inputs = inputs;
    this.#ctx = ctx;
    this.timeoutMs = mcpTimeoutMs(inputs.tool_execution_timeout, ctx.env);
    const fieldHeaders = headersOf(inputs.headers);
    this.#config = Object.keys(fieldHeaders).length > 0 && config.url ? { ...config, headers: { ...config.headers, ...fieldHeaders } } : config;
    if (this.#config.url && /^https:/i.test(this.#config.url) && inputs.verify_ssl === false) {
      throw new Error(`MCP server "${name}": Flowdesk always verifies HTTPS certificates, so Verify SSL Certificate cannot be turned off; turn it on (or serve a local server over http)`);
    }
  }

  connection(): Promise<McpConnection> {
    if (!this.#connection) {
      const ctx = this.#ctx;
      this.#connection = connectMcp(this.#name, this.#config, { http: ctx.http, timeoutMs: this.timeoutMs, signal: ctx.signal, resolveValue: variableResolver(ctx.variables) });
      this.#connection.then(
        (connection) => ctx.onRunEnd(() => connection.close()),
        () => undefined,
      );
    }
    return this.#connection;
  }

  async tools(): Promise<McpToolInfo[]> {
    const key = this.#inputs.use_cache === true ? cacheKey(this.#name, this.#config) : undefined;
    const cached = key ? TOOL_CACHE.get(key) : undefined;
    if (cached && cached.until > Date.now()) return cached.tools;
    const tools = await (await this.connection()).tools();
    if (key) {
      TOOL_CACHE.delete(key);
      if (TOOL_CACHE.size >= TOOL_CACHE_MAX) TOOL_CACHE.delete(TOOL_CACHE.keys().next().value as string);
      TOOL_CACHE.set(key, { tools, until: Date.now() + TOOL_CACHE_MS });
    }
    return tools;
  }

  async call(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
    return (await this.connection()).call(name, args, signal);
  }
}

const TOOL_CACHE = new Map<string, { tools: McpToolInfo[]; until: number }>();

function cacheKey(name: string, config: McpServerConfig): string {
  return JSON.stringify([name, config]);
}

function agentTool(info: McpToolInfo, session: McpSession): Tool {
  return makeTool(info.name, info.description || info.name, toolParameters(info), async (args, signal) => {
    const result = await session.call(info.name, args, signal);
    const text = toolResultText(result);
    if (result.isError) throw new Error(text || `the tool ${info.name} failed`);
    return text;
  });
}

/** The tool's input schema as the model sees it: a JSON-schema object. */
function toolParameters(info: McpToolInfo): ToolParameters {
  const { $schema: _schema, ...schema } = info.inputSchema as Record<string, unknown>;
  return { ...schema, type: 'object', properties: (info.inputSchema.properties ?? {}) as ToolParameters['properties'] };
}

/** The Response output: the chosen tool run with the node's fields as its arguments, as Langflow's rows. */
async function response(session: McpSession, inputs: FieldValues): Promise<Data[]> {
  const chosen = typeof inputs.tool === 'string' ? inputs.tool.trim() : '';
  if (!chosen) return [makeData({ error: 'You must select a tool' }, 'error')];
  const tools = await session.tools();
  const info = tools.find((t) => t.name === chosen);
  if (!info) throw new Error(`The MCP server has no tool "${chosen}"; its tools are ${tools.map((t) => t.name).join(', ') || 'none'}`);
  const result = await session.call(info.name, await toolArguments(info, inputs));
  return toolResultRows(result).map((row) => makeData(row, 'text'));
}

/** Langflow's `_build_tool_kwargs`: each argument of the schema from the node's field of that name; blank optional ones left out. */
async function toolArguments(info: McpToolInfo, inputs: FieldValues): Promise<Record<string, unknown>> {
  const properties = (info.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set(info.inputSchema.required ?? []);
  const args: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    let value = inputs[name];
    if (isMessage(value) || value instanceof TextStream) value = await resolveText(value);
    value = coerce(value, schema);
    if (value === undefined || value === null) continue;
    if (!required.has(name) && (value === '' || (isPlainObject(value) && Object.keys(value).length === 0))) continue;
    args[name] = value;
  }
  return args;
}

/** A text value for a number or boolean argument (a tweak or an edge gives text) as that type. */
function coerce(value: unknown, schema: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const type = schema.type;
  const text = value.trim();
  if ((type === 'number' || type === 'integer') && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if ((type === 'object' || type === 'array') && text !== '') {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** The field for an argument's saved value. */
function argumentKind(value: unknown): Pick<FieldSpec, 'kind' | 'default' | 'input_types'> {
  if (typeof value === 'boolean') return { kind: 'bool', default: false };
  if (typeof value === 'number') return { kind: 'float', default: 0 };
  if (typeof value === 'object' && value !== null) return { kind: 'dict', default: {} };
  return { kind: 'str', default: '', input_types: ['Message'] };
}

/** Langflow's Headers value: an object, or a list of {key, value} rows. */
function headersOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const row of value) if (isPlainObject(row) && typeof row.key === 'string' && row.key && row.value !== undefined) out[row.key] = String(row.value);
  } else if (isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

function metadataRows(value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : []).filter(isPlainObject);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
