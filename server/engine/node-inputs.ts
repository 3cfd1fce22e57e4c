/**
 * A node's input values for one run: edge value (if connected) > this run's override > global
 * variable (if the field is bound to one) > saved value > the field's default.
 *
 * A bound variable that is not found fails the node when the field is a secret (the node needs it
 * to run); any other field takes its default and `onWarning` is told, as Langflow goes on with such
 * a field (its starters bind `ollama_base_url` to a variable most users never create).
 */
import type { FieldValues, OutputValues, VariableAccess } from './define-component.js';
import type { PlannedNode } from './run-plan.js';

export function resolveInputs(
  node: PlannedNode,
  outputs: readonly (OutputValues | undefined)[],
  override: Readonly<FieldValues> | undefined,
  variables: VariableAccess,
  onWarning?: (message: string) => void,
): FieldValues | Promise<FieldValues> {
  // Object.assign rather than a spread: V8 (Node 20) allocated the spread copy straight into the old
  // generation here, where every run's inputs then waited for a full collection (issue 7 profiles).
  const inputs: FieldValues = Object.assign({}, node.baseInputs);
  for (const input of node.connected) {
    if (input.list) {
      inputs[input.field] = input.sources.map((s) => outputs[s.node]?.[s.output]);
    } else {
      const last = input.sources[input.sources.length - 1];
      inputs[input.field] = last && outputs[last.node]?.[last.output];
    }
  }
  if (override) {
    for (const name in override) {
      if (node.fieldNames.has(name) && !node.connectedNames.has(name)) inputs[name] = override[name];
    }
  }
  const globals = override ? node.globals.filter((g) => !(g.field in override)) : node.globals;
  if (globals.length === 0) return inputs;
  return Promise.all(
    globals.map(async ({ field, variable, secret, fallback }) => {
      const value = await variables.get(variable, { name: field, secret });
      if (value !== undefined) {
        inputs[field] = value;
        return;
      }
      if (secret) throw new Error(`Global variable "${variable}" (field "${field}") not found: create it, or set an environment variable of that name`);
      inputs[field] = fallback;
      onWarning?.(`Global variable "${variable}" (field "${field}") not found: the field takes its default${fallback === undefined || fallback === '' ? '' : ` (${JSON.stringify(fallback)})`}`);
    }),
  ).then(() => inputs);
}
