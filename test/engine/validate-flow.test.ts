import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { findFlowProblems, validateFlow } from '../../server/engine/validate-flow.js';
import { InvalidFlowError } from '../../shared/errors.js';
import type { FlowData } from '../../shared/flow.js';
import { edge, flow, node, note, testComponents } from './support.js';

const registry = createRegistry([...builtinComponents, ...testComponents]);

function refusal(data: FlowData): InvalidFlowError {
  try {
    validateFlow(data, registry);
  } catch (error) {
    if (error instanceof InvalidFlowError) return error;
    throw error;
  }
  throw new Error('the flow was accepted');
}

describe('validateFlow', () => {
  it('accepts a well-formed flow with notes', () => {
    const ok = flow(
      [node('ChatInput-a1'), node('Prompt-p1', { template: 'Say {thing}' }), node('ChatOutput-o1'), note('note-1')],
      [edge('ChatInput-a1.message', 'Prompt-p1.thing'), edge('Prompt-p1.prompt', 'ChatOutput-o1.input_value')],
    );
    expect(findFlowProblems(ok, registry)).toEqual([]);
    expect(validateFlow(ok, registry).nodes.map((n) => n.node.id)).toEqual(['ChatInput-a1', 'Prompt-p1', 'ChatOutput-o1']);
  });

  it('names an unsupported component and its node', () => {
    const error = refusal(flow([node('RemixDocumentation-x1'), node('ChatOutput-o1')]));
    expect(error.message).toBe('Node RemixDocumentation-x1 uses an unsupported component type "RemixDocumentation"');
    expect(error.nodeIds).toEqual(['RemixDocumentation-x1']);
    expect(error.code).toBe('invalid_flow');
  });

  it('refuses edges to missing nodes', () => {
    const error = refusal(flow([node('ChatOutput-o1')], [edge('Gone-1.message', 'ChatOutput-o1.input_value')]));
    expect(error.message).toBe('Edge Gone-1 → ChatOutput-o1: node Gone-1 does not exist');
  });

  it('refuses an edge from an output the source does not have', () => {
    const error = refusal(flow([node('ChatInput-a1'), node('ChatOutput-o1')], [edge('ChatInput-a1.nope', 'ChatOutput-o1.input_value')]));
    expect(error.message).toBe('Edge ChatInput-a1 → ChatOutput-o1: ChatInput-a1 (Chat Input) has no output "nope"');
    expect(error.nodeIds).toEqual(['ChatInput-a1']);
  });

  it('refuses an edge into a field that does not exist or has no port', () => {
    const missing = refusal(flow([node('ChatInput-a1'), node('ChatOutput-o1')], [edge('ChatInput-a1.message', 'ChatOutput-o1.nope')]));
    expect(missing.message).toContain('ChatOutput-o1 (Chat Output) has no field "nope"');
    const noPort = refusal(flow([node('ChatInput-a1'), node('ChatOutput-o1')], [edge('ChatInput-a1.message', 'ChatOutput-o1.sender')]));
    expect(noPort.message).toContain('field "sender" of ChatOutput-o1 (Chat Output) cannot be connected');
  });

  it('accepts edges into dynamic fields and refuses them once the variable is gone', () => {
    const withVar = flow([node('ChatInput-a1'), node('Prompt-p1', { template: '{q}' })], [edge('ChatInput-a1.message', 'Prompt-p1.q')]);
    expect(findFlowProblems(withVar, registry)).toEqual([]);
    const overrides = new Map([['Prompt-p1', { template: 'no variables' }]]);
    expect(findFlowProblems(withVar, registry, overrides).map((p) => p.message)).toEqual([
      'Edge ChatInput-a1 → Prompt-p1: Prompt-p1 (Prompt) has no field "q"',
    ]);
  });

  it('refuses type-incompatible edges', () => {
    const error = refusal(flow([node('MakeData-d1'), node('Prompt-p1', { template: '{q}' })], [edge('MakeData-d1.data', 'Prompt-p1.q')]));
    expect(error.message).toBe('Edge MakeData-d1 → Prompt-p1: output "data" gives Data but field "q" accepts Message');
    expect(error.nodeIds).toEqual(['MakeData-d1', 'Prompt-p1']);
  });

  it('refuses edges touching notes', () => {
    const error = refusal(flow([note('note-1'), node('ChatOutput-o1')], [edge('note-1.message', 'ChatOutput-o1.input_value')]));
    expect(error.message).toBe('Edge note-1 → ChatOutput-o1: note-1 is a note; notes cannot be connected');
  });

  it('refuses cycles, naming the nodes in order', () => {
    const error = refusal(
      flow(
        [node('Prompt-abc12', { template: '{a}' }), node('OpenAIModel-x'), node('ChatOutput-o1')],
        [
          edge('Prompt-abc12.prompt', 'OpenAIModel-x.input_value'),
          edge('OpenAIModel-x.text_output', 'Prompt-abc12.a'),
          edge('OpenAIModel-x.text_output', 'ChatOutput-o1.input_value'),
        ],
      ),
    );
    expect(error.message).toBe('Flow has a cycle: Prompt-abc12 → OpenAIModel-x → Prompt-abc12');
    expect(error.nodeIds).toEqual(['Prompt-abc12', 'OpenAIModel-x']);
  });

  it('refuses a node feeding itself', () => {
    const error = refusal(flow([node('Slow-s1')], [edge('Slow-s1.out', 'Slow-s1.text')]));
    expect(error.message).toBe('Flow has a cycle: Slow-s1 → Slow-s1');
  });

  it('refuses duplicate node ids', () => {
    expect(refusal(flow([node('Slow-s1'), node('Slow-s1')])).message).toBe('Two nodes share the id Slow-s1');
  });

  it('lists every problem without throwing, and joins them when throwing', () => {
    const bad = flow([node('Nope-1'), node('ChatOutput-o1')], [edge('ChatOutput-o1.message', 'ChatOutput-o1.bad'), edge('X-1.a', 'ChatOutput-o1.input_value')]);
    const problems = findFlowProblems(bad, registry);
    expect(problems).toHaveLength(3);
    expect(problems[1]).toMatchObject({ edgeId: 'ChatOutput-o1.message->ChatOutput-o1.bad', nodeIds: ['ChatOutput-o1'] });
    expect(refusal(bad).message.split('; ')).toHaveLength(3);
  });
});
