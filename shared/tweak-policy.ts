/**
 * Which fields a run request may set through `tweaks`: Langflow's tweak policy (1.12,
 * `LANGFLOW_TWEAKS_POLICY`), decided in one place for the server and the editor's API panel.
 *
 * Two lists with two owners. The server owns the floor, refused under every policy: code fields,
 * fields a component marks untweakable, secret fields, and a field that decides where a secret is
 * sent (a model's base URL) while that secret comes from a global variable or the environment.
 * The flow author owns the allowlist: the fields each node marks as API fields (`api_editable`).
 * The policy only chooses which of the two applies above the floor.
 */
import type { FieldSpec } from './component-spec.js';
import type { ComponentNode, FlowNode } from './flow.js';

/**
 * `permissive` (default): every field above the floor. `declared`: on a flow that marks at least one
 * API field, only those; a flow that marks none stays permissive. `off`: no tweak at all (a request
 * still sets `input_value` and `session_id`).
 */
export type TweaksPolicy = 'permissive' | 'declared' | 'off';

export const TWEAKS_POLICIES: readonly TweaksPolicy[] = ['permissive', 'declared', 'off'];
export const DEFAULT_TWEAKS_POLICY: TweaksPolicy = 'permissive';

/** Why a tweak is refused: the floor, the flow's declared API fields, or the deployment's `off`. */
export type TweakRefusal = 'protected' | 'declared' | 'off';

/** A node's values and bindings, as the stored flow and the editor both have them. */
export interface TweakNodeView {
  values: Readonly<Record<string, unknown>>;
  /** field name → global variable name. */
  globals: Readonly<Record<string, string>>;
  /** The fields the flow author marks as API fields. */
  apiEditable: readonly string[];
}

export function nodeView(node: ComponentNode): TweakNodeView {
  return { values: node.data.values, globals: node.data.global_variables ?? {}, apiEditable: node.data.api_editable ?? [] };
}

/** Whether any node of the flow marks an API field: only then does `declared` restrict it. */
export function flowDeclaresApiFields(nodes: readonly FlowNode[]): boolean {
  return nodes.some((node) => node.type === 'component' && (node.data.api_editable?.length ?? 0) > 0);
}

/**
 * Whether the field's secret comes from outside the flow: the secret field is bound to a global
 * variable, or left empty so the component falls back to its provider variable or the environment.
 */
function secretFromOutside(secretField: string, node: TweakNodeView): boolean {
  if (Object.hasOwn(node.globals, secretField)) return true;
  const value = Object.hasOwn(node.values, secretField) ? node.values[secretField] : undefined;
  return typeof value !== 'string' || value.trim() === '';
}

/** The floor: fields no policy lets a tweak set. */
export function isProtectedField(field: FieldSpec, node: TweakNodeView): boolean {
  if (field.kind === 'code' || field.kind === 'secret' || field.tweakable === false) return true;
  return field.sends_secret !== undefined && secretFromOutside(field.sends_secret, node);
}

/**
 * Why the policy refuses a caller's tweak of this field, or undefined when it applies. Under `off`
 * every field answers the same, so probing cannot tell which are also protected (as in Langflow).
 */
export function tweakRefusal(policy: TweaksPolicy, field: FieldSpec, node: TweakNodeView, flowDeclares: boolean): TweakRefusal | undefined {
  if (policy === 'off') return 'off';
  if (isProtectedField(field, node)) return 'protected';
  if (policy === 'declared' && flowDeclares && !node.apiEditable.includes(field.name)) return 'declared';
  return undefined;
}

/** The sentence a refusal answers with (Langflow's wording). */
export const TWEAK_REFUSAL_REASONS: Readonly<Record<TweakRefusal, string>> = {
  protected: 'The field is protected and keeps the value set by the flow author.',
  declared: 'This flow declares which fields the API may set. Only fields marked editable via API accept a tweak.',
  off: 'This deployment does not accept tweaks.',
};
