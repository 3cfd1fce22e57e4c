/**
 * Turns a run request into per-node field overrides (contract §1, Tweaks): tweaks by node id or
 * display name, tweaks for every node with a field of that name, `?stream=`, and `input_value`
 * for the input components. The stored flow is never touched.
 *
 * The tweak policy (shared/tweak-policy.ts) decides which fields a tweak may set. As in Langflow,
 * the whole request is decided before anything applies: one refused tweak refuses the request
 * (TweakRefusedError, 422, naming every refused node and field). Unknown nodes and unknown field
 * names are skipped, not refused.
 */
import type { RunRequest } from '../../shared/api.js';
import type { FieldSpec } from '../../shared/component-spec.js';
import { BadRequestError, TweakRefusedError, type RefusedTweak } from '../../shared/errors.js';
import { isPlainObject } from '../../shared/json.js';
import { isComponentNode, type ComponentNode, type FlowData } from '../../shared/flow.js';
import { TWEAK_REFUSAL_REASONS, flowDeclaresApiFields, isProtectedField, nodeView, tweakRefusal, type TweakNodeView, type TweaksPolicy } from '../../shared/tweak-policy.js';
import type { ComponentDefinition, FieldValues, Registry } from '../engine/define-component.js';
import type { NodeOverrides } from '../engine/validate-flow.js';

export const INPUT_TWEAK_CONFLICT = 'If you pass an input_value to the chat input, you cannot pass a tweak with the same name.';

interface TweakTarget {
  node: ComponentNode;
  def: ComponentDefinition;
  displayName: string;
  /** The node's fields for its saved values. */
  fields: ReadonlyMap<string, FieldSpec>;
  /** Its saved values, bindings and API fields, for the policy. */
  view: TweakNodeView;
}

interface FlowTargets {
  targets: TweakTarget[];
  /** Whether the flow marks any API field (the `declared` policy restricts only such flows). */
  declares: boolean;
}

/** Targets depend only on the stored flow, which is replaced rather than mutated: cache them. */
const targetCache = new WeakMap<FlowData, { registry: Registry; flowTargets: FlowTargets }>();

/** 400 when `input_value` is given and a tweak also sets the input component's `input_value`. */
export function checkInputTweakConflict(request: RunRequest, flow: FlowData, registry: Registry): void {
  if (request.input_value === null || !request.tweaks) return;
  const { targets } = tweakTargets(flow, registry);
  for (const [key, value] of Object.entries(request.tweaks)) {
    if (!isPlainObject(value) || value.input_value === undefined || value.input_value === null) continue;
    const type = findTarget(targets, key)?.def.type;
    const chat = type === 'ChatInput' || key.includes('ChatInput') || key.includes('Chat Input');
    const text = type === 'TextInput' || key.includes('TextInput') || key.includes('Text Input');
    if ((chat && request.input_type === 'chat') || (text && request.input_type === 'text')) {
      throw new BadRequestError(INPUT_TWEAK_CONFLICT);
    }
  }
}

/**
 * The run's overrides by node id; undefined when there are none. `policy` judges the caller's
 * tweaks (a flow run by another flow passes `permissive`: its tweaks come from the calling flow, and
 * the floor still applies). Throws TweakRefusedError when the policy refuses any of them.
 */
export function runOverrides(request: RunRequest, flow: FlowData, registry: Registry, stream: boolean, policy: TweaksPolicy): NodeOverrides | undefined {
  const { targets, declares } = tweakTargets(flow, registry);
  const overrides = new Map<string, FieldValues>();
  const refused = new Map<string, RefusedTweak>();
  const set = (target: TweakTarget, name: string, value: unknown) => {
    const values = overrides.get(target.node.id);
    if (values) values[name] = value;
    else overrides.set(target.node.id, { [name]: value });
  };
  /** Whether a caller's tweak of this field applies; a refused one is recorded, an unknown field skipped. */
  const tweakable = (target: TweakTarget, name: string) => {
    const field = fieldOf(target, name, registry, overrides);
    if (field === undefined) return false;
    const refusal = tweakRefusal(policy, field, target.view, declares);
    if (refusal === undefined) return true;
    const key = `${target.node.id}\u0000${name}`;
    if (!refused.has(key)) refused.set(key, { node: target.node.id, field: name, reason: TWEAK_REFUSAL_REASONS[refusal] });
    return false;
  };

  const everyNode: [string, unknown][] = [];
  const streamTweaked = new Set<string>();
  for (const [key, value] of Object.entries(request.tweaks ?? {})) {
    if (!isPlainObject(value)) {
      everyNode.push([key, value]);
      continue;
    }
    const target = findTarget(targets, key);
    if (!target) continue;
    // The template first: it decides which variable fields exist.
    const names = Object.keys(value).sort((a, b) => Number(b === target.def.template_field) - Number(a === target.def.template_field));
    for (const name of names) {
      if (!tweakable(target, name)) continue;
      set(target, name, value[name]);
      if (name === 'stream') streamTweaked.add(target.node.id);
    }
  }
  // As in Langflow, tweaks for every node apply after the per-node ones.
  for (const target of targets) {
    for (const [name, value] of everyNode) {
      if (!tweakable(target, name)) continue;
      set(target, name, value);
      if (name === 'stream') streamTweaked.add(target.node.id);
    }
  }
  if (refused.size > 0) throw new TweakRefusedError([...refused.values()]);
  // `?stream=` is the server's, not the caller's tweak: the policy does not judge it, the floor does.
  const streamable = (target: TweakTarget) => {
    const field = fieldOf(target, 'stream', registry, overrides);
    return field !== undefined && !isProtectedField(field, target.view);
  };
  for (const target of targets) {
    if (!streamTweaked.has(target.node.id) && streamable(target)) set(target, 'stream', stream);
  }
  if (request.input_value !== null) {
    for (const target of targets) {
      if ((target.def.role ?? 'process') !== 'input') continue;
      if (request.input_type !== 'any' && !target.node.id.toLowerCase().includes(request.input_type)) continue;
      if (fieldOf(target, 'input_value', registry, overrides)) set(target, 'input_value', request.input_value);
    }
  }
  return overrides.size > 0 ? overrides : undefined;
}

function tweakTargets(flow: FlowData, registry: Registry): FlowTargets {
  const cached = targetCache.get(flow);
  if (cached && cached.registry === registry) return cached.flowTargets;
  const targets: TweakTarget[] = [];
  for (const node of flow.nodes) {
    if (!isComponentNode(node)) continue;
    const def = registry.get(node.data.type);
    if (!def) continue;
    const fields = new Map(registry.fieldsFor(def, node.data.values).map((f) => [f.name, f]));
    targets.push({ node, def, displayName: node.data.display_name || def.display_name, fields, view: nodeView(node) });
  }
  const flowTargets = { targets, declares: flowDeclaresApiFields(flow.nodes) };
  targetCache.set(flow, { registry, flowTargets });
  return flowTargets;
}

/** By node id first, then by display name. */
function findTarget(targets: readonly TweakTarget[], key: string): TweakTarget | undefined {
  return (
    targets.find((t) => t.node.id === key) ?? targets.find((t) => t.displayName === key)
  );
}

/** The node's field of that name, for its values with this run's overrides so far (a tweaked template changes them). */
function fieldOf(target: TweakTarget, name: string, registry: Registry, overrides: ReadonlyMap<string, FieldValues>): FieldSpec | undefined {
  const override = target.def.dynamicFields && overrides.get(target.node.id);
  if (!override) return target.fields.get(name);
  return registry.fieldsFor(target.def, { ...target.node.data.values, ...override }).find((f) => f.name === name);
}
