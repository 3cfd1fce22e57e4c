/** Building the Tool a component in tool mode hands to an Agent over its `component_as_tool` output. */
import { TOOL_OUTPUT, toolName, type Tool, type ToolParameters } from '../../engine/tool.js';
import type { OutputSpec } from '../../../shared/component-spec.js';

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
