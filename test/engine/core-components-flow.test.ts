/** Langflow's small core components wired in flows: dynamic fields, list fields fed by one edge, a Data router's branches. */
import { describe, expect, it } from 'vitest';
import { builtinComponents } from '../../server/components/index.js';
import { createRegistry } from '../../server/engine/registry.js';
import { runFlow } from '../../server/engine/run-flow.js';
import { planFlow } from '../../server/engine/run-plan.js';
import type { Data } from '../../shared/data.js';
import type { FlowData } from '../../shared/flow.js';
import type { Message } from '../../shared/message.js';
import { edge, flow, node, testComponents } from './support.js';

const registry = createRegistry([...builtinComponents, ...testComponents]);

async function run(data: FlowData) {
  const stored: Message[] = [];
  const result = await runFlow({
    plan: planFlow(data, registry),
    flowId: 'flow-1',
    sessionId: 'session-1',
    messages: { store: async (m) => void stored.push(m), history: async () => [] },
    variables: { get: async () => undefined },
    env: {},
    onEvent: () => {},
  });
  return { result, stored };
}

describe('core components in a flow', () => {
  it('Create Data takes its Field N values as the node sets them, Data to DataFrame and Parse DataFrame read it through list fields', async () => {
    const { result } = await run(
      flow(
        [
          node('CreateData-c1', { number_of_fields: 2, field_1_key: { name: 'Ada' }, field_2_key: { role: 'programmer' } }),
          node('DataToDataFrame-d1'),
          node('ParseDataFrame-p1', { template: '{name} ({role})' }),
          node('Collect-out'),
        ],
        [edge('CreateData-c1.data', 'DataToDataFrame-d1.data_list'), edge('DataToDataFrame-d1.dataframe', 'ParseDataFrame-p1.df'), edge('ParseDataFrame-p1.text', 'Collect-out.one')],
      ),
    );
    expect((result.nodes.get('CreateData-c1')?.outputs.data as Data).data).toEqual({ name: 'Ada', role: 'programmer' });
    expect(((result.nodes.get('Collect-out')?.outputs.inputs as { one: Message }).one).text).toBe('Ada (programmer)');
  });

  it('Condition sends Data down one branch and skips the other', async () => {
    const routed = (status: string) =>
      flow(
        [
          node('CreateData-c1', { number_of_fields: 1, field_1_key: { status } }),
          node('DataConditionalRouter-r1', { key_name: 'status', operator: 'equals', compare_value: 'ok' }),
          node('SelectData-yes'),
          node('SelectData-no'),
        ],
        [
          edge('CreateData-c1.data', 'DataConditionalRouter-r1.data_input'),
          edge('DataConditionalRouter-r1.true_output', 'SelectData-yes.data_list'),
          edge('DataConditionalRouter-r1.false_output', 'SelectData-no.data_list'),
        ],
      );
    const ok = await run(routed('ok'));
    expect([...ok.result.skipped]).toEqual(['SelectData-no']);
    expect((ok.result.nodes.get('SelectData-yes')?.outputs.selected_data as Data).data).toEqual({ status: 'ok' });
    const bad = await run(routed('bad'));
    expect([...bad.result.skipped]).toEqual(['SelectData-yes']);
    expect((bad.result.nodes.get('SelectData-no')?.outputs.selected_data as Data).data).toEqual({ status: 'bad' });
  });

  it('Message Store writes to the run store', async () => {
    const { stored } = await run(flow([node('TextInput-t1', { input_value: 'remember me' }), node('StoreMessage-s1')], [edge('TextInput-t1.text', 'StoreMessage-s1.message')]));
    expect(stored.map((m) => [m.text, m.sender, m.sender_name, m.session_id])).toEqual([['remember me', 'Machine', 'AI', 'session-1']]);
  });
});
