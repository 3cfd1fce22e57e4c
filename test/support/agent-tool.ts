/** An Agent (against the fake OpenAI) that calls one tool once with given arguments, then answers with what the tool said. */
import Agent from '../../server/components/agent.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { startFakeOpenAI, type FakeOpenAIRequest } from './fake-openai.js';

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
