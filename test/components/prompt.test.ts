import { describe, expect, it } from 'vitest';
import Prompt from '../../server/components/prompt.js';
import { TextStream } from '../../server/engine/text-stream.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

describe('Prompt', () => {
  it('adds one Message field per template variable', () => {
    const fields = Prompt.dynamicFields?.({ template: 'Hi {name}, {name}! {{not}} {topic}' }) ?? [];
    expect(fields).toEqual([
      { name: 'name', display_name: 'name', kind: 'multiline', default: '', input_types: ['Message'], dynamic: true },
      { name: 'topic', display_name: 'topic', kind: 'multiline', default: '', input_types: ['Message'], dynamic: true },
    ]);
    expect(Prompt.template_field).toBe('template');
  });

  it('renders variables from text, messages and streams, with literal braces', async () => {
    const stream = new TextStream();
    stream.push('streamed');
    stream.end();
    const message = { text: 'from a message', sender: 'User', session_id: 's' };
    const ctx = testContext({ nodeId: 'Prompt-p1', displayName: 'Prompt' });
    const { prompt } = await Prompt.run({ template: '{a} / {b} / {c} / {{x}} / {missing}', a: 'text', b: message, c: stream }, ctx);
    expect((prompt as Message).text).toBe('text / from a message / streamed / {x} / ');
    expect((prompt as Message).properties.source).toEqual({ id: 'Prompt-p1', display_name: 'Prompt', source: 'Prompt' });
  });
});

const variables = (values: Record<string, unknown>) => (Prompt.dynamicFields?.(values) ?? []).map((f) => f.name);
const render = async (inputs: Record<string, unknown>) => ((await Prompt.run(inputs, testContext({ nodeId: 'Prompt-p1' }))).prompt as Message).text;

describe("Prompt: Langflow's f-string mode ({variable}, Python's str.format)", () => {
  it('has the fields of Langflow\'s Prompt: use_double_brackets, tool_placeholder (a Message port), and the older mode tab', () => {
    const byName = Object.fromEntries(Prompt.fields.map((f) => [f.name, f]));
    expect(byName.use_double_brackets).toMatchObject({ kind: 'bool', default: false, advanced: true });
    expect(byName.tool_placeholder).toMatchObject({ kind: 'str', input_types: ['Message'], advanced: true });
    expect(byName.mode).toMatchObject({ options: ['{variable}', '{{variable}}'], default: '{variable}' });
  });

  it('escapes braces by doubling them: {{x}} is the text {x}, not a variable', async () => {
    expect(variables({ template: 'JSON: {{"answer": "{answer}"}}' })).toEqual(['answer']);
    expect(await render({ template: 'JSON: {{"answer": "{answer}"}}', answer: '42' })).toBe('JSON: {"answer": "42"}');
  });

  it('takes any name without a space or one of ,.:;!?/\\()[] as a variable, including dashes and non-ASCII letters', async () => {
    expect(variables({ template: '{user-name} {café} {$x}' })).toEqual(['user-name', 'café', '$x']);
    expect(await render({ template: '{user-name} {café}', 'user-name': 'Ada', café: 'noir' })).toBe('Ada noir');
  });

  it('gives no variables at all when one name is invalid: spaces, punctuation, a leading digit, or a reserved name', () => {
    expect(variables({ template: '{topic} and { topic }' })).toEqual([]);
    expect(variables({ template: '{topic} and {first name}' })).toEqual([]);
    expect(variables({ template: '{topic} and {a.b}' })).toEqual([]);
    expect(variables({ template: '{topic} and {1st}' })).toEqual([]);
    expect(variables({ template: '{topic} and {٣x}' })).toEqual([]);
    expect(variables({ template: '{topic} and {²x}' })).toEqual([]);
    expect(variables({ template: '{topic} and {code}' })).toEqual([]);
    expect(variables({ template: '{topic} and {template}' })).toEqual([]);
  });

  it('fails the run, saying why, for a template Langflow gives no variables', async () => {
    await expect(render({ template: 'about { topic }' })).rejects.toThrow(
      "Input variables contain invalid characters or formats. \nInvalid variables:  ,  ,  topic .\nEmpty variables:  topic . \nFixed variables: topic. Cannot fill the prompt template: KeyError: ' topic '",
    );
    await expect(render({ template: 'a } b' })).rejects.toThrow("Single '}' encountered in format string");
    await expect(render({ template: 'a {b' })).rejects.toThrow("expected '}' before end of string");
    await expect(render({ template: 'a {} b' })).rejects.toThrow('Replacement index 0 out of range for positional args tuple');
  });

  it('keeps a name that also appears as {{name}}, as Langflow\'s saved flows do (Twitter Thread Generator)', async () => {
    expect(variables({ template: '{x} and {{x}}' })).toEqual(['x']);
    expect(await render({ template: '{x} and {{x}}', x: 'v' })).toBe('v and {x}');
    expect(await render({ template: '{{{x}}}', x: 'v' })).toBe('{v}');
  });

  it('applies conversions and the string format spec as Python does', async () => {
    expect(variables({ template: '[{name:>6}] [{name:*^9.2}] [{name!r}] [{name:05}]' })).toEqual(['name']);
    expect(await render({ template: '[{name:>6}] [{name:*^9.2}] [{name!r}] [{name:05}]', name: 'Ada' })).toBe("[   Ada] [***Ad****] ['Ada'] [Ada00]");
    expect(await render({ template: '{q!r} {q!a}', q: "it's é" })).toBe('"it\'s é" "it\'s \\xe9"');
    await expect(render({ template: '{n:d}', n: '5' })).rejects.toThrow("Unknown format code 'd' for object of type 'str'");
  });

  it("reads the starters' mode value \"f-string\" as the single-bracket mode", async () => {
    expect(variables({ template: 'Say {{word}} and {literal}', mode: 'f-string', use_double_brackets: false })).toEqual(['literal']);
    expect(await render({ template: 'Say {{word}} and {literal}', mode: 'f-string', literal: 'this' })).toBe('Say {word} and this');
  });
});

describe("Prompt: Langflow's double-bracket mode ({{variable}}, use_double_brackets)", () => {
  it('makes {{name}} a variable and leaves single braces as text', async () => {
    expect(variables({ template: 'Say {{word}} and {literal}', use_double_brackets: true })).toEqual(['word']);
    expect(await render({ template: 'Say {{word}} and {literal}', use_double_brackets: true, word: 'ahoy' })).toBe('Say ahoy and {literal}');
  });

  it('is also chosen by the older mode tab set to {{variable}}', async () => {
    expect(variables({ template: 'Say {{word}}', mode: '{{variable}}' })).toEqual(['word']);
    expect(await render({ template: 'Say {{word}} {x}', mode: '{{variable}}', word: 'hi' })).toBe('Say hi {x}');
  });

  it('fills a missing value with nothing, and never reads a value as a template', async () => {
    expect(await render({ template: '[{{a}}] [{{b}}]', use_double_brackets: true, a: '{{b}}' })).toBe('[{{b}}] []');
  });

  it('refuses anything but {{identifier}}: spaces, dots, sections, comments, partials, triple braces', async () => {
    for (const template of ['{{ word }}', '{{a.b}}', '{{#items}}x{{/items}}', '{{! note }}', '{{> part}}', '{{{raw}}}', '{{&raw}}', '{{.}}', '{{1a}}']) {
      expect(variables({ template, use_double_brackets: true }), template).toEqual([]);
      await expect(render({ template, use_double_brackets: true }), template).rejects.toThrow(/mustache/);
    }
  });

  it('gives no variables for a reserved name, or a template the single-bracket parser cannot read, yet still renders it (without the field, empty)', async () => {
    expect(variables({ template: 'Use {{template}}', use_double_brackets: true })).toEqual([]);
    expect(variables({ template: 'Say {{word}} or {', use_double_brackets: true })).toEqual([]);
    expect(await render({ template: 'Say {{word}} or {', use_double_brackets: true, word: 'x' })).toBe('Say  or {');
  });

  it('keeps the dynamic fields of the mode the node is in', () => {
    const template = 'A {one} and {{two}}';
    expect(variables({ template })).toEqual(['one']);
    expect(variables({ template, use_double_brackets: true })).toEqual(['two']);
    expect(variables({ template, use_double_brackets: 'true' })).toEqual(['two']);
  });
});
