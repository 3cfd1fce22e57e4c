/**
 * The validated, pre-digested form of a flow that `runFlow` executes: per node its definition,
 * fields, incoming edges, dependents and the inputs that do not change between runs. Plans are
 * cached per FlowData object (stored flows are replaced, never mutated, so identity is a version).
 */
import type { ComponentRole, FieldSpec } from '../../shared/component-spec.js';
import type { FlowData } from '../../shared/flow.js';
import type { ComponentDefinition, FieldValues, LoopSpec, Registry } from './define-component.js';
import { validateFlow, type CheckedNode, type NodeOverrides } from './validate-flow.js';

/** A field fed by edges: its value is the last edge's, or the list of all of them for list fields. */
export interface PlannedInput {
  readonly field: string;
  readonly list: boolean;
  readonly sources: readonly { readonly node: number; readonly output: string }[];
}

export interface PlannedNode {
  readonly id: string;
  readonly index: number;
  readonly def: ComponentDefinition;
  readonly displayName: string;
  readonly role: ComponentRole;
  readonly fields: readonly FieldSpec[];
  readonly fieldNames: ReadonlySet<string>;
  /** Saved value, else default, of every field that is neither connected nor bound to a global variable. */
  readonly baseInputs: Readonly<FieldValues>;
  readonly connected: readonly PlannedInput[];
  readonly connectedNames: ReadonlySet<string>;
  /** Unconnected fields that take their value from a global variable. */
  /** Fields bound to a global variable; a non-secret one takes `fallback` (its default) when the variable is not found. */
  readonly globals: readonly { readonly field: string; readonly variable: string; readonly secret: boolean; readonly fallback: unknown }[];
  /** Indexes of the nodes this one feeds, once each. */
  readonly dependents: readonly number[];
  /** How many distinct nodes feed this one. */
  readonly dependencyCount: number;
  /** The outputs some edge reads; undefined when no edge leaves the node (then every output is wanted). */
  readonly wantedOutputs: ReadonlySet<string> | undefined;
  /** For a Loop node: its body and where each iteration's result comes back from. */
  readonly loop?: PlannedLoop;
  /** For a node of a Loop's body: the Loop's index. */
  readonly loopOf?: number;
}

/**
 * A Loop's body runs once per item. Outside the loop, the Loop stands for its body: it waits for
 * every node outside the body that feeds the body, and only the done side depends on it; a body
 * node's `dependencyCount` and `dependents` count only the Loop and the body.
 */
export interface PlannedLoop {
  readonly spec: LoopSpec;
  /** The body's nodes, in flow order. */
  readonly body: readonly number[];
  /** The body nodes the Loop's item output feeds. */
  readonly entries: readonly number[];
  /** The back edges' sources (the last one gives the result, as for any connected field). */
  readonly feedback: readonly { readonly node: number; readonly output: string }[];
}

export interface FlowPlan {
  /** Component nodes in flow order (notes are left out: they never run). */
  readonly nodes: readonly PlannedNode[];
  readonly byId: ReadonlyMap<string, PlannedNode>;
  /** Nodes fed by nobody: where a run starts. */
  readonly roots: readonly number[];
}

const cache = new WeakMap<FlowData, { registry: Registry; plan: FlowPlan }>();

/**
 * Validates the flow (throwing InvalidFlowError) and plans it. Overrides matter here only when they
 * touch a node whose fields depend on its values (a Prompt's template); otherwise the cached plan
 * serves and `runFlow` applies the overrides.
 */
export function planFlow(flow: FlowData, registry: Registry, overrides?: NodeOverrides): FlowPlan {
  if (overrides && changesFields(flow, registry, overrides)) return buildPlan(flow, registry, overrides);
  const cached = cache.get(flow);
  if (cached && cached.registry === registry) return cached.plan;
  const plan = buildPlan(flow, registry);
  cache.set(flow, { registry, plan });
  return plan;
}

function changesFields(flow: FlowData, registry: Registry, overrides: NodeOverrides): boolean {
  for (const node of flow.nodes) {
    if (node.type === 'component' && overrides.has(node.id) && registry.get(node.data.type)?.dynamicFields) return true;
  }
  return false;
}

function buildPlan(flow: FlowData, registry: Registry, overrides?: NodeOverrides): FlowPlan {
  const { nodes: checked, edges: allEdges, loops } = validateFlow(flow, registry, overrides);
  const indexOf = new Map<string, number>();
  checked.forEach((c, i) => indexOf.set(c.node.id, i));
  const loopOf = new Map<number, number>();
  const planned = new Map<number, { body: number[]; entries: Set<number>; feedback: { node: number; output: string }[] }>();
  const backEdges = new Set(loops.flatMap((l) => l.backEdges));
  for (const shape of loops) {
    const loop = indexOf.get(shape.loop) as number;
    const body = [...shape.body].map((id) => indexOf.get(id) as number).sort((a, b) => a - b);
    for (const member of body) loopOf.set(member, loop);
    const feedback = shape.backEdges.map((e) => ({ node: indexOf.get(e.source) as number, output: e.sourceHandle }));
    planned.set(loop, { body, entries: new Set(), feedback });
  }
  // Outside a loop, an edge into its body from outside it is an edge into the Loop (it waits for it).
  const edges: { source: number; target: number; sourceHandle: string; targetHandle: string; field: boolean }[] = [];
  for (const edge of allEdges) {
    if (backEdges.has(edge)) continue;
    const source = indexOf.get(edge.source) as number;
    const target = indexOf.get(edge.target) as number;
    const owner = loopOf.get(target);
    edges.push({ source, target, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle, field: true });
    if (owner === undefined) continue;
    if (source === owner) planned.get(owner)?.entries.add(target);
    else if (loopOf.get(source) !== owner) edges.push({ source, target: owner, sourceHandle: edge.sourceHandle, targetHandle: edge.targetHandle, field: false });
  }

  const incoming = checked.map(() => new Map<string, { node: number; output: string }[]>());
  const dependents = checked.map(() => new Set<number>());
  const dependencies = checked.map(() => new Set<number>());
  const wanted = checked.map(() => new Set<string>());
  for (const { source, target, sourceHandle, targetHandle, field } of edges) {
    wanted[source]?.add(sourceHandle);
    if (field) {
      const byField = incoming[target] as Map<string, { node: number; output: string }[]>;
      const sources = byField.get(targetHandle) ?? [];
      sources.push({ node: source, output: sourceHandle });
      byField.set(targetHandle, sources);
    }
    // Scheduling: a body node waits only for its Loop and the body (the Loop waits for the rest).
    const owner = loopOf.get(target);
    if (field && owner !== undefined && source !== owner && loopOf.get(source) !== owner) continue;
    dependents[source]?.add(target);
    dependencies[target]?.add(source);
  }
  for (const [loop, { body }] of planned) {
    for (const member of body) dependents[loop]?.delete(member);
  }
  for (const edge of backEdges) wanted[indexOf.get(edge.source) as number]?.add(edge.sourceHandle);

  const nodes = checked.map((c, index) => {
    const loop = planned.get(index);
    const owner = loopOf.get(index);
    return planNode(c, index, incoming[index] ?? new Map(), [...(dependents[index] ?? [])], dependencies[index]?.size ?? 0, wanted[index], {
      ...(loop ? { loop: { spec: c.def.loop as LoopSpec, body: loop.body, entries: [...loop.entries], feedback: loop.feedback } } : {}),
      ...(owner !== undefined ? { loopOf: owner } : {}),
    });
  });
  return {
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    roots: nodes.filter((n) => n.dependencyCount === 0 && n.loopOf === undefined).map((n) => n.index),
  };
}

function planNode(
  checked: CheckedNode,
  index: number,
  incoming: ReadonlyMap<string, { node: number; output: string }[]>,
  dependents: number[],
  dependencyCount: number,
  wanted: ReadonlySet<string> | undefined,
  loop: Pick<PlannedNode, 'loop' | 'loopOf'>,
): PlannedNode {
  const { node, def, fields, values } = checked;
  const bindings = node.data.global_variables ?? {};
  const connected: PlannedInput[] = [];
  const globals: { field: string; variable: string; secret: boolean; fallback: unknown }[] = [];
  const baseInputs: FieldValues = {};
  for (const field of fields) {
    const sources = incoming.get(field.name);
    const variable = bindings[field.name];
    if (sources) connected.push({ field: field.name, list: field.list === true, sources });
    else if (variable) globals.push({ field: field.name, variable, secret: field.kind === 'secret', fallback: field.default });
    else baseInputs[field.name] = values[field.name] !== undefined ? values[field.name] : field.default;
  }
  return {
    id: node.id,
    index,
    def,
    displayName: node.data.display_name || def.display_name,
    role: def.role ?? 'process',
    fields,
    fieldNames: new Set(fields.map((f) => f.name)),
    baseInputs,
    connected,
    connectedNames: new Set(connected.map((c) => c.field)),
    globals,
    dependents,
    dependencyCount,
    wantedOutputs: wanted && wanted.size > 0 ? wanted : undefined,
    ...loop,
  };
}
