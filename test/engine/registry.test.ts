import { describe, expect, it } from 'vitest';
import { defineComponent } from '../../server/engine/define-component.js';
import { createRegistry, toSpec } from '../../server/engine/registry.js';
import { builtinComponents } from '../../server/components/index.js';
import { Collect, Slow } from './support.js';

const Aliased = defineComponent({
  type: 'NewName',
  display_name: 'New Name',
  description: 'Known by an older name too.',
  category: 'Test',
  aliases: ['OldName'],
  fields: [{ name: 'template', display_name: 'Template', kind: 'prompt' }],
  outputs: [],
  dynamicFields: (values) => [{ name: `var_${String(values.template)}`, display_name: 'v', kind: 'str', dynamic: true }],
  async run() {
    return {};
  },
});

describe('createRegistry', () => {
  it('finds a definition by type and by alias', () => {
    const registry = createRegistry([Slow, Aliased]);
    expect(registry.get('Slow')).toBe(Slow);
    expect(registry.get('OldName')).toBe(Aliased);
    expect(registry.get('NewName')).toBe(Aliased);
    expect(registry.get('Missing')).toBeUndefined();
  });

  it('lists every component once, aliases included', () => {
    expect(createRegistry([Slow, Aliased]).all()).toEqual([Slow, Aliased]);
  });

  it('refuses duplicate types and aliases that clash with a type', () => {
    expect(() => createRegistry([Slow, Slow])).toThrow(/"Slow".*already taken/);
    const clash = defineComponent({ ...Aliased, type: 'Other', aliases: ['Slow'] });
    expect(() => createRegistry([Slow, clash])).toThrow(/"Slow" of Other is already taken by Slow/);
  });

  it('groups the catalog by category, keyed by type', () => {
    const catalog = createRegistry(builtinComponents).catalog();
    expect(Object.keys(catalog['Input & Output'] ?? {}).sort()).toEqual(['ChatInput', 'ChatOutput', 'TextInput', 'TextOutput']);
    expect(catalog.Models?.OpenAIModel?.display_name).toBe('OpenAI');
    expect(catalog.Prompts?.Prompt?.template_field).toBe('template');
    expect(catalog.Data?.Webhook?.role).toBe('input');
  });

  it('adds dynamic fields after the static ones', () => {
    const registry = createRegistry([Aliased, Collect]);
    expect(registry.fieldsFor(Aliased, { template: 'x' }).map((f) => f.name)).toEqual(['template', 'var_x']);
    expect(registry.fieldsFor(Collect, {})).toBe(Collect.fields);
  });
});

describe('toSpec', () => {
  it('defaults the role to process and keeps optional keys only when set', () => {
    const spec = toSpec(Slow);
    expect(spec.role).toBe('process');
    expect(spec).not.toHaveProperty('aliases');
    expect(spec).not.toHaveProperty('icon');
    expect(toSpec(Aliased).aliases).toEqual(['OldName']);
    expect(toSpec(Collect).role).toBe('output');
  });

  it('is plain JSON', () => {
    const spec = toSpec(builtinComponents[0]!);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
