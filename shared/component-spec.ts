/** The JSON description of a component that `GET /api/v1/all` serves and the editor draws from. */

export type FieldKind =
  | 'str'
  | 'multiline'
  | 'prompt'
  | 'int'
  | 'float'
  | 'slider'
  | 'bool'
  | 'dropdown'
  | 'secret'
  | 'dict'
  | 'file'
  | 'code';

export interface FieldSpec {
  name: string;
  display_name: string;
  kind: FieldKind;
  info?: string;
  /** Value used when the node does not set one. */
  default?: unknown;
  /** Port types that may feed this field through an edge (e.g. `["Message"]`). Absent or empty: no port. */
  input_types?: string[];
  required?: boolean;
  advanced?: boolean;
  options?: string[];
  /** A dropdown that also accepts values outside `options` (Langflow's `combobox`). */
  combobox?: boolean;
  /** Accepts several edges; the value is then the list of their values, in edge order. */
  list?: boolean;
  range?: { min: number; max: number; step: number };
  /** Whether the value may name a global variable (secret fields, and text fields that allow it). */
  load_from_db?: boolean;
  /** Code-bearing and internal fields cannot be set by tweaks. Default true. */
  tweakable?: boolean;
  /**
   * The secret field whose value goes wherever this field says (a model's base URL and its API key).
   * While that secret comes from a global variable or the environment, no tweak may set this field.
   */
  sends_secret?: string;
  /** Added by the component from the node's other values (e.g. a Prompt's `{variables}`). */
  dynamic?: boolean;
}

export interface OutputSpec {
  name: string;
  display_name: string;
  /** Port types this output produces (e.g. `["Message"]`). */
  types: string[];
  /**
   * A Loop's item output (Langflow's `allows_loop`): an edge from the loop's body may come back into
   * the component's field of the same name, and that back edge is the one cycle a flow may have.
   */
  allows_loop?: boolean;
}

/** Which role the engine gives the component when mapping `input_value` and reporting outputs. */
export type ComponentRole = 'input' | 'output' | 'process';

export interface ComponentSpec {
  type: string;
  display_name: string;
  description: string;
  category: string;
  icon?: string;
  role: ComponentRole;
  fields: FieldSpec[];
  outputs: OutputSpec[];
  /** Other type keys this component is known by (older Langflow names); imports accept them. */
  aliases?: string[];
  /** Name of the field holding a template whose `{variables}` become dynamic fields. */
  template_field?: string;
}

/** `GET /api/v1/all`: `{ category: { ComponentType: spec } }`. */
export type ComponentCatalog = Record<string, Record<string, ComponentSpec>>;

/** Whether an output of the given types may feed a field accepting the given types. */
export function typesCompatible(outputTypes: readonly string[], inputTypes: readonly string[] | undefined): boolean {
  if (!inputTypes || inputTypes.length === 0) return false;
  return outputTypes.some((t) => inputTypes.includes(t));
}

/** Extracts `{variable}` names from a prompt template; `{{` and `}}` are literal braces. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  const re = /\{\{|\}\}|\{([^{}]*)\}/g;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const name = m[1]?.trim();
    if (name && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Fills a prompt template: `{name}` from values (missing names become empty), `{{`/`}}` become braces. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (whole, inner: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const name = inner?.trim() ?? '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return whole;
    return values[name] ?? '';
  });
}
