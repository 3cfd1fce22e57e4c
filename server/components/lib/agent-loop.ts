/**
 * The tool-calling loop of the Agent: ask the model with the tools; run each tool call it makes
 * (emitting it as run events) and give it the results; repeat until it answers in text, at most
 * `maxIterations` model calls.
 */
import { errorMessage } from '../../../shared/errors.js';
import type { RunContext } from '../../engine/define-component.js';
import type { Tool } from '../../engine/tool.js';
import type { ChatClient, ChatMessage } from '../models/chat-client.js';

export interface AgentStep {
  tool: string;
  input: Record<string, unknown>;
  output: string;
  error: boolean;
  duration_ms: number;
}

export interface AgentAnswer {
  text: string;
  steps: AgentStep[];
}

export async function runAgentLoop(
  client: ChatClient,
  options: { system: string; history: ChatMessage[]; input: string; tools: readonly Tool[]; maxIterations: number },
  ctx: RunContext,
): Promise<AgentAnswer> {
  const messages: ChatMessage[] = [...options.history, { role: 'user', content: options.input }];
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const steps: AgentStep[] = [];
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    const reply = await client.complete({ system: options.system, messages, tools: options.tools }, ctx.signal);
    if (reply.toolCalls.length === 0) return { text: reply.text, steps };
    messages.push({ role: 'assistant', content: reply.text, toolCalls: reply.toolCalls });
    for (const call of reply.toolCalls) {
      ctx.emit({ type: 'tool_call', nodeId: ctx.nodeId, callId: call.id, tool: call.name, input: call.args });
      const started = performance.now();
      const tool = byName.get(call.name);
      let output: string;
      let failed = false;
      try {
        if (!tool) throw new Error(`Unknown tool "${call.name}": the tools are ${[...byName.keys()].join(', ') || 'none'}`);
        output = await tool.invoke(call.args, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        failed = true;
        output = `Error: ${errorMessage(error)}`;
      }
      const durationMs = Math.round(performance.now() - started);
      ctx.emit({ type: 'tool_result', nodeId: ctx.nodeId, callId: call.id, tool: call.name, output, error: failed, durationMs });
      steps.push({ tool: call.name, input: call.args, output, error: failed, duration_ms: durationMs });
      messages.push({ role: 'tool', callId: call.id, name: call.name, content: output, isError: failed });
    }
  }
  throw new Error(`The agent gave no final answer within ${options.maxIterations} model calls (Max Iterations): it kept calling tools`);
}
