/**
 * Langflow 1.x "group" nodes, flattened on import as Langflow does before it runs a flow
 * (`process_flow` / `ungroup_node` in Langflow's graph utils): a genericNode whose `data.node.flow`
 * holds a nested flow is replaced by its inner nodes and edges (groups inside groups first); the
 * group's template entries with a `proxy` {id, field} carry their value onto that inner node's field;
 * an outer edge into the group goes to the inner node its target handle's `proxy` names; an outer edge
 * out of the group leaves from the inner node its output's `proxy` names, else (as Langflow does) from
 * the inner node no inner edge leaves.
 */
import { copyJson, isObject, parseHandle, type JsonObject } from './flow-format-common.js';

/** A copy of the flow's `data` with every group node replaced by its contents. */
export function flattenGroups(data: JsonObject): JsonObject {
  if (!Array.isArray(data.nodes) || !data.nodes.some(isGroup)) return data;
  const flat = copyJson(data);
  let nodes = (flat.nodes as unknown[]).slice();
  let edges = Array.isArray(flat.edges) ? (flat.edges as unknown[]).slice() : [];
  for (let guard = 0; guard < 1000; guard++) {
    const group = nodes.find(isGroup) as JsonObject | undefined;
    if (!group) break;
    ({ nodes, edges } = ungroup(group, nodes, edges));
  }
  return { ...flat, nodes, edges };
}

function isGroup(node: unknown): boolean {
  return isObject(node) && isObject(node.data) && isObject(node.data.node) && isObject(node.data.node.flow) && isObject(node.data.node.flow.data);
}

function ungroup(group: JsonObject, nodes: unknown[], edges: unknown[]): { nodes: unknown[]; edges: unknown[] } {
  const groupId = group.id;
  const spec = (group.data as JsonObject).node as JsonObject;
  const inner = (spec.flow as JsonObject).data as JsonObject;
  const innerNodes = (Array.isArray(inner.nodes) ? inner.nodes : []).filter(isObject);
  const innerEdges = (Array.isArray(inner.edges) ? inner.edges : []).filter(isObject);
  const byId = new Map(innerNodes.map((n) => [n.id, n]));

  // The group's proxied field values go onto the inner nodes (their show/advanced/display name stay).
  const template = isObject(spec.template) ? spec.template : {};
  for (const entry of Object.values(template)) {
    if (!isObject(entry) || !isObject(entry.proxy)) continue;
    const target = byId.get(entry.proxy.id);
    const innerTemplate = target && isObject(target.data) && isObject(target.data.node) && isObject(target.data.node.template) ? target.data.node.template : undefined;
    const field = typeof entry.proxy.field === 'string' ? entry.proxy.field : undefined;
    if (!innerTemplate || !field || !isObject(innerTemplate[field])) continue;
    const old = innerTemplate[field];
    const { proxy: _proxy, ...value } = entry;
    // A group inside keeps its own proxy, so the next round still knows where the value goes.
    innerTemplate[field] = { ...value, show: old.show, advanced: old.advanced, display_name: old.display_name ?? old.name, ...(isObject(old.proxy) ? { proxy: old.proxy } : {}) };
  }

  const outputs = Array.isArray(spec.outputs) ? spec.outputs.filter(isObject) : [];
  const innerSources = new Set(innerEdges.map((e) => e.source));
  const lastNode = innerNodes.find((n) => !innerSources.has(n.id));

  const rewired: unknown[] = [];
  for (const raw of edges) {
    if (!isObject(raw) || (raw.source !== groupId && raw.target !== groupId)) {
      rewired.push(raw);
      continue;
    }
    const edge = copyJson(raw);
    const data = isObject(edge.data) ? edge.data : (edge.data = {});
    if (edge.target === groupId) {
      const handle = isObject(data.targetHandle) ? data.targetHandle : parseHandle(edge.targetHandle);
      const proxy = handle && isObject(handle.proxy) ? handle.proxy : undefined;
      if (!handle || !proxy || typeof proxy.id !== 'string' || typeof proxy.field !== 'string' || !byId.has(proxy.id)) continue;
      const { proxy: _proxy, ...rest } = handle;
      edge.target = proxy.id;
      // Into a group inside the group: the handle carries that group's proxy for the next round (as Langflow's set_new_target_handle).
      const innerNode = byId.get(proxy.id)!;
      const innerSpec = isObject(innerNode.data) && isObject(innerNode.data.node) ? innerNode.data.node : {};
      const innerEntry = isObject(innerSpec.template) ? innerSpec.template[proxy.field] : undefined;
      const next = isGroup(innerNode) && isObject(innerEntry) && isObject(innerEntry.proxy) ? { proxy: { ...innerEntry.proxy } } : {};
      data.targetHandle = { ...rest, fieldName: proxy.field, id: proxy.id, ...next };
      delete edge.targetHandle;
    }
    if (edge.source === groupId) {
      const handle = isObject(data.sourceHandle) ? data.sourceHandle : parseHandle(edge.sourceHandle);
      const output = outputs.find((o) => handle && o.name === handle.name);
      const proxy = output && isObject(output.proxy) ? output.proxy : undefined;
      const sourceId = proxy && typeof proxy.id === 'string' && byId.has(proxy.id) ? proxy.id : lastNode?.id;
      if (!handle || typeof sourceId !== 'string') continue;
      edge.source = sourceId;
      data.sourceHandle = { ...handle, id: sourceId, ...(proxy && typeof proxy.name === 'string' ? { name: proxy.name } : {}) };
      delete edge.sourceHandle;
    }
    delete edge.id;
    rewired.push(edge);
  }
  return { nodes: [...nodes.filter((n) => !isObject(n) || n.id !== groupId), ...innerNodes], edges: [...rewired, ...innerEdges] };
}
