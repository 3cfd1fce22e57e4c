/**
 * Langflow's MCP fields of a flow (`mcp_enabled`, `action_name`, `action_description`) as a create or
 * update body sets them: read with the body's other fields, applied to the stored flow (a field set
 * to null, or a name set to "", goes back to its default).
 */
import type { Flow } from '../../shared/flow.js';
import type { BodyChecker, JsonObject } from './body-checks.js';

export type McpField = 'mcp_enabled' | 'action_name' | 'action_description';
export type McpPatch = { [K in McpField]?: Flow[K] | null };

/** Reads Langflow's `mcp_enabled`, `action_name`, `action_description` from a body (null or "" clears one). */
export function readMcpPatch(body: JsonObject, check: BodyChecker): McpPatch {
  const patch: McpPatch = {};
  const enabled = check.boolean('mcp_enabled', { nullable: true });
  const name = check.string('action_name', { nullable: true, maxLength: 500 });
  const description = check.string('action_description', { nullable: true, maxLength: 100_000 });
  if (enabled !== undefined || body.mcp_enabled === null) patch.mcp_enabled = enabled ?? null;
  if (name !== undefined || body.action_name === null) patch.action_name = name?.trim() || null;
  if (description !== undefined || body.action_description === null) patch.action_description = description?.trim() || null;
  return patch;
}

/** The MCP fields a patch (or a flow) sets, without the cleared ones: what exports write. */
export function mcpValues(patch: McpPatch): Pick<Flow, McpField> {
  const out: Pick<Flow, McpField> = {};
  if (patch.mcp_enabled != null) out.mcp_enabled = patch.mcp_enabled;
  if (patch.action_name != null) out.action_name = patch.action_name;
  if (patch.action_description != null) out.action_description = patch.action_description;
  return out;
}

/** `flow` with the MCP fields of `patch` set, and those it clears removed. */
export function withMcpFields(flow: Flow, patch: McpPatch): Flow {
  const next: Flow = { ...flow, ...mcpValues(patch) };
  for (const key of ['mcp_enabled', 'action_name', 'action_description'] as const) if (patch[key] === null) delete next[key];
  return next;
}
