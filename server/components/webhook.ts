/** Starts a flow from `POST /api/v1/webhook/{flow}`: the request body, as Data. */
import { makeData } from '../../shared/data.js';
import { asString } from '../engine/field-values.js';
import { defineComponent } from '../engine/define-component.js';

export default defineComponent({
  type: 'Webhook',
  display_name: 'Webhook',
  description: 'Defines a webhook to trigger the flow: the request body becomes Data.',
  category: 'Data',
  icon: 'webhook',
  role: 'input',
  fields: [
    {
      name: 'data',
      display_name: 'Payload',
      kind: 'multiline',
      default: '',
      advanced: true,
      info: 'The raw request body (filled by the webhook endpoint; set it here to test the flow).',
    },
  ],
  outputs: [{ name: 'output_data', display_name: 'Data', types: ['Data'] }],

  async run(inputs) {
    return { output_data: makeData(parseBody(asString(inputs.data))) };
  },
});

/** A JSON object body as is; any other JSON value, or text that is not JSON, under `payload`. */
function parseBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { payload: raw };
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { payload: parsed };
}
