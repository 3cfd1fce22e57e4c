/**
 * A small picture of a flow: its nodes as boxes where they stand on the canvas and its edges as
 * curves, scaled to fit. Drawn from the flow's own data, so every starter (and any flow) has one.
 */
import { isComponentNode, type FlowData } from '../../../shared/flow.js';

/** The size a node is drawn at, in canvas units (about a node's size on the canvas). */
const NODE_W = 320;
const NODE_H = 220;
const NOTE_H = 160;

export function FlowPicture({ data, label }: { data: FlowData; label: string }) {
  const boxes = new Map(
    data.nodes.map((node) => [node.id, { x: node.position.x, y: node.position.y, h: isComponentNode(node) ? NODE_H : NOTE_H, note: !isComponentNode(node) }]),
  );
  if (boxes.size === 0) return null;
  const all = [...boxes.values()];
  const minX = Math.min(...all.map((b) => b.x)) - 40;
  const minY = Math.min(...all.map((b) => b.y)) - 40;
  const width = Math.max(...all.map((b) => b.x + NODE_W)) + 40 - minX;
  const height = Math.max(...all.map((b) => b.y + b.h)) + 40 - minY;
  return (
    <svg className="flow-picture" viewBox={`${minX} ${minY} ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={label}>
      {data.edges.map((edge) => {
        const from = boxes.get(edge.source);
        const to = boxes.get(edge.target);
        if (!from || !to) return null;
        const x1 = from.x + NODE_W;
        const y1 = from.y + from.h / 2;
        const x2 = to.x;
        const y2 = to.y + to.h / 2;
        const bend = Math.max(60, Math.abs(x2 - x1) / 2);
        return <path key={edge.id} className="flow-picture-edge" d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`} />;
      })}
      {data.nodes.map((node) => {
        const box = boxes.get(node.id)!;
        return <rect key={node.id} className={box.note ? 'flow-picture-note' : 'flow-picture-node'} x={box.x} y={box.y} width={NODE_W} height={box.h} rx={24} />;
      })}
    </svg>
  );
}
