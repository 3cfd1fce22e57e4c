import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildTweaks, curlSnippet, jsSnippet, pythonLiteral, pythonSnippet, tweakability, type SnippetInput } from '../../renderer/src/api-panel/snippets.js';
import { toViewEdge, toViewNode } from '../../renderer/src/editor/flow-mapping.js';
import { basicFlow, specs } from './support.js';

const flow = basicFlow();
const nodes = flow.nodes.map(toViewNode);
const edges = flow.edges.map(toViewEdge);
const input = (over: Partial<SnippetInput> = {}): SnippetInput => ({
  baseUrl: 'http://127.0.0.1:7861',
  flowRef: 'pirate-bot',
  inputValue: "it's me",
  tweaks: buildTweaks(nodes, edges, specs, false),
  apiKey: false,
  ...over,
});

describe('API snippets', () => {
  it('list every component node id in the tweaks, and no note', () => {
    expect(Object.keys(buildTweaks(nodes, edges, specs, false))).toEqual(['ChatInput-8a86T', 'Prompt-pKfl9', 'OpenAIModel-5UyvQ', 'ChatOutput-WcGpD']);
  });

  it('fill tweaks with current values, leaving out secrets, connected fields and global-variable fields', () => {
    const tweaks = buildTweaks(nodes, edges, specs, true);
    expect(tweaks['OpenAIModel-5UyvQ']).toMatchObject({ model_name: 'gpt-4o-mini', temperature: 0.1, stream: false });
    expect(tweaks['OpenAIModel-5UyvQ']).not.toHaveProperty('api_key');
    expect(tweaks['OpenAIModel-5UyvQ']).not.toHaveProperty('input_value');
    expect(tweaks['OpenAIModel-5UyvQ']).not.toHaveProperty('system_message');
    expect(tweaks['Prompt-pKfl9']).toEqual({ template: 'Answer as a {persona}.' });
  });

  it("leave out the model's address while its key is stored, and follow the server's tweak policy", () => {
    const tweaks = buildTweaks(nodes, edges, specs, true);
    expect(tweaks['OpenAIModel-5UyvQ']).not.toHaveProperty('openai_api_base');
    const model = tweakability(nodes, edges, specs, 'permissive').find((n) => n.nodeId === 'OpenAIModel-5UyvQ');
    const refusal = (name: string) => model?.fields.find((f) => f.field.name === name)?.refusal;
    expect([refusal('api_key'), refusal('openai_api_base'), refusal('temperature')]).toEqual(['protected', 'protected', undefined]);
    expect(model?.fields.map((f) => f.field.name)).not.toContain('input_value');

    expect(buildTweaks(nodes, edges, specs, true, 'off')).toEqual({});
    expect(tweakability(nodes, edges, specs, 'off').flatMap((n) => n.fields).every((f) => f.refusal === 'off')).toBe(true);

    // declared: once a node marks an API field, only marked fields are tweakable.
    const marked = nodes.map((n) => (n.id === 'Prompt-pKfl9' && n.type === 'component' ? { ...n, data: { ...n.data, apiEditable: ['template'] } } : n));
    const declared = tweakability(marked, edges, specs, 'declared');
    expect(declared.flatMap((n) => n.fields.filter((f) => f.refusal === undefined).map((f) => `${n.nodeId}.${f.field.name}`))).toEqual(['Prompt-pKfl9.template']);
    expect(buildTweaks(marked, edges, specs, true, 'declared')['Prompt-pKfl9']).toEqual({ template: 'Answer as a {persona}.' });
    expect(buildTweaks(marked, edges, specs, true, 'declared')['OpenAIModel-5UyvQ']).toEqual({});
    expect(tweakability(nodes, edges, specs, 'declared')).toEqual(tweakability(nodes, edges, specs, 'permissive'));
  });

  it('curl: a shell command whose body is the JSON payload, quotes escaped', () => {
    const curl = curlSnippet(input());
    expect(curl).toContain("'http://127.0.0.1:7861/api/v1/run/pirate-bot?stream=false'");
    // Let bash parse it, then read back the arguments curl would get.
    const args = execFileSync('bash', ['-c', curl.replace(/^curl /, 'printf "%s\\0" ')]).toString().split('\0');
    const body = JSON.parse(args[args.indexOf('-d') + 1] ?? '') as Record<string, unknown>;
    expect(body).toEqual({ input_value: "it's me", output_type: 'chat', input_type: 'chat', tweaks: input().tweaks });
    expect(curl).not.toContain('x-api-key');
    expect(curlSnippet(input({ apiKey: true }))).toContain('-H "x-api-key: $FLOWDESK_API_KEY"');
  });

  it('Python: requests with a payload written as a Python literal', () => {
    const python = pythonSnippet(input({ tweaks: { 'X-1': { stream: false, seed: null, on: true, list: [1, 'a'] } }, apiKey: true }));
    expect(python).toContain('url = "http://127.0.0.1:7861/api/v1/run/pirate-bot"');
    expect(python).toContain('"stream": False');
    expect(python).toContain('"seed": None');
    expect(python).toContain('"on": True');
    expect(python).toContain('os.environ["FLOWDESK_API_KEY"]');
    expect(pythonLiteral({})).toBe('{}');
  });

  it('JavaScript: fetch with the payload and the header only when asked', () => {
    expect(jsSnippet(input())).toContain("fetch(\"http://127.0.0.1:7861/api/v1/run/pirate-bot\"");
    expect(jsSnippet(input())).not.toContain('x-api-key');
    expect(jsSnippet(input({ apiKey: true }))).toContain("'x-api-key': process.env.FLOWDESK_API_KEY");
  });

  it('encode a flow reference that is not URL-safe', () => {
    expect(curlSnippet(input({ flowRef: 'a b' }))).toContain('/api/v1/run/a%20b?');
  });
});
