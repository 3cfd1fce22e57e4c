/** The set of components a server knows, looked up by type key or alias. */
import type { ComponentCatalog, ComponentSpec, FieldSpec } from '../../shared/component-spec.js';
import type { ComponentDefinition, FieldValues, Registry } from './define-component.js';

/** The JSON spec the editor draws, derived from the definition (role defaults to `process`). */
export function toSpec(def: ComponentDefinition): ComponentSpec {
  const spec: ComponentSpec = {
    type: def.type,
    display_name: def.display_name,
    description: def.description,
    category: def.category,
    role: def.role ?? 'process',
    fields: def.fields,
    outputs: def.outputs,
  };
  if (def.icon !== undefined) spec.icon = def.icon;
  if (def.aliases !== undefined && def.aliases.length > 0) spec.aliases = def.aliases;
  if (def.template_field !== undefined) spec.template_field = def.template_field;
  return spec;
}

/** Builds a registry. Throws when two definitions share a type key or alias. */
export function createRegistry(defs: readonly ComponentDefinition[]): Registry {
  const byType = new Map<string, ComponentDefinition>();
  const claim = (key: string, def: ComponentDefinition) => {
    const owner = byType.get(key);
    if (owner) throw new Error(`Component type "${key}" of ${def.type} is already taken by ${owner.type}`);
    byType.set(key, def);
  };
  for (const def of defs) {
    claim(def.type, def);
    for (const alias of def.aliases ?? []) claim(alias, def);
  }
  const all = [...defs];
  let catalog: ComponentCatalog | undefined;

  return {
    get: (type) => byType.get(type),
    all: () => [...all],
    catalog() {
      catalog ??= buildCatalog(all);
      return catalog;
    },
    fieldsFor(def: ComponentDefinition, values: FieldValues): FieldSpec[] {
      return def.dynamicFields ? [...def.fields, ...def.dynamicFields(values)] : def.fields;
    },
  };
}

function buildCatalog(defs: readonly ComponentDefinition[]): ComponentCatalog {
  const catalog: ComponentCatalog = {};
  for (const def of defs) {
    const category = (catalog[def.category] ??= {});
    category[def.type] = toSpec(def);
  }
  return catalog;
}
