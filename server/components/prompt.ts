/**
 * A prompt template: every variable becomes a field that text or a connected message fills.
 * Langflow's rules for both modes (`{variable}` f-string, `{{variable}}` mustache) are in
 * shared/prompt-template.ts.
 */
import type { FieldSpec } from '../../shared/component-spec.js';
import { isMustachePrompt, promptVariables, promptVariablesOrThrow, PromptTemplateError, renderPrompt } from '../../shared/prompt-template.js';
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
    info: 'The prompt. {name} adds a field called name; {{ and }} are literal braces (with Use Double Brackets: {{name}} adds a field, single braces are text).',
  },
  {
    name: 'use_double_brackets',
    display_name: 'Use Double Brackets',
    kind: 'bool',
    default: false,
    advanced: true,
    info: 'Use {{variable}} syntax instead of {variable}.',
  },
  {
    name: 'tool_placeholder',
    display_name: 'Tool Placeholder',
    kind: 'str',
    default: '',
    input_types: ['Message'],
    advanced: true,
    info: 'A placeholder input for tool mode.',
  },
  {
    // An earlier Langflow Prompt chose the syntax with this tab; "{{variable}}" still selects double brackets.
    name: 'mode',
    display_name: 'Mode',
    kind: 'dropdown',
    options: ['{variable}', '{{variable}}'],
    combobox: true,
    default: '{variable}',
    advanced: true,
    info: 'Variable syntax of earlier Langflow versions: "{{variable}}" works as Use Double Brackets.',
  },
];
const RESERVED = new Set(STATIC_FIELDS.map((f) => f.name));

export default defineComponent({
  type: 'Prompt',
  // Langflow 1.7+ names the component "Prompt Template" (lfx `PromptComponent.name`); its catalog
  // then hands new nodes that key, while flows saved before keep `Prompt`. Same fields and output.
  aliases: ['Prompt Template'],
  display_name: 'Prompt',
  description: 'Create a prompt template with dynamic variables.',
  category: 'Prompts',
  icon: 'braces',
  template_field: 'template',
  fields: STATIC_FIELDS,
  outputs: [{ name: 'prompt', display_name: 'Prompt', types: ['Message'] }],

  dynamicFields(values) {
    return variablesOf(asString(values.template), isMustachePrompt(values)).map((name) => ({
      name,
      display_name: name,
      kind: 'multiline',
      default: '',
      input_types: ['Message'],
      dynamic: true,
    }));
  },

  async run(inputs, ctx) {
    const template = asString(inputs.template);
    const mustache = isMustachePrompt(inputs);
    // Langflow fills the template from all of the node's values, its own fields included.
    const values: Record<string, string> = {};
    for (const name of [...RESERVED, ...variablesOf(template, mustache)]) {
      if (name === 'template') continue;
      const value = inputs[name];
      // A stream (or a list holding one) is waited for; a finished value is read at once.
      values[name] = typeof value === 'boolean' ? (value ? 'True' : 'False') : isComplete(value) ? plainText(value) : await resolveText(value);
    }
    const text = render(template, mustache, values);
    return { prompt: buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) }) };
  },
});

/** The prompt's text; when the template cannot be filled, the error says why Langflow gave it no variables too. */
function render(template: string, mustache: boolean, values: Record<string, string>): string {
  try {
    return renderPrompt(template, mustache, values);
  } catch (err) {
    if (!(err instanceof PromptTemplateError)) throw err;
    try {
      promptVariablesOrThrow(template, mustache);
    } catch (refused) {
      if (refused instanceof PromptTemplateError && refused.message !== err.message) throw new PromptTemplateError(`${refused.message} ${err.message}`);
    }
    throw err;
  }
}

/** Recently used templates' variables (a flow's template is the same run after run). */
const VARIABLES = new Map<string, readonly string[]>();
const VARIABLES_KEPT = 256;

function variablesOf(template: string, mustache: boolean): readonly string[] {
  const key = `${mustache ? 'm' : 'f'}${template}`;
  let names = VARIABLES.get(key);
  if (names === undefined) {
    names = promptVariables(template, mustache).filter((name) => !RESERVED.has(name));
    if (VARIABLES.size >= VARIABLES_KEPT) VARIABLES.delete(VARIABLES.keys().next().value as string);
    VARIABLES.set(key, names);
  }
  return names;
}
