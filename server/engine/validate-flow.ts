/**
 * Checks a flow against the registry before it runs: unknown components, dangling or mistyped
 * edges, edges touching notes, cycles. `findFlowProblems` lists them all (for the editor);
 * `validateFlow` throws one InvalidFlowError naming the nodes concerned.
 */
import { typesCompatible, type FieldSpec } from '../../shared/component-spec.js';
import { InvalidFlowError } from '../../shared/errors.js';
import { isComponentNode, type ComponentNode, type FlowData, type FlowEdge } from '../../shared/flow.js';
import type { ComponentDefinition, FieldValues, Registry } from './define-component.js';
import { findLoops, isBackEdge, type LoopShape } from './loop-graph.js';

export interface FlowProblem {
  message: string;
  /** The nodes the problem concerns, for highlighting. */
  nodeIds: string[];
  edgeId?: string;
}

/** Per-run field values that take precedence over a node's saved ones (tweaks, the run's input). */
export type NodeOverrides = ReadonlyMap<string, Readonly<FieldValues>>;

/** A component node with its definition and its fields for its current values. */
export interface CheckedNode {
  node: ComponentNode;
  def: ComponentDefinition;
  fields: readonly FieldSpec[];
  /** The node's values with this run's overrides applied. */
  values: Readonly<FieldValues>;
}

export interface FlowAnalysis {
  problems: FlowProblem[];
  /** Component nodes of a known type, in flow order. */
  nodes: CheckedNode[];
  /** Edges between component nodes that passed every check. */
  edges: FlowEdge[];
  /** The flow's Loops, with their bodies and back edges. */
  loops: LoopShape[];
}

export function analyzeFlow(flow: FlowData, registry: Registry, overrides?: NodeOverrides): FlowAnalysis {
  const problems: FlowProblem[] = [];
  const nodes: CheckedNode[] = [];
  const byId = new Map<string, CheckedNode | 'note' | 'unknown'>();

  for (const node of flow.nodes) {
    if (byId.has(node.id)) {
      problems.push({ message: `Two nodes share the id ${node.id}`, nodeIds: [node.id] });
      continue;
    }
    if (!isComponentNode(node)) {
      byId.set(node.id, 'note');
      continue;
    }
    const def = registry.get(node.data.type);
    if (!def) {
      byId.set(node.id, 'unknown');
      const mark = node.data.unsupported;
      const message = !mark
        ? `Node ${node.id} uses an unsupported component type "${node.data.type}"`
        : mark.kind === 'custom_code'
          ? `Node ${node.id} (${node.data.type}) is custom Python code from Langflow, which Flowdesk cannot run`
          : `Node ${node.id} (${node.data.type}) is a Langflow component that is not available in Flowdesk`;
      problems.push({ message, nodeIds: [node.id] });
      continue;
    }
    const override = overrides?.get(node.id);
    const values = override ? { ...node.data.values, ...override } : node.data.values;
    const checked: CheckedNode = { node, def, fields: registry.fieldsFor(def, values), values };
    byId.set(node.id, checked);
    nodes.push(checked);
  }

  const edges: FlowEdge[] = [];
  for (const edge of flow.edges) {
    const problem = edgeProblem(edge, byId);
    if (problem) problems.push(problem);
    else edges.push(edge);
  }
  // A Loop's back edge is the one legal cycle: left out of the cycle search, checked by findLoops.
  const defs = new Map(nodes.map((c) => [c.node.id, c.def]));
  const forward = edges.filter((edge) => !isBackEdge(edge, defs.get(edge.target)));
  for (const cycle of findCycles(nodes, forward)) {
    problems.push({ message: `Flow has a cycle: ${cycle.join(' → ')}`, nodeIds: [...new Set(cycle)] });
  }
  const { loops, problems: loopProblems } = findLoops(defs, edges);
  problems.push(...loopProblems);
  return { problems, nodes, edges, loops };
}

export function findFlowProblems(flow: FlowData, registry: Registry, overrides?: NodeOverrides): FlowProblem[] {
  return analyzeFlow(flow, registry, overrides).problems;
}

/** Throws InvalidFlowError listing every problem; returns the analysis when there is none. */
export function validateFlow(flow: FlowData, registry: Registry, overrides?: NodeOverrides): FlowAnalysis {
  const analysis = analyzeFlow(flow, registry, overrides);
  if (analysis.problems.length > 0) {
    const nodeIds = [...new Set(analysis.problems.flatMap((p) => p.nodeIds))];
    throw new InvalidFlowError(analysis.problems.map((p) => p.message).join('; '), nodeIds);
  }
  return analysis;
}

function edgeProblem(edge: FlowEdge, byId: ReadonlyMap<string, CheckedNode | 'note' | 'unknown'>): FlowProblem | undefined {
  const at = (message: string, nodeIds: string[]): FlowProblem => ({
    message: `Edge ${edge.source} → ${edge.target}: ${message}`,
    nodeIds,
    edgeId: edge.id,
  });
  const source = byId.get(edge.source);
  const target = byId.get(edge.target);
  if (!source) return at(`node ${edge.source} does not exist`, target ? [edge.target] : []);
  if (!target) return at(`node ${edge.target} does not exist`, [edge.source]);
  if (source === 'note' || target === 'note') {
    const note = source === 'note' ? edge.source : edge.target;
    return at(`${note} is a note; notes cannot be connected`, [edge.source, edge.target]);
  }
  // Edges of unsupported components are not checked further: the node itself is reported.
  if (source === 'unknown' || target === 'unknown') return undefined;

  const output = source.def.outputs.find((o) => o.name === edge.sourceHandle);
  if (!output) return at(`${edge.source} (${source.def.display_name}) has no output "${edge.sourceHandle}"`, [edge.source]);
  const field = target.fields.find((f) => f.name === edge.targetHandle);
  if (!field) return at(`${edge.target} (${target.def.display_name}) has no field "${edge.targetHandle}"`, [edge.target]);
  if (!field.input_types || field.input_types.length === 0) {
    return at(`field "${field.name}" of ${edge.target} (${target.def.display_name}) cannot be connected`, [edge.target]);
  }
  if (!typesCompatible(output.types, field.input_types)) {
    return at(
      `output "${output.name}" gives ${output.types.join(' | ')} but field "${field.name}" accepts ${field.input_types.join(' | ')}`,
      [edge.source, edge.target],
    );
  }
  return undefined;
}

/** Cycles among valid edges, each as a node path that ends where it starts. */
function findCycles(nodes: readonly CheckedNode[], edges: readonly FlowEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const edge of edges) {
    const list = next.get(edge.source);
    if (list) list.push(edge.target);
    else next.set(edge.source, [edge.target]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const path: string[] = [];

  const visit = (id: string): void => {
    state.set(id, 'open');
    path.push(id);
    for (const target of next.get(id) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') cycles.push([...path.slice(path.indexOf(target)), target]);
      else if (seen === undefined) visit(target);
    }
    path.pop();
    state.set(id, 'done');
  };
  for (const { node } of nodes) if (!state.has(node.id)) visit(node.id);
  return cycles;
}
