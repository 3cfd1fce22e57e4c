/**
 * The shape of a flow's loops. A Loop node's body is every node reachable from its item output;
 * the back edge is an edge into the Loop's feedback field, and it is the one cycle a flow may have.
 * A body must bring its back edge home, must not also hang off the Loop's done output, and (for
 * now) must not hold another Loop.
 */
import type { FlowEdge } from '../../shared/flow.js';
import type { ComponentDefinition } from './define-component.js';

export interface LoopShape {
  /** The Loop node's id. */
  readonly loop: string;
  /** The ids of the nodes its item output reaches (back edges not followed), in no order. */
  readonly body: ReadonlySet<string>;
  /** The edges into its feedback field. */
  readonly backEdges: readonly FlowEdge[];
}

export interface LoopProblem {
  message: string;
  nodeIds: string[];
  edgeId?: string;
}

/** Whether the edge feeds a Loop's feedback field (the definition is the target's). */
export function isBackEdge(edge: FlowEdge, target: ComponentDefinition | undefined): boolean {
  return target?.loop !== undefined && edge.targetHandle === target.loop.feedbackField;
}

/** Every loop of the flow, given its checked edges and each component node's definition by id. */
export function findLoops(defs: ReadonlyMap<string, ComponentDefinition>, edges: readonly FlowEdge[]): { loops: LoopShape[]; problems: LoopProblem[] } {
  const forward = new Map<string, FlowEdge[]>();
  const back = new Map<string, FlowEdge[]>();
  for (const edge of edges) {
    const into = isBackEdge(edge, defs.get(edge.target)) ? back : forward;
    const key = into === back ? edge.target : edge.source;
    const list = into.get(key);
    if (list) list.push(edge);
    else into.set(key, [edge]);
  }
  const reach = (from: string, output: string): Set<string> => {
    const seen = new Set<string>();
    const stack = (forward.get(from) ?? []).filter((e) => e.sourceHandle === output).map((e) => e.target);
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id) || id === from) continue;
      seen.add(id);
      for (const edge of forward.get(id) ?? []) stack.push(edge.target);
    }
    return seen;
  };

  const loops: LoopShape[] = [];
  const problems: LoopProblem[] = [];
  for (const [id, def] of defs) {
    if (!def.loop) continue;
    const name = `Loop ${id}`;
    const body = reach(id, def.loop.itemOutput);
    const after = reach(id, def.loop.doneOutput);
    const backEdges = back.get(id) ?? [];
    for (const edge of backEdges) {
      if (!body.has(edge.source)) {
        problems.push({
          message: `Edge ${edge.source} → ${id}: ${name}'s "${def.loop.feedbackField}" input must come back from a node its "${def.loop.itemOutput}" output feeds`,
          nodeIds: [edge.source, id],
          edgeId: edge.id,
        });
      }
    }
    for (const member of body) {
      if (after.has(member)) problems.push({ message: `Node ${member} is fed by both the "${def.loop.itemOutput}" and the "${def.loop.doneOutput}" output of ${name}`, nodeIds: [member, id] });
      if (defs.get(member)?.loop) problems.push({ message: `${name}'s body holds another Loop (${member}): loops inside a loop are not supported`, nodeIds: [member, id] });
    }
    loops.push({ loop: id, body, backEdges });
  }
  return { loops, problems };
}
