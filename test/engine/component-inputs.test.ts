/**
 * `defineComponent` types `inputs` in `run()` from the field list, with nothing annotated. The
 * `expectTypeOf` lines are checked by `npm run typecheck` (test/ is in tsconfig.json); running the
 * test checks that the definition is handed through unchanged and that `run` gets what the engine passes.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FieldSpec } from '../../shared/component-spec.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { defineComponent } from '../../server/engine/define-component.js';
import type { LanguageModelDescriptor } from '../../server/engine/language-model.js';
import type { TextStream } from '../../server/engine/text-stream.js';
import type { Tool } from '../../server/engine/tool.js';
import { testContext } from './support.js';

/** A field from a shared helper, typed FieldSpec: its value stays unknown. */
const helperField: FieldSpec = { name: 'from_helper', display_name: 'Helper', kind: 'int', default: 1 };

const Probe = defineComponent({
  type: 'TypedProbe',
  display_name: 'Typed probe',
  description: 'Shows the inferred input types.',
  category: 'test',
  fields: [
    { name: 'title', display_name: 'Title', kind: 'str', default: '' },
    { name: 'count', display_name: 'Count', kind: 'int', default: 3 },
    { name: 'ratio', display_name: 'Ratio', kind: 'float' },
    { name: 'enabled', display_name: 'Enabled', kind: 'bool', default: true },
    { name: 'headers', display_name: 'Headers', kind: 'dict', default: {} },
    { name: 'mode', display_name: 'Mode', kind: 'dropdown', options: ['Text', 'HTML'], default: 'Text' },
    { name: 'input_value', display_name: 'Input', kind: 'multiline', default: '', input_types: ['Message'] },
    { name: 'rows', display_name: 'Rows', kind: 'str', default: '', input_types: ['Data', 'DataFrame'] },
    { name: 'llm', display_name: 'Model', kind: 'str', input_types: ['LanguageModel'] },
    { name: 'tools', display_name: 'Tools', kind: 'str', list: true, input_types: ['Tool'] },
    helperField,
  ],
  outputs: [{ name: 'seen', display_name: 'Seen', types: ['Data'] }],
  async run(inputs) {
    expectTypeOf(inputs.title).toEqualTypeOf<string>();
    expectTypeOf(inputs.count).toEqualTypeOf<number>();
    expectTypeOf(inputs.ratio).toEqualTypeOf<number | undefined>();
    expectTypeOf(inputs.enabled).toEqualTypeOf<boolean>();
    expectTypeOf(inputs.headers).toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(inputs.mode).toEqualTypeOf<string>();
    expectTypeOf(inputs.input_value).toEqualTypeOf<string | Message | TextStream>();
    expectTypeOf(inputs.rows).toEqualTypeOf<string | Data | Data[]>();
    expectTypeOf(inputs.llm).toEqualTypeOf<string | LanguageModelDescriptor | undefined>();
    expectTypeOf(inputs.tools).toEqualTypeOf<(string | Tool)[] | undefined>();
    expectTypeOf(inputs.from_helper).toEqualTypeOf<unknown>();
    // A name the list does not have (a dynamic field) is still readable, as unknown.
    expectTypeOf(inputs.not_declared).toEqualTypeOf<unknown>();
    // @ts-expect-error a number field is not text (never called: only the type matters)
    const misuse = () => inputs.count.trim();
    expect(typeof misuse).toBe('function');
    return { seen: { title: inputs.title, count: inputs.count, tools: inputs.tools?.length ?? 0 } };
  },
});

describe('defineComponent', () => {
  it('hands the definition through, and run gets the values by field name', async () => {
    expect(Probe.type).toBe('TypedProbe');
    expect(Probe.fields.map((f) => f.name)).toContain('from_helper');
    const out = await Probe.run({ title: 'T', count: 2, tools: ['a', 'b'] }, testContext({}));
    expect(out.seen).toEqual({ title: 'T', count: 2, tools: 2 });
  });
});
