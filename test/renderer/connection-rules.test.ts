import { describe, expect, it } from 'vitest';
import { checkConnection } from '../../renderer/src/editor/connection-rules.js';
import { toViewNode, type ViewNode } from '../../renderer/src/editor/flow-mapping.js';
import { basicFlow, specs } from './support.js';

const nodes = new Map<string, ViewNode>(basicFlow().nodes.map((n) => [n.id, toViewNode(n)]));
const attempt = (source: string, sourceHandle: string, target: string, targetHandle: string) =>
  checkConnection({ source, sourceHandle, target, targetHandle }, nodes, specs);

describe('connection rules', () => {
  it('accepts an output whose type the field accepts', () => {
    expect(attempt('OpenAIModel-5UyvQ', 'text_output', 'ChatOutput-WcGpD', 'input_value')).toEqual({ ok: true });
    expect(attempt('ChatInput-8a86T', 'message', 'Prompt-pKfl9', 'persona')).toEqual({ ok: true });
  });

  it('refuses mismatched types and says why', () => {
    const verdict = attempt('OpenAIModel-5UyvQ', 'model_output', 'ChatOutput-WcGpD', 'input_value');
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/Language Model \(LanguageModel\) cannot feed Inputs/);
  });

  it('refuses fields without a port, unknown ports, notes and self-loops', () => {
    expect(attempt('ChatInput-8a86T', 'message', 'OpenAIModel-5UyvQ', 'model_name').ok).toBe(false);
    expect(attempt('ChatInput-8a86T', 'message', 'Prompt-pKfl9', 'no_such_variable').ok).toBe(false);
    expect(attempt('ChatInput-8a86T', 'message', 'note-Readm', 'text').ok).toBe(false);
    expect(attempt('Prompt-pKfl9', 'prompt', 'Prompt-pKfl9', 'persona').ok).toBe(false);
  });
});
