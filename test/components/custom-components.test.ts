import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { checkDefinition, loadCustomComponents } from '../../server/services/custom-components.js';
import { writeBrokenComponents } from '../support/broken-components.js';
import { testContext } from '../engine/support.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/components/', import.meta.url));
const builtinTypes = new Set(builtinComponents.map((c) => c.type));
let broken: string;
beforeAll(async () => {
  broken = await writeBrokenComponents();
});
afterAll(async () => rm(broken, { recursive: true, force: true }));

describe('custom components', () => {
  it('loads .js and .mjs files that default-export a definition, and runs them', async () => {
    const { components, problems } = await loadCustomComponents([FIXTURES], builtinTypes);
    expect(problems).toEqual([]);
    expect(components.map((c) => c.type)).toEqual(['Shout', 'WordCount']);
    const wordCount = components.find((c) => c.type === 'WordCount')!;
    expect(await wordCount.run({ input_value: 'one two  three', label: 'words' }, testContext())).toEqual({ message: '3 words' });
    expect(components.find((c) => c.type === 'Shout')?.category).toBe('Custom');
  });

  it('reports each broken file by name with its error, skips it, and keeps the good ones', async () => {
    const { components, problems } = await loadCustomComponents([broken, path.join(broken, 'missing-folder')], builtinTypes);
    expect(components.map((c) => c.type)).toEqual(['StillFine']);
    const byFile = (name: string) => problems.find((p) => p.includes(path.join(broken, name)));
    expect(problems).toHaveLength(5);
    expect(byFile('syntax-error.mjs')).toMatch(/syntax-error\.mjs skipped: \S+/);
    expect(byFile('no-run.mjs')).toContain('"run" must be a function');
    expect(byFile('takes-builtin.mjs')).toContain('component type "ChatInput" is already taken');
    expect(byFile('throws-on-load.mjs')).toContain('cannot load this one');
    expect(byFile('no-default.mjs')).toContain('no default export');
  });

  it('a type key is claimed once across folders', async () => {
    const { components, problems } = await loadCustomComponents([FIXTURES, FIXTURES], builtinTypes);
    expect(components).toHaveLength(2);
    expect(problems.filter((p) => p.includes('already taken'))).toHaveLength(2);
  });

  it('checks definitions field by field', () => {
    const base = { type: 'X', display_name: 'X', fields: [], outputs: [{ name: 'o', display_name: 'O', types: ['Message'] }], run: async () => ({}) };
    expect(() => checkDefinition({ ...base, type: 'has space' })).toThrow('"type" must be a name');
    expect(() => checkDefinition({ ...base, outputs: [] })).toThrow('"outputs" must list at least one output');
    expect(() => checkDefinition({ ...base, fields: [{ name: 'a', display_name: 'A', kind: 'textarea' }] })).toThrow('field "a" has kind "textarea"');
    expect(() => checkDefinition({ ...base, fields: [{ name: 'a', display_name: 'A', kind: 'str' }, { name: 'a', display_name: 'A', kind: 'str' }] })).toThrow('two fields are named "a"');
    expect(checkDefinition(base)).toMatchObject({ category: 'Custom', description: '' });
  });
});
