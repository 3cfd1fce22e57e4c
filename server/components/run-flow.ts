/**
 * Langflow's "Run Flow" (`RunFlow`): runs another saved flow (by name, endpoint name or id) with an
 * input and gives its answer; in tool mode, the flow becomes a tool an Agent can call.
 */
import { makeData } from '../../shared/data.js';
import { asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext, type SubflowResult } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { toRecord } from './lib/field-tables.js';
import { TOOL_OUTPUT, TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, withToolsMetadata } from './lib/tools.js';

export default defineComponent({
  type: 'RunFlow',
  display_name: 'Run Flow',
  description: 'Runs another saved flow with an input and gives its answer. In tool mode, an Agent can call the flow.',
  category: 'Logic',
  icon: 'Workflow',
  fields: [
    { name: 'flow_name_selected', display_name: 'Flow Name', kind: 'dropdown', options: [], combobox: true, default: '', info: 'The flow to run: its name, endpoint name or id.' },
    { name: 'flow_id_selected', display_name: 'Flow ID', kind: 'str', default: '', advanced: true, info: 'The id of the flow to run (wins over the name).' },
    { name: 'input_value', display_name: 'Input Value', kind: 'multiline', default: '', input_types: ['Message'], info: "Given to the flow's inputs, like input_value of /api/v1/run." },
    { name: 'session_id', display_name: 'Session ID', kind: 'str', default: '', input_types: ['Message'], advanced: true, info: "The session to run the flow in. Empty: this run's." },
    { name: 'tweaks', display_name: 'Tweaks', kind: 'dict', default: {}, advanced: true, info: 'Tweaks for the flow, as in /api/v1/run.' },
    {
      name: 'tool_description',
      display_name: 'Tool Description',
      kind: 'multiline',
      default: '',
      advanced: true,
      info: 'What the flow does, for an Agent deciding whether to call it. Empty: a generic description.',
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [
    { name: 'flow_outputs_message', display_name: 'Flow Message', types: ['Message'] },
    { name: 'flow_outputs_data', display_name: 'Flow Data', types: ['Data'] },
    TOOL_OUTPUT_SPEC,
  ],

  async run(inputs, ctx) {
    const outputs: Record<string, unknown> = {};
    const flow = asString(inputs.flow_id_selected).trim() || asString(inputs.flow_name_selected).trim();
    if (ctx.wants(TOOL_OUTPUT)) {
      if (!flow) throw new Error('No flow selected: pick the flow to run');
      outputs[TOOL_OUTPUT] = withToolsMetadata(
        makeTool(
          `run_flow_${asString(inputs.flow_name_selected).trim() || flow}`,
          asString(inputs.tool_description).trim() || `Runs the flow "${asString(inputs.flow_name_selected).trim() || flow}" with an input text and returns its answer.`,
          { type: 'object', properties: { input_value: { type: 'string', description: 'The input to give the flow.' } }, required: ['input_value'] },
          async (args) => (await runSelected(flow, String(args.input_value ?? args.input ?? ''), inputs, ctx)).text,
        ),
        inputs.tools_metadata,
      );
    }
    if (ctx.wants('flow_outputs_message') || ctx.wants('flow_outputs_data')) {
      if (!flow) throw new Error('No flow selected: pick the flow to run');
      const result = await runSelected(flow, await resolveText(inputs.input_value), inputs, ctx);
      outputs.flow_outputs_message = buildMessage(ctx, { text: result.text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx, result.flowName) });
      outputs.flow_outputs_data = result.outputs.map((o) => makeData({ text: o.text, component_id: o.componentId, display_name: o.displayName, flow_id: result.flowId }));
    }
    return outputs;
  },
});

async function runSelected(flow: string, input: string, inputs: FieldValues, ctx: RunContext): Promise<SubflowResult> {
  const sessionId = (await resolveText(inputs.session_id)).trim();
  return ctx.runFlow({ flow, inputValue: input === '' ? null : input, ...(sessionId ? { sessionId } : {}), tweaks: toRecord(inputs.tweaks) });
}
