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
 * Throws PromptTemplateError with Langflow's reason when Langflow refuses the template (lfx
 * `validate_prompt`, its messages word for word).
 */
export function promptVariablesOrThrow(template: string, mustache: boolean): string[] {
  let names: string[];
  try {
    if (mustache) {
      checkMustacheTemplate(template);
      try {
        mustacheTemplateVars(template);
      } catch (err) {
        if (!(err instanceof MustacheSyntaxError)) throw err;
        const lower = err.message.toLowerCase();
        throw new PromptTemplateError(
          lower.includes('unclosed') || lower.includes('tag')
            ? 'Invalid template syntax. Check that all {{variables}} have matching opening and closing braces.'
            : `Invalid mustache template: ${err.message}`,
        );
      }
      // Langflow also runs the f-string parser over a mustache template (to tell the two apart); a
      // template that parser refuses is refused with Python's message.
      formatFieldNames(template);
      names = [...new Set([...template.matchAll(MUSTACHE_VARIABLE)].map((m) => m[1]!))];
    } else {
      names = formatFieldNames(template);
      // Langflow drops the names that are also mustache variables ({{name}}); for that it tokenizes
      // the template as mustache, so a template that is not valid mustache (an unclosed `{{`, a
      // `{{/x}}` closing nothing) is refused. But the drop happens only when the template is edited:
      // Langflow's saved flows keep such fields and fill them at run time (the Twitter Thread
      // Generator starter has `{PROFILE_TYPE}` next to `{{PROFILE_TYPE}}`). Flowdesk derives the
      // fields of every load, so it keeps them, as a Langflow run does.
      mustacheTemplateVars(template);
    }
  } catch (err) {
    if (err instanceof PythonFormatError || err instanceof MustacheSyntaxError) throw new PromptTemplateError(err.message);
    throw err;
  }
  const fixed = checkInputVariables(names);
  if (fixed.some((name) => INVALID_NAMES.has(name))) {
    throw new PromptTemplateError(`Invalid input variables. None of the variables can be named ${fixed.join(', ')}. `);
  }
  return fixed;
}

/** Python's `str.isdigit()` for one character. */
const isDigit = (c: string) => LEADING_DIGIT.test(c);

/** lfx `_is_json_like`: a name that is itself `{{…}}` (JSON in the template) is not checked. */
function isJsonLike(name: string): boolean {
  if (name.startsWith('{{') && name.endsWith('}}')) return true;
  const squeezed = name.trim().replaceAll('\n', '').replaceAll(' ', '');
  return squeezed.startsWith('{{') && squeezed.endsWith('}}');
}

const OPEN_MARK = '\u1D1B\u1D07\u1D0D\u1D18\u1D0F\u1D18\u1D07\u0274';
const CLOSE_MARK = '\u1D1B\u1D07\u1D0D\u1D18\u1D04\u029F\u1D0Fs\u1D07';

/** lfx `_fix_variable`: the name without a leading digit and invalid characters; records what it removed. */
function fixVariable(name: string, invalidChars: string[], wrong: string[]): [string, string[], string[]] {
  if (!name) return [name, invalidChars, wrong];
  let fixed = name;
  const first = [...name][0]!;
  if (isDigit(first)) {
    invalidChars.push(first);
    [fixed, invalidChars, wrong] = fixVariable(name.slice(first.length), invalidChars, wrong);
  }
  fixed = fixed.replaceAll('{{', OPEN_MARK).replaceAll('}}', CLOSE_MARK);
  for (const c of [...fixed]) {
    if (INVALID_CHARACTERS.has(c)) {
      invalidChars.push(c);
      fixed = fixed.replaceAll(c, '');
      if (!wrong.includes(name)) wrong.push(name);
    }
  }
  return [fixed.replaceAll(OPEN_MARK, '{{').replaceAll(CLOSE_MARK, '}}'), invalidChars, wrong];
}

/**
 * lfx `_check_input_variables`, kept as Langflow runs it: its caller unpacks `_fix_variable`'s
 * `(new_var, invalid_chars, wrong_variables)` as `(new_var, wrong_variables, empty_variables)`, so
 * the message's "Invalid variables" lists the removed characters and the names, and "Empty
 * variables" the names with invalid characters. Flowdesk gives the same message.
 */
function checkInputVariables(names: string[]): string[] {
  const invalidChars: string[] = [];
  const fixed: string[] = [];
  let wrong: string[] = [];
  let empty: string[] = [];
  const checked: string[] = [];
  for (const name of names) {
    if (isJsonLike(name)) continue;
    let fixedName: string;
    [fixedName, wrong, empty] = fixVariable(name, invalidChars, wrong);
    if ([...name].some((c) => INVALID_CHARACTERS.has(c))) wrong.push(name);
    else if (name === '') empty.push(name);
    fixed.push(fixedName);
    checked.push(name);
  }
  if (checked.some((name) => !fixed.includes(name))) {
    throw new PromptTemplateError(
      `Input variables contain invalid characters or formats. \nInvalid variables: ${wrong.join(', ')}.\nEmpty variables: ${empty.join(', ')}. \nFixed variables: ${fixed.join(', ')}.`,
    );
  }
  return fixed;
}

class MustacheSyntaxError extends Error {}

/**
 * langchain_core's `mustache_template_vars` (its chevron tokenizer): the top-level names of a
 * mustache template; throws MustacheSyntaxError with chevron's message where chevron raises.
 */
export function mustacheTemplateVars(template: string): Set<string> {
  const vars = new Set<string>();
  const open: string[] = [];
  let line = 1;
  let lastTagLine = 0;
  let depth = 0;
  let left = '{{';
  let right = '}}';
  let rest = template;
  while (rest) {
    const at = rest.indexOf(left);
    if (at < 0) break;
    line += (rest.slice(0, at).match(/\n/g) ?? []).length;
    rest = rest.slice(at + left.length);
    const end = rest.indexOf(right);
    if (end < 0) throw new MustacheSyntaxError(`unclosed tag at line ${line}`);
    let tag = rest.slice(0, end);
    rest = rest.slice(end + right.length);
    // Python's tag[0] on an empty tag ({{}}) raises IndexError.
    if (tag === '') throw new MustacheSyntaxError('string index out of range');
    const kinds: Record<string, string> = { '!': 'comment', '#': 'section', '^': 'inverted section', '/': 'end', '>': 'partial', '=': 'set delimiter?', '{': 'no escape?', '&': 'no escape' };
    let kind = kinds[tag[0]!] ?? 'variable';
    if (kind !== 'variable') tag = tag.slice(1);
    if (kind === 'set delimiter?') {
      if (!tag.endsWith('=')) throw new MustacheSyntaxError(`unclosed set delimiter tag\nat line ${line}`);
      kind = 'set delimiter';
      tag = tag.slice(0, -1);
    } else if (kind === 'no escape?' && left === '{{' && right === '}}' && rest.startsWith('}')) {
      rest = rest.slice(1);
      kind = 'no escape';
    }
    const key = tag.trim();
    if (kind === 'set delimiter') {
      const dels = key.split(' ');
      left = dels[0]!;
      right = dels.at(-1)!;
    } else if (kind === 'section' || kind === 'inverted section') {
      open.push(key);
      lastTagLine = line;
    } else if (kind === 'end') {
      const last = open.pop();
      if (last === undefined) throw new MustacheSyntaxError(`Trying to close tag "${key}"\nLooks like it was not opened.\nline ${line + 1}`);
      if (key !== last) throw new MustacheSyntaxError(`Trying to close tag "${key}"\nlast open tag is "${last}"\nline ${line + 1}`);
    }
    if (kind === 'end') depth -= 1;
    else if (['variable', 'section', 'inverted section', 'no escape'].includes(kind) && key !== '.' && depth === 0) vars.add(key.split('.')[0]!);
    if (kind === 'section' || kind === 'inverted section') depth += 1;
  }
  if (open.length > 0) throw new MustacheSyntaxError(`Unexpected EOF\nthe tag "${open.at(-1)}" was never closed\nwas opened at line ${lastTagLine}`);
  return vars;
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
