/** Tweaks can never set code-bearing fields or fields marked not tweakable, whatever their shape. */
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../server/engine/registry.js';
import { defineComponent } from '../../server/engine/define-component.js';
import { parseRunRequest } from '../../server/services/run-request.js';
import { runOverrides } from '../../server/services/run-tweaks.js';
import { flow, node } from '../engine/support.js';

const Scripted = defineComponent({
  type: 'Scripted',
  display_name: 'Scripted',
  description: 'A component with a code field and an internal one.',
  category: 'Test',
  fields: [
    { name: 'code', display_name: 'Code', kind: 'code', default: 'return 1' },
    { name: 'internal', display_name: 'Internal', kind: 'str', default: 'safe', tweakable: false },
    { name: 'label', display_name: 'Label', kind: 'str', default: '' },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  run: async () => ({ out: '' }),
});

const registry = createRegistry([Scripted]);
const data = flow([node('Scripted-aaaaa', {}, { display_name: 'My Script' })]);
const overridesFor = (tweaks: unknown) => runOverrides(parseRunRequest({ tweaks }), data, registry, false);

describe('tweaks and code-bearing fields', () => {
  it('ignores code and non-tweakable fields by node id, by display name and for every node', () => {
    for (const tweaks of [
      { 'Scripted-aaaaa': { code: 'process.exit(1)', internal: 'x', label: 'ok' } },
      { 'My Script': { code: 'process.exit(1)', internal: 'x', label: 'ok' } },
      { code: 'process.exit(1)', internal: 'x', label: 'ok' },
    ]) {
      const values = overridesFor(tweaks)?.get('Scripted-aaaaa');
      expect(values).toEqual({ label: 'ok' });
    }
  });

  it('survives odd shapes: prototype keys, nested junk, arrays, unknown nodes', () => {
    const odd = JSON.parse('{"__proto__": {"code": "x"}, "Scripted-aaaaa": {"__proto__": {"code": "y"}, "constructor": 1, "code": {"nested": [1, 2]}}, "nobody": {"code": "z"}, "label": [1, {"a": null}]}');
    const values = overridesFor(odd)?.get('Scripted-aaaaa');
    expect(values).toEqual({ label: [1, { a: null }] });
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).code).toBeUndefined();
  });
});
