/**
 * What would stop a run, found in the browser before one is attempted: unknown components, required
 * inputs left empty and unconnected, edges to missing ports or of mismatched types, cycles.
 */
import { typesCompatible } from '../../../shared/component-spec.js';
import type { ViewEdge, ViewNode } from './flow-mapping.js';
import { fieldsFor, fieldValue, type SpecIndex } from './specs.js';

/** node id → problems concerning it. */
export type ProblemMap = ReadonlyMap<string, string[]>;

export function findProblems(nodes: readonly ViewNode[], edges: readonly ViewEdge[], specs: SpecIndex): ProblemMap {
  const problems = new Map<string, string[]>();
  const add = (nodeId: string, text: string) => problems.set(nodeId, [...(problems.get(nodeId) ?? []), text]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const fed = new Set(edges.map((e) => `${e.target}\u0000${e.targetHandle ?? ''}`));

  for (const node of nodes) {
    if (node.type !== 'component') continue;
    const spec = specs.get(node.data.type);
    if (!spec) {
      add(node.id, `Unsupported component type “${node.data.type}”`);
      continue;
    }
    for (const field of fieldsFor(spec, node.data.values)) {
      if (!field.required || fed.has(`${node.id}\u0000${field.name}`) || node.data.globals[field.name]) continue;
      const value = fieldValue(field, node.data.values);
      if (value === undefined || value === null || value === '') add(node.id, `${field.display_name} is required: fill it in or connect it`);
    }
  }

  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source?.type !== 'component' || target?.type !== 'component') continue;
    const sourceSpec = specs.get(source.data.type);
    const targetSpec = specs.get(target.data.type);
    if (!sourceSpec || !targetSpec) continue;
    const output = sourceSpec.outputs.find((o) => o.name === edge.sourceHandle);
    const field = fieldsFor(targetSpec, target.data.values).find((f) => f.name === edge.targetHandle);
    if (!output) add(source.id, `No output “${edge.sourceHandle}”`);
    else if (!field) add(target.id, `No input “${edge.targetHandle}”`);
    else if (!typesCompatible(output.types, field.input_types)) add(target.id, `${field.display_name} cannot take ${output.types.join(' | ')}`);
    // A Loop's back edge (into the field named like its allows_loop output) is the one allowed cycle; the server checks its shape.
    if (targetSpec.outputs.some((o) => o.allows_loop === true && o.name === edge.targetHandle)) continue;
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }

  for (const cycle of findCycles(next)) {
    for (const nodeId of cycle) add(nodeId, `Part of a cycle: ${cycle.map((id) => displayOf(byId.get(id), specs)).join(' → ')}`);
  }
  return problems;
}

function displayOf(node: ViewNode | undefined, specs: SpecIndex): string {
  if (node?.type !== 'component') return node?.id ?? '?';
  return node.data.displayName ?? specs.get(node.data.type)?.display_name ?? node.id;
}

/** Each strongly connected group of more than one node (or a self-loop), by Tarjan's algorithm. */
function findCycles(next: ReadonlyMap<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];

  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, indices.get(w) ?? 0));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(group.reverse());
    }
  };
  for (const v of next.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}
