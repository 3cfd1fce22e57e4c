/** A prompt template: every `{variable}` becomes a field that text or a connected message fills. */
import { renderTemplate, templateVariables, type FieldSpec } from '../../shared/component-spec.js';
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';

const STATIC_FIELDS: FieldSpec[] = [
  {
    name: 'template',
    display_name: 'Template',
    kind: 'prompt',
    default: '',
    info: 'The prompt. {name} adds a field called name; {{ and }} are literal braces.',
  },
];
const RESERVED = new Set(STATIC_FIELDS.map((f) => f.name));

export default defineComponent({
  type: 'Prompt',
  display_name: 'Prompt',
  description: 'Create a prompt template with dynamic variables.',
  category: 'Prompts',
  icon: 'braces',
  template_field: 'template',
  fields: STATIC_FIELDS,
  outputs: [{ name: 'prompt', display_name: 'Prompt', types: ['Message'] }],

  dynamicFields(values) {
    return templateVariables(asString(values.template))
      .filter((name) => !RESERVED.has(name))
      .map((name) => ({ name, display_name: name, kind: 'multiline', default: '', input_types: ['Message'], dynamic: true }));
  },

  async run(inputs, ctx) {
    const template = asString(inputs.template);
    const names = templateVariables(template).filter((name) => !RESERVED.has(name));
    const texts = await Promise.all(names.map((name) => resolveText(inputs[name])));
    const values: Record<string, string> = {};
    for (const [i, name] of names.entries()) values[name] = texts[i] as string;
    const text = renderTemplate(template, values);
    return { prompt: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});
