/** Langflow's "Current Date" (`CurrentDate`): the date and time now in a time zone; also a tool for Agents. */
import { defineComponent } from '../engine/define-component.js';
import { buildMessage, nodeSource } from '../engine/messages.js';
import { resolveText } from '../engine/resolve-text.js';
import { currentDateText } from './lib/current-date.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolOutput } from './lib/tools.js';

/** The IANA zones this runtime knows (Langflow lists Python's `available_timezones()`), sorted. */
const ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].sort();

export default defineComponent({
  type: 'CurrentDate',
  display_name: 'Current Date',
  description: 'Returns the current date and time in the selected timezone.',
  category: 'Helpers',
  icon: 'clock',
  fields: [
    {
      name: 'timezone',
      display_name: 'Timezone',
      kind: 'dropdown',
      options: ZONES,
      default: 'UTC',
      input_types: ['Message'],
      info: 'Select the timezone for the current date and time.',
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'current_date', display_name: 'Current Date', types: ['Message'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'get_current_date',
        'Returns the current date and time in the selected timezone.',
        { type: 'object', properties: { timezone: { type: 'string', description: 'Select the timezone for the current date and time.' } }, required: [] },
        async (args) => currentDateText(typeof args.timezone === 'string' && args.timezone ? args.timezone : 'UTC', new Date()),
      ),
    );
    if (ctx.wants('current_date')) {
      const text = currentDateText((await resolveText(inputs.timezone)) || 'UTC', new Date());
      outputs.current_date = buildMessage(ctx, { text, sender: 'Machine', sender_name: ctx.displayName, source: nodeSource(ctx) });
    }
    return outputs;
  },
});
