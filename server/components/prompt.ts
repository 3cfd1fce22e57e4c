/** A prompt template: every `{variable}` becomes a field that text or a connected message fills. */
import { renderTemplate, templateVariables, type FieldSpec } from '../../shared/component-spec.js';
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { isComplete, plainText, resolveText } from '../engine/resolve-text.js';

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
    return variablesOf(asString(values.template)).map((name) => ({ name, display_name: name, kind: 'multiline', default: '', input_types: ['Message'], dynamic: true }));
  },

  async run(inputs, ctx) {
    const template = asString(inputs.template);
    const values: Record<string, string> = {};
    for (const name of variablesOf(template)) {
      const value = inputs[name];
      // A stream (or a list holding one) is waited for; a finished value is read at once.
      values[name] = isComplete(value) ? plainText(value) : await resolveText(value);
    }
    const text = renderTemplate(template, values);
    return { prompt: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});

/** Recently used templates' variables (a flow's template is the same run after run). */
const VARIABLES = new Map<string, readonly string[]>();
const VARIABLES_KEPT = 256;

function variablesOf(template: string): readonly string[] {
  let names = VARIABLES.get(template);
  if (names === undefined) {
    names = templateVariables(template).filter((name) => !RESERVED.has(name));
    if (VARIABLES.size >= VARIABLES_KEPT) VARIABLES.delete(VARIABLES.keys().next().value as string);
    VARIABLES.set(template, names);
  }
  return names;
}
