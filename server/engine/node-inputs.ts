/**
 * A node's input values for one run: edge value (if connected) > this run's override > global
 * variable (if the field is bound to one) > saved value > the field's default.
 */
import type { FieldValues, OutputValues, VariableAccess } from './define-component.js';
import type { PlannedNode } from './run-plan.js';

export function resolveInputs(
  node: PlannedNode,
  outputs: readonly (OutputValues | undefined)[],
  override: Readonly<FieldValues> | undefined,
  variables: VariableAccess,
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
    globals.map(async ({ field, variable, secret }) => {
      const value = await variables.get(variable, { name: field, secret });
      if (value === undefined) {
        throw new Error(
          secret
            ? `Global variable "${variable}" (field "${field}") not found: create it, or set an environment variable of that name`
            : `Global variable "${variable}" (field "${field}") not found: create it`,
        );
      }
      inputs[field] = value;
    }),
  ).then(() => inputs);
}
