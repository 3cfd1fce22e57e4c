import { describe, expect, it } from 'vitest';
import RunFlow from '../../server/components/run-flow.js';
import type { SubflowRequest, SubflowResult } from '../../server/engine/define-component.js';
import type { Tool } from '../../server/engine/tool.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(RunFlow.fields.map((f) => [f.name, f.default]));

function fakeRunner() {
  const requests: SubflowRequest[] = [];
  const runFlow = async (request: SubflowRequest): Promise<SubflowResult> => {
    requests.push(request);
    if (request.flow !== 'Echo') throw new Error(`Flow "${request.flow}" not found`);
    const text = `echo: ${request.inputValue ?? ''}`;
    return { flowId: 'f-echo', flowName: 'Echo', description: '', text, outputs: [{ componentId: 'ChatOutput-1', displayName: 'Chat Output', text, values: {} }] };
  };
  return { requests, runFlow };
}

describe('RunFlow', () => {
  it('runs the selected flow with the input and gives its answer', async () => {
    const { requests, runFlow } = fakeRunner();
    const out = await RunFlow.run({ ...defaults, flow_name_selected: 'Echo', input_value: 'hi', tweaks: { 'Prompt-1': { template: 'x' } } }, testContext({ runFlow }));
    expect((out.flow_outputs_message as Message).text).toBe('echo: hi');
    expect((out.flow_outputs_data as Data[])[0]?.data).toMatchObject({ text: 'echo: hi', component_id: 'ChatOutput-1' });
    expect(requests[0]).toEqual({ flow: 'Echo', inputValue: 'hi', tweaks: { 'Prompt-1': { template: 'x' } } });
  });

  it('is a tool named after the flow', async () => {
    const { runFlow } = fakeRunner();
    const tool = (await RunFlow.run({ ...defaults, flow_name_selected: 'Echo' }, testContext({ runFlow, wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(tool.name).toBe('run_flow_Echo');
    expect(await tool.invoke({ input_value: 'ping' }, new AbortController().signal)).toBe('echo: ping');
  });

  it('fails without a flow, and with the runner\'s error for an unknown one', async () => {
    const { runFlow } = fakeRunner();
    await expect(RunFlow.run({ ...defaults }, testContext({ runFlow }))).rejects.toThrow('No flow selected');
    await expect(RunFlow.run({ ...defaults, flow_name_selected: 'Ghost' }, testContext({ runFlow }))).rejects.toThrow('Flow "Ghost" not found');
  });
});
