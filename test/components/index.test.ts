import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';

const folder = new URL('../../server/components/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
/** The helpers' folders: shared code of the components, never a component of their own. */
const helperFiles = ['lib/', 'models/'].flatMap((sub) => readdirSync(new URL(sub, folder)).filter((f) => f.endsWith('.ts')).map((f) => sub + f));

/** A type key as a file name would spell it: `OpenAIModel` → `openaimodel`, `URLComponent` → `url`. */
const bare = (name: string) => name.replace(/Component$/, '').replace(/[-._]/g, '').toLowerCase();

describe('server/components/index.ts', () => {
  it.each(files)('lists %s', async (file) => {
    const module = (await import(new URL(file, folder).href)) as { default?: ComponentDefinition };
    expect(module.default, `${file} must export default defineComponent({...})`).toBeDefined();
    expect(builtinComponents, `${file} is missing from builtinComponents`).toContain(module.default);
  });

  it.each(files)('names %s after its type key', async (file) => {
    const module = (await import(new URL(file, folder).href)) as { default: ComponentDefinition };
    expect(bare(file.replace(/\.ts$/, '')), `${file} holds ${module.default.type}: name the file after it (kebab-case)`).toBe(bare(module.default.type));
  });

  it.each(helperFiles)('keeps %s a helper, not a component', async (file) => {
    const module = (await import(new URL(file, folder).href)) as { default?: unknown };
    const value = module.default as Partial<ComponentDefinition> | undefined;
    expect(typeof value === 'object' && value !== null && typeof value.type === 'string' && typeof value.run === 'function', `${file} defines a component: move it up to server/components/`).toBe(false);
  });

  it('lists nothing but the files of the folder', () => {
    expect(builtinComponents).toHaveLength(files.length);
  });
});
