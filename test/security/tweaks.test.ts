/**
 * The tweak policy (Langflow's LANGFLOW_TWEAKS_POLICY): tweaks never set code fields, fields marked
 * not tweakable, secret fields or a secret's destination, whatever their shape; a refused tweak
 * refuses the request, naming node and field; `declared` and `off` narrow what is left.
 */
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../server/engine/registry.js';
import { defineComponent } from '../../server/engine/define-component.js';
import { parseRunRequest } from '../../server/services/run-request.js';
import { runOverrides } from '../../server/services/run-tweaks.js';
import { TweakRefusedError } from '../../shared/errors.js';
import type { FlowData } from '../../shared/flow.js';
import type { TweaksPolicy } from '../../shared/tweak-policy.js';
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
    { name: 'stream', display_name: 'Stream', kind: 'bool', default: false },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  run: async () => ({ out: '' }),
});

const Keyed = defineComponent({
  type: 'Keyed',
  display_name: 'Keyed',
  description: 'A key and the address it is sent to.',
  category: 'Test',
  fields: [
    { name: 'api_key', display_name: 'Key', kind: 'secret', load_from_db: true, default: '' },
    { name: 'base_url', display_name: 'Base URL', kind: 'str', default: '', sends_secret: 'api_key' },
    { name: 'label', display_name: 'Label', kind: 'str', default: '' },
  ],
  outputs: [{ name: 'out', display_name: 'Out', types: ['Message'] }],
  run: async () => ({ out: '' }),
});

const registry = createRegistry([Scripted, Keyed]);
const data = flow([node('Scripted-aaaaa', {}, { display_name: 'My Script' })]);
const overridesFor = (tweaks: unknown, flowData: FlowData = data, policy: TweaksPolicy = 'permissive', stream = false) =>
  runOverrides(parseRunRequest({ tweaks }), flowData, registry, stream, policy);
const refusal = (tweaks: unknown, flowData: FlowData = data, policy: TweaksPolicy = 'permissive'): TweakRefusedError => {
  try {
    overridesFor(tweaks, flowData, policy);
  } catch (error) {
    if (error instanceof TweakRefusedError) return error;
    throw error;
  }
  throw new Error(`tweaks ${JSON.stringify(tweaks)} were not refused`);
};

describe('tweaks and code-bearing fields', () => {
  it('refuses code and non-tweakable fields by node id, by display name and for every node, naming node and field', () => {
    for (const tweaks of [
      { 'Scripted-aaaaa': { code: 'process.exit(1)', internal: 'x', label: 'ok' } },
      { 'My Script': { code: 'process.exit(1)', internal: 'x', label: 'ok' } },
      { code: 'process.exit(1)', internal: 'x', label: 'ok' },
    ]) {
      const error = refusal(tweaks);
      expect(error.code).toBe('tweak_refused');
      expect(error.refused.map((r) => [r.node, r.field])).toEqual([
        ['Scripted-aaaaa', 'code'],
        ['Scripted-aaaaa', 'internal'],
      ]);
      expect(error.detail).toMatchObject({ error: 'Refused tweaks', code: 'TWEAKS_REFUSED', fields: ['code', 'internal'] });
      expect(error.message).toContain('"code" of node "Scripted-aaaaa"');
      expect(error.message).not.toContain('process.exit');
    }
    expect(overridesFor({ 'My Script': { label: 'ok' } })?.get('Scripted-aaaaa')).toEqual({ label: 'ok', stream: false });
  });

  it('survives odd shapes: prototype keys, nested junk, arrays, unknown nodes and fields', () => {
    const odd = JSON.parse('{"__proto__": {"code": "x"}, "Scripted-aaaaa": {"__proto__": {"label": "y"}, "constructor": 1, "nope": 2}, "nobody": {"code": "z"}, "label": [1, {"a": null}]}');
    const values = overridesFor(odd)?.get('Scripted-aaaaa');
    expect(values).toEqual({ label: [1, { a: null }], stream: false });
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).code).toBeUndefined();
    expect(refusal(JSON.parse('{"Scripted-aaaaa": {"code": {"nested": [1, 2]}}}')).refused).toEqual([
      expect.objectContaining({ node: 'Scripted-aaaaa', field: 'code' }),
    ]);
  });
});

describe('tweaks and secrets', () => {
  const bound = flow([node('Keyed-bound', {}, { global_variables: { api_key: 'MY_KEY' } }), node('Keyed-empty', {}), node('Keyed-typed', { api_key: 'sk-in-the-flow' })]);

  it('never sets a secret field, under any policy', () => {
    for (const policy of ['permissive', 'declared'] as const) {
      const error = refusal({ 'Keyed-typed': { api_key: 'sk-attacker' } }, bound, policy);
      expect(error.refused).toEqual([{ node: 'Keyed-typed', field: 'api_key', reason: expect.stringContaining('protected') }]);
      expect(error.message).not.toContain('sk-attacker');
    }
    expect(refusal({ api_key: 'sk-attacker' }, bound).refused.map((r) => r.node)).toEqual(['Keyed-bound', 'Keyed-empty', 'Keyed-typed']);
  });

  it('never moves a secret that comes from a variable or the environment', () => {
    const error = refusal({ 'Keyed-bound': { base_url: 'http://127.0.0.1:1/v1' }, 'Keyed-empty': { base_url: 'http://127.0.0.1:1/v1' } }, bound);
    expect(error.refused.map((r) => [r.node, r.field])).toEqual([
      ['Keyed-bound', 'base_url'],
      ['Keyed-empty', 'base_url'],
    ]);
    // A key typed into the flow goes wherever the flow says; its address stays tweakable.
    expect(overridesFor({ 'Keyed-typed': { base_url: 'http://127.0.0.1:1/v1', label: 'x' } }, bound)?.get('Keyed-typed')).toEqual({ base_url: 'http://127.0.0.1:1/v1', label: 'x' });
  });
});

describe('tweak policies', () => {
  const declaring = flow([node('Scripted-aaaaa', {}, { api_editable: ['label'] }), node('Keyed-bbbbb', {})]);

  it('declared: only the fields the flow marks, when it marks any; the floor still applies', () => {
    expect(overridesFor({ 'Scripted-aaaaa': { label: 'ok' } }, declaring, 'declared')?.get('Scripted-aaaaa')).toEqual({ label: 'ok', stream: false });
    const error = refusal({ 'Scripted-aaaaa': { stream: true }, 'Keyed-bbbbb': { label: 'x' } }, declaring, 'declared');
    expect(error.refused).toEqual([
      { node: 'Scripted-aaaaa', field: 'stream', reason: expect.stringContaining('declares which fields') },
      { node: 'Keyed-bbbbb', field: 'label', reason: expect.stringContaining('declares which fields') },
    ]);
    const marksCode = flow([node('Scripted-aaaaa', {}, { api_editable: ['code', 'label'] })]);
    expect(refusal({ 'Scripted-aaaaa': { code: 'x' } }, marksCode, 'declared').refused[0]?.reason).toContain('protected');
    // A flow that marks nothing stays permissive.
    expect(overridesFor({ 'Scripted-aaaaa': { label: 'ok' } }, data, 'declared')?.get('Scripted-aaaaa')).toEqual({ label: 'ok', stream: false });
  });

  it('off: no tweak at all, with one reason for every field; input_value and ?stream= still apply', () => {
    const error = refusal({ 'Scripted-aaaaa': { label: 'x', code: 'y' } }, declaring, 'off');
    expect(error.refused.map((r) => r.reason)).toEqual(['This deployment does not accept tweaks.', 'This deployment does not accept tweaks.']);
    expect(refusal({ stream: true }, data, 'off').refused).toEqual([expect.objectContaining({ field: 'stream' })]);
    expect(overridesFor({}, data, 'off', true)?.get('Scripted-aaaaa')).toEqual({ stream: true });
    expect(overridesFor(null, data, 'off')?.get('Scripted-aaaaa')).toEqual({ stream: false });
    expect(overridesFor({ nobody: { label: 'x' } }, data, 'off')?.get('Scripted-aaaaa')).toEqual({ stream: false });
  });
});
