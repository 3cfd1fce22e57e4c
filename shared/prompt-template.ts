/**
 * Langflow's Prompt template rules (lfx `base/prompts/api_utils.py` `validate_prompt`,
 * `utils/mustache_security.py`, `schema/message.py` `format_text`), in its two modes:
 *
 * - f-string (the default): Python's `str.format`. `{name}` is a variable, `{{` and `}}` are literal
 *   braces, `{name:>10}` / `{name!r}` format the value. A name holding a space or one of `,.:;!?/\()[]`,
 *   or starting with a digit, or one of Langflow's reserved names, makes the whole template give no
 *   variables (Langflow refuses it and adds no fields); so does a template Python cannot parse.
 * - mustache (`use_double_brackets`, or the older `mode: "{{variable}}"`): only `{{identifier}}` is a
 *   variable, single braces are plain text; sections, partials, comments, triple braces, `{{.}}` and
 *   any other `{{…}}` are refused.
 */
import { formatFieldNames, formatPython, PythonFormatError } from './python-format.js';

export class PromptTemplateError extends Error {
  override name = 'PromptTemplateError';
}

/** Characters Langflow refuses in a variable name. */
const INVALID_CHARACTERS = new Set([' ', ',', '.', ':', ';', '!', '?', '/', '\\', '(', ')', '[', ']']);
/** Python's `str.isdigit()` for a name's first character: decimal digits of any script, and super- and subscript digits. */
const LEADING_DIGIT = /^[\p{Nd}\u00B2\u00B3\u00B9\u2070\u2074-\u2079\u2080-\u2089]/u;
/** Names Langflow refuses as variables. */
const INVALID_NAMES = new Set(['code', 'input_variables', 'output_parser', 'partial_variables', 'template', 'template_format', 'validate_template']);

const SIMPLE_MUSTACHE = /^\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}/;
const MUSTACHE_VARIABLE = /\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}/g;
const COMPLEX_MUSTACHE = ['{{{', '{{#', '{{/', '{{^', '{{&', '{{>', '{{!', '{{.'];

/** Whether a Prompt node's values select the `{{variable}}` mode. */
export function isMustachePrompt(values: Readonly<Record<string, unknown>>): boolean {
  return values.use_double_brackets === true || values.use_double_brackets === 'true' || values.mode === '{{variable}}';
}

/** Langflow's check that a `{{…}}` template holds nothing but simple variables. */
export function checkMustacheTemplate(template: string): void {
  if (COMPLEX_MUSTACHE.some((pattern) => template.includes(pattern))) {
    throw new PromptTemplateError('Complex mustache syntax is not allowed. Only simple variable substitution like {{variable}} is permitted.');
  }
  for (const [tag] of template.matchAll(/\{\{[^}]*\}\}/g)) {
    if (!SIMPLE_MUSTACHE.test(tag)) throw new PromptTemplateError(`Invalid mustache variable: ${tag}. Only simple variable names like {{variable}} are allowed.`);
  }
}

/**
 * The template's variables, first occurrence order: the fields Langflow adds to a Prompt node.
 * Throws PromptTemplateError with Langflow's reason when Langflow refuses the template.
 */
export function promptVariablesOrThrow(template: string, mustache: boolean): string[] {
  let names: string[];
  try {
    if (mustache) {
      checkMustacheTemplate(template);
      // Langflow also runs the f-string parser over a mustache template (to tell the two apart); a
      // template that parser refuses gives no variables.
      formatFieldNames(template);
      names = [...new Set([...template.matchAll(MUSTACHE_VARIABLE)].map((m) => m[1]!))];
    } else {
      // Langflow's editor also drops a name written as {{name}} elsewhere in the template, but only
      // when the template is edited: its saved flows keep such fields and fill them at run time (the
      // Twitter Thread Generator starter has `{PROFILE_TYPE}` next to `{{PROFILE_TYPE}}`). Flowdesk
      // derives the fields of every load, so it keeps them, as a Langflow run does.
      names = formatFieldNames(template);
    }
  } catch (err) {
    if (err instanceof PythonFormatError) throw new PromptTemplateError(`Invalid prompt: ${err.message}`);
    throw err;
  }
  const wrong = names.filter((name) => LEADING_DIGIT.test(name) || [...name].some((c) => INVALID_CHARACTERS.has(c)));
  if (wrong.length > 0) throw new PromptTemplateError(`Input variables contain invalid characters or formats. Invalid variables: ${wrong.join(', ')}.`);
  const reserved = names.filter((name) => INVALID_NAMES.has(name));
  if (reserved.length > 0) throw new PromptTemplateError(`Invalid input variables. None of the variables can be named ${reserved.join(', ')}.`);
  return names;
}

/** The template's variables, or none when Langflow refuses the template (it then adds no fields). */
export function promptVariables(template: string, mustache: boolean): string[] {
  try {
    return promptVariablesOrThrow(template, mustache);
  } catch (err) {
    if (err instanceof PromptTemplateError) return [];
    throw err;
  }
}

/**
 * The prompt's text. f-string: Python's `template.format(**values)` (a name without a value is an
 * error). Mustache: each `{{identifier}}` becomes its value, `""` when it has none, in one pass (a
 * value holding `{{x}}` stays as it is). Throws PromptTemplateError where Langflow fails.
 */
export function renderPrompt(template: string, mustache: boolean, values: Readonly<Record<string, string>>): string {
  if (mustache) {
    checkMustacheTemplate(template);
    return template.replace(MUSTACHE_VARIABLE, (_, name: string) => (Object.hasOwn(values, name) ? values[name]! : ''));
  }
  try {
    return formatPython(template, values);
  } catch (err) {
    if (err instanceof PythonFormatError) throw new PromptTemplateError(`Cannot fill the prompt template: ${err.message}`);
    throw err;
  }
}
