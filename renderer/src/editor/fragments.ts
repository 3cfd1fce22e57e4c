/** Pieces of a flow (nodes and the edges among them) for copy, paste, duplicate and undo snapshots. Pure. */
import { edgeId, type ViewEdge, type ViewNode } from './flow-mapping.js';

export interface Fragment {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

/** A node without React Flow's state (selection, measurements, dragging). */
export function stripNode(node: ViewNode): ViewNode {
  const { id, type, position, data } = node;
  return { id, type, position: { ...position }, data } as ViewNode;
}

export function stripEdge(edge: ViewEdge): ViewEdge {
  const { id, source, sourceHandle, target, targetHandle } = edge;
  return { id, source, sourceHandle, target, targetHandle };
}

export function unselect<T extends { selected?: boolean }>(item: T): T {
  return item.selected ? { ...item, selected: false } : item;
}

/** What undo restores: the flow without React Flow's state. */
export function snapshot(nodes: readonly ViewNode[], edges: readonly ViewEdge[]): Fragment {
  return { nodes: nodes.map(stripNode), edges: edges.map(stripEdge) };
}

/** The selected nodes and the edges between them, or null when nothing is selected. */
export function selectedFragment(nodes: readonly ViewNode[], edges: readonly ViewEdge[]): Fragment | null {
  const picked = nodes.filter((n) => n.selected);
  if (picked.length === 0) return null;
  const ids = new Set(picked.map((n) => n.id));
  return { nodes: structuredClone(picked.map(stripNode)), edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(stripEdge) };
}

/**
 * A copy of a fragment to add to a flow: every node gets a fresh id from `newId` (given the node's
 * component type, or `note`), moves by `offset` and is selected; edges follow their nodes.
 */
export function placeFragment(fragment: Fragment, offset: number, newId: (type: string, taken: ReadonlySet<string>) => string): Fragment {
  const ids = new Map<string, string>();
  const nodes = fragment.nodes.map((node) => {
    const id = newId(node.type === 'component' ? node.data.type : 'note', new Set(ids.values()));
    ids.set(node.id, id);
    return { ...structuredClone(node), id, position: { x: node.position.x + offset, y: node.position.y + offset }, selected: true } as ViewNode;
  });
  const edges = fragment.edges.map((e) => {
    const source = ids.get(e.source) as string;
    const target = ids.get(e.target) as string;
    return { ...e, id: edgeId(source, e.sourceHandle ?? '', target, e.targetHandle ?? ''), source, target };
  });
  return { nodes, edges };
}
