/**
 * A tool an Agent can call: what a component in tool mode hands over its `component_as_tool`
 * output (Langflow's "Toolset"). The model sees the name, description and JSON-schema parameters;
 * calling it runs the component with the model's arguments and gives back text.
 */

/** One argument's JSON schema (a tool from an MCP server may use any JSON-schema keyword: anyOf, default, $ref…). */
export interface ToolProperty {
  type?: string;
  description?: string;
  items?: { type: string };
  enum?: string[];
  [keyword: string]: unknown;
}

/** The JSON schema of a tool's arguments: always an object. */
export interface ToolParameters {
  type: 'object';
  properties: Record<string, ToolProperty>;
  required?: string[];
  [keyword: string]: unknown;
}

export interface Tool {
  /** Letters, digits, `_` and `-` only (what every provider accepts). */
  readonly name: string;
  readonly description: string;
  readonly parameters: ToolParameters;
  /** Runs the tool; the answer is text for the model. Rejects on failure (the agent reports the error to the model). */
  invoke(args: Record<string, unknown>, signal: AbortSignal): Promise<string>;
}

export const TOOL_OUTPUT = 'component_as_tool';

export function isTool(value: unknown): value is Tool {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Tool).name === 'string' &&
    typeof (value as Tool).invoke === 'function' &&
    typeof (value as Tool).parameters === 'object'
  );
}

/** A name every provider accepts: other characters become `_`, at most 64 of them. */
export function toolName(raw: string): string {
  const cleaned = raw.trim().replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return (cleaned || 'tool').slice(0, 64);
}
