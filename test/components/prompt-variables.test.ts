/**
 * Prompt variables exactly as Langflow finds and refuses them (lfx `base/prompts/api_utils.py`
 * `validate_prompt`, `interface/utils.py` `extract_input_variables_from_prompt`,
 * `utils/mustache_security.py`, langchain_core's `mustache_template_vars`). The f-string rows are
 * Langflow's own test cases (`tests/unit/utils/test_interface_utils.py`) plus names with spaces,
 * dashes, digits, punctuation and reserved names; their expected answers and messages are what
 * Langflow's `validate_prompt` code gives for them (its `_check_input_variables` quirks included).
 * The mustache rows are Langflow's `TestValidatePromptMustache`.
 */
import { describe, expect, it } from 'vitest';
import Prompt from '../../server/components/prompt.js';
import { promptVariablesOrThrow } from '../../shared/prompt-template.js';

type Expected = string[] | { refused: string };

const FSTRING: [template: string, expected: Expected][] = [
  ["Hello {name}!", ["name"]],
  ["Hi {name}, you are {age} years old", ["name", "age"]],
  ["", []],
  ["No variables here", []],
  ["Hello {name}! How are you {name}?", ["name"]],
  ["Hello { name }!", { refused: "Input variables contain invalid characters or formats. \nInvalid variables:  ,  ,  name .\nEmpty variables:  name . \nFixed variables: name." }],
  ["Hi {  name  }, bye", { refused: "Input variables contain invalid characters or formats. \nInvalid variables:  ,  ,  ,  ,   name  .\nEmpty variables:   name  . \nFixed variables: name." }],
  ["Escaped {{not_a_var}}", []],
  ["Mixed {{escaped}} and {real_var}", ["real_var"]],
  ["Double escaped {{{{not_this}}}}", []],
  ["Hello {name}! Your score is {{4 + 5}}, age: {age}", ["name", "age"]],
  ["Nested {{obj['key']}} with {normal_var}", ["normal_var"]],
  ["Template {{user.name}} with {id} and {type}", ["id", "type"]],
  ["{single}", ["single"]],
  ["{{double}}", []],
  ["{{{}}}", []],
  ["{topic} and { topic }", { refused: "Input variables contain invalid characters or formats. \nInvalid variables:  ,  topic ,  ,  topic .\nEmpty variables:  ,  topic ,  ,  topic . \nFixed variables: topic, topic." }],
  ["{first name}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables:  , first name.\nEmpty variables: first name. \nFixed variables: firstname." }],
  ["{a.b}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: ., a.b.\nEmpty variables: a.b. \nFixed variables: ab." }],
  ["{1st}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: 1.\nEmpty variables: . \nFixed variables: st." }],
  ["{0}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: 0.\nEmpty variables: . \nFixed variables: ." }],
  ["{12}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: 1, 2.\nEmpty variables: . \nFixed variables: ." }],
  ["{a[0]}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: [, ], a[0].\nEmpty variables: a[0]. \nFixed variables: a0." }],
  ["{²x}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: ².\nEmpty variables: . \nFixed variables: x." }],
  ["{topic} and {٣x}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables: ٣.\nEmpty variables: ٣. \nFixed variables: topic, x." }],
  ["{a b} {c,d}", { refused: "Input variables contain invalid characters or formats. \nInvalid variables:  , a b, ,, c,d, c,d.\nEmpty variables:  , a b, ,, c,d, c,d. \nFixed variables: ab, cd." }],
  ["{user-name} {café} {$x}", ["user-name", "café", "$x"]],
  ["{topic} {code}", { refused: "Invalid input variables. None of the variables can be named topic, code. " }],
  ["{template}", { refused: "Invalid input variables. None of the variables can be named template. " }],
  ["{x!r:>5} {y:{w}}", ["x", "y"]],
  ["{name:>10} and {name!r}", ["name"]],
  ["{}", []],
  ["JSON: {{\"answer\": \"{answer}\"}}", ["answer"]],
  ["}{", { refused: "Single '}' encountered in format string" }],
  ["{incomplete", { refused: "expected '}' before end of string" }],
  ["incomplete}", { refused: "Single '}' encountered in format string" }],
  ["{ {x} }", { refused: "unexpected '{' in field name" }],
  // Langflow tokenizes an f-string template as mustache too (to drop {{name}} names), so what is not
  // valid mustache is refused with chevron's message.
  ['a {{b', { refused: 'unclosed tag at line 1' }],
  ['one\ntwo {{/x}}', { refused: 'Trying to close tag "x"\nLooks like it was not opened.\nline 3' }],
  ['{{#x}}{y}', { refused: 'Unexpected EOF\nthe tag "x" was never closed\nwas opened at line 1' }],
  ['{{#x}}{y}{{/z}}', { refused: 'Trying to close tag "z"\nlast open tag is "x"\nline 2' }],
  ['{{}} {y}', { refused: 'string index out of range' }],
  ['{{=<% %>=}} {y} <%z%>', ['y']],
  ['{{#x}}{y}{{/x}}', ['y']],
];

const MUSTACHE: [template: string, expected: Expected][] = [
  ['Hello {{name}}!', ['name']],
  ['Hello {{first_name}} {{last_name}}!', ['first_name', 'last_name']],
  ['{{user_name}} - {{_private}}', ['user_name', '_private']],
  ['{{var1}} {{var2}} {{price_100}}', ['var1', 'var2', 'price_100']],
  ['', []],
  ['Hello World!', []],
  ['Dear {{name}}, your order {{order_id}} is ready.', ['name', 'order_id']],
  ['Single {braces} are text, {{name}} is not', ['name']],
  ...['{{#section}}content{{/section}}', '{{#if}}show this{{/if}}', '{{^empty}}not empty{{/empty}}', '{{&html_content}}', '{{{unescaped}}}', '{{>header}}', '{{!this is a comment}}', '{{.}}', '{{#outer}}{{#inner}}content{{/inner}}{{/outer}}', '{{#items}}{{name}}{{/items}}', '{{#section}}', '{{^section}}', '{{/section}}', 'Hello {{name}}! {{#show}}extra{{/show}}'].map(
    (t): [string, Expected] => [t, { refused: 'Complex mustache syntax is not allowed. Only simple variable substitution like {{variable}} is permitted.' }],
  ),
  ...['{{user.name}}', '{{ variable with spaces }}', '{{123abc}}', '{{}}', '{{price-$100}}'].map((t): [string, Expected] => [
    t,
    { refused: `Invalid mustache variable: ${t}. Only simple variable names like {{variable}} are allowed.` },
  ]),
  ['Hi {{name', { refused: 'Invalid template syntax. Check that all {{variables}} have matching opening and closing braces.' }],
  ['{{x}} }', { refused: "Single '}' encountered in format string" }],
  ['{{x}} {{template}}', { refused: 'Invalid input variables. None of the variables can be named x, template. ' }],
];

const outcome = (template: string, mustache: boolean): Expected => {
  try {
    return promptVariablesOrThrow(template, mustache);
  } catch (err) {
    return { refused: (err as Error).message };
  }
};
const fields = (values: Record<string, unknown>) => (Prompt.dynamicFields?.(values) ?? []).map((f) => f.name);

describe("Prompt variables in f-string mode, as Langflow's validate_prompt finds them", () => {
  it.each(FSTRING)('%j', (template, expected) => {
    expect(outcome(template, false)).toEqual(expected);
    // A refused template gives the Prompt node no fields; an accepted one, one per variable.
    expect(fields({ template })).toEqual(Array.isArray(expected) ? expected : []);
  });
});

describe("Prompt variables in mustache mode (Use Double Brackets), as Langflow's validate_prompt finds them", () => {
  it.each(MUSTACHE)('%j', (template, expected) => {
    expect(outcome(template, true)).toEqual(expected);
    expect(fields({ template, use_double_brackets: true })).toEqual(Array.isArray(expected) ? expected : []);
    expect(fields({ template, mode: '{{variable}}' })).toEqual(Array.isArray(expected) ? expected : []);
  });
});

describe('a name written both as {name} and {{name}}', () => {
  it('stays a variable: Langflow drops it only while the template is edited, its saved flows keep and fill it', () => {
    expect(outcome('{x} and {{x}}', false)).toEqual(['x']);
  });
});
