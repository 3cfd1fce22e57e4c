import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import type { ComponentDefinition } from '../../server/engine/define-component.js';

const folder = new URL('../../server/components/', import.meta.url);
const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

describe('server/components/index.ts', () => {
  it.each(files)('lists %s', async (file) => {
    const module = (await import(new URL(file, folder).href)) as { default?: ComponentDefinition };
    expect(module.default, `${file} must export default defineComponent({...})`).toBeDefined();
    expect(builtinComponents, `${file} is missing from builtinComponents`).toContain(module.default);
  });

  it('lists nothing but the files of the folder', () => {
    expect(builtinComponents).toHaveLength(files.length);
  });
});
