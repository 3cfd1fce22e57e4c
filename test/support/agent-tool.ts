/** An Agent (against the fake OpenAI) that calls one tool once with given arguments, then answers with what the tool said. */
import Agent from '../../server/components/agent.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import Calculator from '../../server/components/calculator.js';
import { startFakeOpenAI, type FakeOpenAIRequest, type FakeTurn } from './fake-openai.js';

export interface AgentToolRun {
  /** The agent's answer: "TOOL SAID: " and the tool's text (or the error the agent reported to the model). */
  answer: string;
  /** The tools the model was offered, by name, with their JSON schemas. */
  offered: { name: string; description: string; parameters: unknown }[];
  requests: FakeOpenAIRequest[];
}

export async function runAgentWithTool(tool: Tool, args: Record<string, unknown>): Promise<AgentToolRun> {
  const fake = await startFakeOpenAI({
    respond: (body) => {
      const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
      if (last.role === 'tool') return { text: `TOOL SAID: ${String(last.content)}` };
      return { toolCalls: [{ name: tool.name, arguments: args }] };
    },
  });
  try {
    const defaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
    const out = await Agent.run(
      { ...defaults, input_value: 'Use the tool.', tools: [tool], add_current_date_tool: false },
      testContext({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-agent' } }),
    );
    const offered = ((fake.requests[0]?.body.tools ?? []) as { function: { name: string; description: string; parameters: unknown } }[]).map((t) => t.function);
    return { answer: (out.response as Message).text, offered, requests: fake.requests };
  } finally {
    await fake.close();
  }
}

/** An OpenAI-format model turn that asks for the calculator (`6*7`) once, then answers with its result. */
export function calculatingTurn(body: Record<string, unknown>): FakeTurn {
  const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
  if (last.role === 'tool') return { text: `The answer is ${String(last.content)}.` };
  return { toolCalls: [{ name: 'evaluate_expression', arguments: { expression: '6*7' } }] };
}

/** An Agent given `model` (a model component's Language Model output) and the calculator tool, asked 6*7: its answer. */
export async function agentWithCalculator(model: unknown): Promise<string> {
  const calculator = (await Calculator.run({}, testContext({ wanted: ['component_as_tool'] }))).component_as_tool as Tool;
  const defaults = Object.fromEntries(Agent.fields.map((f) => [f.name, f.default]));
  const out = await Agent.run({ ...defaults, agent_llm: model, input_value: '6*7?', tools: [calculator], add_current_date_tool: false }, testContext());
  return (out.response as Message).text;
}
