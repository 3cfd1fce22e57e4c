/** Which edges may be drawn: an output may feed a field only when their port types meet. */
import { typesCompatible } from '../../../shared/component-spec.js';
import type { ComponentViewNode, ViewNode } from './flow-mapping.js';
import { fieldsFor, type SpecIndex } from './specs.js';

export interface ConnectionAttempt {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
  targetHandle?: string | null;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

export function checkConnection(attempt: ConnectionAttempt, nodes: ReadonlyMap<string, ViewNode>, specs: SpecIndex): ConnectionVerdict {
  const { source, target, sourceHandle, targetHandle } = attempt;
  if (!source || !target || !sourceHandle || !targetHandle) return { ok: false, reason: 'Connect an output to an input' };
  if (source === target) return { ok: false, reason: 'A component cannot feed itself' };
  const from = nodes.get(source);
  const to = nodes.get(target);
  if (from?.type !== 'component' || to?.type !== 'component') return { ok: false, reason: 'Notes have no ports' };
  const output = specs.get(from.data.type)?.outputs.find((o) => o.name === sourceHandle);
  const toSpec = specs.get(to.data.type);
  const field = toSpec ? fieldsFor(toSpec, to.data.values).find((f) => f.name === targetHandle) : undefined;
  if (!output || !field) return { ok: false, reason: 'Unknown port' };
  if (!typesCompatible(output.types, field.input_types)) {
    return { ok: false, reason: `${output.display_name} (${output.types.join(' | ')}) cannot feed ${field.display_name} (${(field.input_types ?? []).join(' | ')})` };
  }
  return { ok: true };
}

/** Whether a field accepts several edges. */
export function acceptsMany(node: ComponentViewNode, field: string, specs: SpecIndex): boolean {
  const spec = specs.get(node.data.type);
  return spec ? (fieldsFor(spec, node.data.values).find((f) => f.name === field)?.list ?? false) : false;
}
