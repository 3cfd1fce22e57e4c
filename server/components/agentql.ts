/**
 * Langflow's "Extract Web Data" (`AgentQL`): extracts structured data from a public web page with an
 * AgentQL query or a natural-language prompt, through AgentQL's REST API (`POST /v1/query-data`).
 * The `agentql` npm package drives a local browser (Playwright), so this calls the documented REST
 * API through ctx.http instead.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean, asInteger, asString } from '../engine/field-values.js';
import { defineComponent, type FieldValues, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import { TOOL_OUTPUT_SPEC, TOOLS_METADATA_FIELD, makeTool, toolText, toolOutput } from './lib/tools.js';
import { callServiceJson, serviceKey, type WebService } from './lib/web-service.js';

export const AGENTQL: WebService = { name: 'AgentQL', baseUrl: 'https://api.agentql.com', baseUrlEnv: 'AGENTQL_BASE_URL', keyVariable: 'AGENTQL_API_KEY' };
const DEFAULT_TIMEOUT_SECONDS = 900;

const URL_INFO = 'The URL of the public web page you want to extract data from.';
const QUERY_INFO = 'The AgentQL query to execute. Learn more at https://docs.agentql.com/agentql-query or use a prompt.';
const PROMPT_INFO = 'A Natural Language description of the data to extract from the page. Alternative to AgentQL query.';
const DESCRIPTION = 'Extracts structured data from a web page using an AgentQL query or a Natural Language description.';

export default defineComponent({
  type: 'AgentQL',
  display_name: 'Extract Web Data',
  description: DESCRIPTION,
  category: 'Tools',
  icon: 'AgentQL',
  fields: [
    { name: 'api_key', display_name: 'AgentQL API Key', kind: 'secret', load_from_db: true, required: true, default: '', info: 'Your AgentQL API key from dev.agentql.com' },
    { name: 'url', display_name: 'URL', kind: 'str', default: '', required: true, input_types: ['Message'], info: URL_INFO },
    { name: 'query', display_name: 'AgentQL Query', kind: 'multiline', default: '', input_types: ['Message'], info: QUERY_INFO },
    { name: 'prompt', display_name: 'Prompt', kind: 'multiline', default: '', input_types: ['Message'], info: PROMPT_INFO },
    {
      name: 'is_stealth_mode_enabled',
      display_name: 'Enable Stealth Mode (Beta)',
      kind: 'bool',
      default: false,
      advanced: true,
      info: 'Enable experimental anti-bot evasion strategies. May not work for all websites at all times.',
    },
    { name: 'timeout', display_name: 'Timeout', kind: 'int', default: DEFAULT_TIMEOUT_SECONDS, advanced: true, info: 'Seconds to wait for a request.' },
    {
      name: 'mode',
      display_name: 'Request Mode',
      kind: 'dropdown',
      options: ['fast', 'standard'],
      default: 'fast',
      advanced: true,
      info: "'standard' uses deep data analysis, while 'fast' trades some depth of analysis for speed.",
    },
    { name: 'wait_for', display_name: 'Wait For', kind: 'int', default: 0, advanced: true, info: 'Seconds to wait for the page to load before extracting data.' },
    { name: 'is_scroll_to_bottom_enabled', display_name: 'Enable scroll to bottom', kind: 'bool', default: false, advanced: true, info: 'Scroll to bottom of the page before extracting data.' },
    {
      name: 'is_screenshot_enabled',
      display_name: 'Enable screenshot',
      kind: 'bool',
      default: false,
      advanced: true,
      info: "Take a screenshot before extracting data. Returned in 'metadata' as a Base64 string.",
    },
    TOOLS_METADATA_FIELD,
  ],
  outputs: [{ name: 'data', display_name: 'Data', types: ['Data'] }, TOOL_OUTPUT_SPEC],

  async run(inputs, ctx) {
    const outputs = toolOutput(ctx, inputs.tools_metadata, () =>
      makeTool(
        'build_output',
        DESCRIPTION,
        {
          type: 'object',
          properties: {
            url: { type: 'string', description: URL_INFO },
            query: { type: 'string', description: QUERY_INFO },
            prompt: { type: 'string', description: PROMPT_INFO },
          },
          required: ['url'],
        },
        async (args) => {
          // As Langflow's tool schema: query and prompt default to '' (the field's value is not used), url to the field's.
          const data = await queryData({ ...inputs, url: args.url ?? inputs.url, query: args.query ?? '', prompt: args.prompt ?? '' }, ctx);
          return toolText(data.data);
        },
      ),
    );
    if (ctx.wants('data')) outputs.data = await queryData(inputs, ctx);
    return outputs;
  },
});

interface QueryDataAnswer {
  data?: unknown;
  metadata?: unknown;
}

/** One `query-data` call; the answer as Langflow's Data: `{ result, metadata }`. */
async function queryData(inputs: FieldValues, ctx: RunContext): Promise<Data> {
  const url = (await resolveText(inputs.url)).trim();
  const query = (await resolveText(inputs.query)).trim();
  const prompt = (await resolveText(inputs.prompt)).trim();
  if (!prompt && !query) throw new Error('Either Query or Prompt must be provided.');
  if (prompt && query) throw new Error("Both Query and Prompt can't be provided at the same time.");
  if (!url) throw new Error('AgentQL needs the URL of the page to extract data from.');
  const apiKey = await serviceKey(AGENTQL, inputs.api_key, ctx);
  const timeoutSeconds = asInteger(inputs.timeout, DEFAULT_TIMEOUT_SECONDS) ?? DEFAULT_TIMEOUT_SECONDS;
  const answer = await callServiceJson<QueryDataAnswer>(AGENTQL, ctx, '/v1/query-data', {
    method: 'POST',
    headers: { 'X-API-Key': apiKey, 'X-TF-Request-Origin': 'langflow' },
    timeoutMs: (timeoutSeconds > 0 ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS) * 1000,
    json: {
      url,
      query,
      prompt,
      params: {
        mode: asString(inputs.mode, 'fast') || 'fast',
        wait_for: asInteger(inputs.wait_for, 0) ?? 0,
        is_scroll_to_bottom_enabled: asBoolean(inputs.is_scroll_to_bottom_enabled, false),
        is_screenshot_enabled: asBoolean(inputs.is_screenshot_enabled, false),
      },
      metadata: { experimental_stealth_mode_enabled: asBoolean(inputs.is_stealth_mode_enabled, false) },
    },
  });
  return makeData({ result: answer.data ?? null, metadata: answer.metadata ?? {} });
}
