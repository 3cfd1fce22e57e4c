/**
 * Reading the server's component catalog: a spec per type, the fields a node has for its current
 * values (a Prompt's `{variables}` become fields), and colours for port types.
 */
import type { ComponentCatalog, ComponentSpec, FieldSpec } from '../../../shared/component-spec.js';
import { isMustachePrompt, promptVariables } from '../../../shared/prompt-template.js';

export type SpecIndex = ReadonlyMap<string, ComponentSpec>;

/** type → spec, aliases included. */
export function indexCatalog(catalog: ComponentCatalog): SpecIndex {
  const index = new Map<string, ComponentSpec>();
  for (const components of Object.values(catalog)) {
    for (const [type, spec] of Object.entries(components)) {
      index.set(type, spec);
      for (const alias of spec.aliases ?? []) if (!index.has(alias)) index.set(alias, spec);
    }
  }
  return index;
}

/**
 * The node's fields: the spec's own, then one per variable of its template field (a text field
 * that a Message may feed), by Langflow's prompt rules as the server derives them.
 */
export function fieldsFor(spec: ComponentSpec, values: Readonly<Record<string, unknown>>): FieldSpec[] {
  if (!spec.template_field) return spec.fields;
  const template = values[spec.template_field];
  const own = new Set(spec.fields.map((f) => f.name));
  const dynamic = promptVariables(typeof template === 'string' ? template : '', isMustachePrompt(values))
    .filter((name) => !own.has(name))
    .map<FieldSpec>((name) => ({ name, display_name: name, kind: 'multiline', default: '', input_types: ['Message'], dynamic: true }));
  return dynamic.length === 0 ? spec.fields : [...spec.fields, ...dynamic];
}

/** Whether a field has an input port. */
export function hasPort(field: FieldSpec): boolean {
  return (field.input_types?.length ?? 0) > 0;
}

/** A field's value on a node: its own, else the component's default. */
export function fieldValue(field: FieldSpec, values: Readonly<Record<string, unknown>>): unknown {
  return field.name in values ? values[field.name] : field.default;
}

const TYPE_COLORS: Record<string, string> = {
  Message: '#4f7cff',
  Data: '#e5484d',
  DataFrame: '#d6409f',
  LanguageModel: '#8e4ec6',
  Embeddings: '#12a594',
  Tool: '#f76b15',
  Memory: '#ffb224',
  Text: '#4f7cff',
};

/** A stable colour per port type (Message when a list has it, else its first type). */
export function typeColor(types: readonly string[] | undefined): string {
  const type = types?.includes('Message') ? 'Message' : (types?.[0] ?? '');
  const known = TYPE_COLORS[type];
  if (known) return known;
  let hash = 0;
  for (const ch of type) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 60% 50%)`;
}

/** The categories of a catalog with their specs, filtered by a search text. */
export function searchCatalog(catalog: ComponentCatalog, query: string): [string, ComponentSpec[]][] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (spec: ComponentSpec) => {
    const haystack = `${spec.display_name} ${spec.type} ${spec.description} ${spec.category}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
  return Object.entries(catalog)
    .map(([category, specs]): [string, ComponentSpec[]] => [category, Object.values(specs).filter(matches)])
    .filter(([, specs]) => specs.length > 0);
}
