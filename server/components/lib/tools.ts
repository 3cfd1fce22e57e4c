/** Building the Tool a component in tool mode hands to an Agent over its `component_as_tool` output. */
import { TOOL_OUTPUT, toolName, type Tool, type ToolParameters } from '../../engine/tool.js';
import type { FieldSpec, OutputSpec } from '../../../shared/component-spec.js';

export { TOOL_OUTPUT };

/** Langflow's name and type for the tool output ("Toolset"). */
export const TOOL_OUTPUT_SPEC: OutputSpec = { name: TOOL_OUTPUT, display_name: 'Toolset', types: ['Tool'] };

export function makeTool(name: string, description: string, parameters: ToolParameters, invoke: Tool['invoke']): Tool {
  return { name: toolName(name), description, parameters, invoke };
}

/** Text of a value for the model: strings as is, everything else as JSON. */
export function toolText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? '';
}

/**
 * Langflow's "Actions" table of a component in tool mode (`tools_metadata`): one row per tool, by
 * its tag, with the name and description the agent sees and a status that turns it off.
 */
export const TOOLS_METADATA_FIELD: FieldSpec = {
  name: 'tools_metadata',
  display_name: 'Actions',
  kind: 'dict',
  default: [],
  advanced: true,
  info: 'In tool mode: rows of {name, description, status, tags}. A row renames the tool or rewrites its description for the agent; status false takes the tool away. Empty: the tool as it is.',
};

/**
 * The tool as Langflow's `update_tools_metadata` leaves it: the row for it (tagged with its name,
 * or the one row: a Flowdesk component has one tool) gives its name and description (with the
 * row's commands, in Langflow's words); a row with status false, or rows none of which is for it,
 * leave no tool. No rows: the tool unchanged.
 */
export function withToolsMetadata(tool: Tool, metadata: unknown): Tool | Tool[] {
  const rows = (Array.isArray(metadata) ? metadata : []).filter((row): row is Record<string, unknown> => typeof row === 'object' && row !== null && !Array.isArray(row));
  if (rows.length === 0) return tool;
  const tagOf = (row: Record<string, unknown>) => (Array.isArray(row.tags) ? row.tags[0] : undefined);
  const row = rows.find((r) => tagOf(r) === tool.name) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row || row.status === false) return [];
  const name = typeof row.name === 'string' && row.name.trim() ? toolName(row.name) : tool.name;
  let description = typeof row.description === 'string' ? row.description : tool.description;
  if (typeof row.commands === 'string' && row.commands) {
    description = `very_time you see one of those commands ${row.commands} run the tool. tool description is ${description}`;
  }
  return { name, description, parameters: tool.parameters, invoke: tool.invoke };
}

/**
 * The Toolset output, when some edge reads it: `tool()` as the node's Actions table (`tools_metadata`)
 * leaves it. Nothing otherwise, so a component builds its other outputs on the object returned.
 */
export function toolOutput(ctx: { wants(output: string): boolean }, metadata: unknown, tool: () => Tool): Record<string, unknown> {
  return ctx.wants(TOOL_OUTPUT) ? { [TOOL_OUTPUT]: withToolsMetadata(tool(), metadata) } : {};
}

/**
 * A tool of one required text argument, `argument` (as Langflow names the tool-mode field it fills),
 * described by `info`. A model that names it otherwise (`query`, `input`) is understood too.
 */
export function textArgumentTool(name: string, description: string, argument: string, info: string, invoke: (value: unknown, signal: AbortSignal) => Promise<string>): Tool {
  return makeTool(name, description, { type: 'object', properties: { [argument]: { type: 'string', description: info } }, required: [argument] }, (args, signal) =>
    invoke(args[argument] ?? args.query ?? args.input, signal),
  );
}

/** Rows for the model: their data as JSON. */
export function rowsText(rows: readonly { data: unknown }[]): string {
  return toolText(rows.map((row) => row.data));
}
