/**
 * Custom components: `.js` / `.mjs` files that default-export a component definition (the object
 * `defineComponent` takes), loaded at start from `--components-path` and `<dataDir>/components`.
 * A file that fails to load or to check is reported by name with its error and skipped; it never
 * stops the server. Code only ever comes from files the user put on disk.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FieldKind } from '../../shared/component-spec.js';
import type { ComponentDefinition } from '../engine/define-component.js';

export interface CustomComponentsResult {
  components: ComponentDefinition[];
  /** One line per skipped file: `<file>: <why>`. */
  problems: string[];
}

const KINDS: readonly FieldKind[] = ['str', 'multiline', 'prompt', 'int', 'float', 'slider', 'bool', 'dropdown', 'secret', 'dict', 'file', 'code'];
const TYPE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Loads every component file of the folders (missing folders are fine), in name order. A type key
 * taken by a built-in or an earlier file is a problem, not an override.
 */
export async function loadCustomComponents(folders: readonly string[], taken: ReadonlySet<string>): Promise<CustomComponentsResult> {
  const components: ComponentDefinition[] = [];
  const problems: string[] = [];
  const claimed = new Set(taken);
  for (const folder of folders) {
    for (const file of await componentFiles(folder, problems)) {
      try {
        const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
        const def = checkDefinition(module.default);
        for (const key of [def.type, ...(def.aliases ?? [])]) {
          if (claimed.has(key)) throw new Error(`component type "${key}" is already taken`);
        }
        for (const key of [def.type, ...(def.aliases ?? [])]) claimed.add(key);
        components.push(def);
      } catch (error) {
        problems.push(`custom component ${file} skipped: ${oneLine(error)}`);
      }
    }
  }
  return { components, problems };
}

async function componentFiles(folder: string, problems: string[]): Promise<string[]> {
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) {
      problems.push(`custom components folder ${folder} is not a folder`);
      return [];
    }
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    problems.push(`custom components folder ${folder} cannot be read: ${oneLine(error)}`);
    return [];
  }
  return names.filter((n) => /\.m?js$/.test(n) && !n.startsWith('.')).sort().map((n) => path.join(folder, n));
}

/** The checks a definition must pass to be listed and run; throws naming what is wrong. */
export function checkDefinition(value: unknown): ComponentDefinition {
  if (typeof value !== 'object' || value === null) throw new Error('the file has no default export of a component definition (export default defineComponent({...}))');
  const def = value as Partial<ComponentDefinition>;
  if (typeof def.type !== 'string' || !TYPE_KEY.test(def.type)) throw new Error('"type" must be a name of letters, digits and _ (e.g. "WordCount")');
  const where = `component ${def.type}`;
  if (typeof def.display_name !== 'string' || def.display_name.trim() === '') throw new Error(`${where}: "display_name" must be a non-empty string`);
  if (typeof def.run !== 'function') throw new Error(`${where}: "run" must be a function (async run(inputs, ctx) { return {...outputs} })`);
  if (!Array.isArray(def.fields)) throw new Error(`${where}: "fields" must be a list`);
  if (!Array.isArray(def.outputs) || def.outputs.length === 0) throw new Error(`${where}: "outputs" must list at least one output`);
  const names = new Set<string>();
  for (const [i, field] of def.fields.entries()) {
    if (typeof field?.name !== 'string' || field.name === '') throw new Error(`${where}: field ${i} has no name`);
    if (names.has(field.name)) throw new Error(`${where}: two fields are named "${field.name}"`);
    names.add(field.name);
    if (!KINDS.includes(field.kind)) throw new Error(`${where}: field "${field.name}" has kind ${JSON.stringify(field.kind)}; use one of ${KINDS.join(', ')}`);
    if (typeof field.display_name !== 'string') throw new Error(`${where}: field "${field.name}" has no display_name`);
  }
  for (const [i, output] of def.outputs.entries()) {
    if (typeof output?.name !== 'string' || output.name === '') throw new Error(`${where}: output ${i} has no name`);
    if (!Array.isArray(output.types) || output.types.length === 0) throw new Error(`${where}: output "${output.name}" must list its types (e.g. ["Message"])`);
  }
  if (def.aliases !== undefined && !(Array.isArray(def.aliases) && def.aliases.every((a) => typeof a === 'string'))) throw new Error(`${where}: "aliases" must be a list of names`);
  return {
    ...def,
    description: typeof def.description === 'string' ? def.description : '',
    category: typeof def.category === 'string' && def.category ? def.category : 'Custom',
  } as ComponentDefinition;
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
