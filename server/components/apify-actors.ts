/**
 * Langflow's "Apify Actors" (`ApifyActors`): runs an Apify Actor (start a run, wait for it to
 * finish, read its dataset's items) and gives the items as Data, or hands an Agent a tool that runs
 * the Actor with the input the model writes (described from the Actor's latest build's input schema
 * and README). apify-client is built on axios, which cannot go through ctx.http: Apify's REST API v2
 * is called instead, through lib/web-service.ts.
 */
import { makeData, type Data } from '../../shared/data.js';
import { asBoolean } from '../engine/field-values.js';
import { defineComponent, type RunContext } from '../engine/define-component.js';
import { resolveText } from '../engine/resolve-text.js';
import type { Tool } from '../engine/tool.js';
import { makeTool } from './lib/tools.js';
import { callService, callServiceJson, serviceKey, WebServiceError, type WebService } from './lib/web-service.js';

export const APIFY: WebService = { name: 'Apify', baseUrl: 'https://api.apify.com', baseUrlEnv: 'APIFY_BASE_URL', keyVariable: 'APIFY_TOKEN' };

/** Langflow cuts each input property's description (and the README) to this many characters. */
const MAX_DESCRIPTION_LEN = 250;
/** Seconds Apify holds one wait-for-finish request open (it allows up to 60). */
const WAIT_SECONDS = 20;
/** Items read from a dataset per request. */
const PAGE_SIZE = 1000;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED-OUT', 'TIMED_OUT']);

export default defineComponent({
  type: 'ApifyActors',
  display_name: 'Apify Actors',
  description: 'Use Apify Actors to extract data from hundreds of places fast. This component can be used in a flow to retrieve data or as a tool with an agent.',
  category: 'Apify',
  icon: 'Apify',
  fields: [
    { name: 'apify_token', display_name: 'Apify Token', kind: 'secret', load_from_db: true, default: '', required: true, info: 'The API token for the Apify account. Empty: the APIFY_TOKEN variable.' },
    {
      name: 'actor_id',
      display_name: 'Actor',
      kind: 'str',
      default: 'apify/website-content-crawler',
      required: true,
      info: "Actor name from Apify store to run. For example 'apify/website-content-crawler' to use the Website Content Crawler Actor.",
    },
    {
      name: 'run_input',
      display_name: 'Run input',
      kind: 'multiline',
      default: '{"startUrls":[{"url":"https://docs.apify.com/academy/web-scraping-for-beginners"}],"maxCrawlDepth":0}',
      input_types: ['Message'],
      required: true,
      info: 'The JSON input for the Actor run. For example for the "apify/website-content-crawler" Actor: {"startUrls":[{"url":"https://docs.apify.com/academy/web-scraping-for-beginners"}],"maxCrawlDepth":0}',
    },
    {
      name: 'dataset_fields',
      display_name: 'Output fields',
      kind: 'multiline',
      default: '',
      input_types: ['Message'],
      info: "Fields to extract from the dataset, split by commas. Other fields will be ignored. Dots in nested structures will be replaced by underscores. Sample input: 'text, metadata.title'. Sample output: {'text': 'page content here', 'metadata_title': 'page title here'}.",
    },
    {
      name: 'flatten_dataset',
      display_name: 'Flatten output',
      kind: 'bool',
      default: false,
      info: "The output dataset will be converted from a nested format to a flat structure. Dots in nested structure will be replaced by underscores. For example, {'a': {'b': 1}} will be flattened to {'a_b': 1}.",
    },
  ],
  outputs: [
    { name: 'output', display_name: 'Output', types: ['Data'] },
    { name: 'tool', display_name: 'Tool', types: ['Tool'] },
  ],

  async run(inputs, ctx) {
    const outputs: Record<string, unknown> = {};
    const actorId = (await resolveText(inputs.actor_id)).trim();
    if (!actorId) throw new Error('Apify Actors needs an Actor: set the Actor field (e.g. apify/website-content-crawler)');
    if (ctx.wants('tool')) outputs.tool = await buildTool(actorId, inputs.apify_token, ctx);
    if (ctx.wants('output')) {
      const text = await resolveText(inputs.run_input);
      let runInput: unknown;
      try {
        runInput = JSON.parse(text || '{}');
      } catch (error) {
        throw new Error(`The Run input of Apify Actors is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
      const fieldsText = await resolveText(inputs.dataset_fields);
      const fields = fieldsText.trim() ? parseDatasetFields(fieldsText) : undefined;
      let items = await runActor(actorId, runInput, inputs.apify_token, ctx, fields);
      if (asBoolean(inputs.flatten_dataset, false)) items = items.map((item) => flatten(item));
      outputs.output = items.map((item): Data => makeData(item));
    }
    return outputs;
  },
});

type Item = Record<string, unknown>;
type Ctx = Pick<RunContext, 'env' | 'http' | 'variables'>;

/** Apify's `{data: ...}` envelope of one object. */
async function apifyGet<T>(ctx: Ctx, token: string, path: string, query?: Record<string, string | number | boolean>): Promise<T> {
  const answer = await callServiceJson<{ data?: T }>(APIFY, ctx, path, { headers: { authorization: `Bearer ${token}` }, query });
  if (answer.data === undefined) throw new WebServiceError(APIFY.name, `Apify answered ${path} without data`);
  return answer.data;
}

/** An Actor's id in a URL: `username/name` is written `username~name`. */
const actorPath = (actorId: string) => encodeURIComponent(actorId.replace('/', '~'));

/**
 * Langflow's run_actor: starts the Actor with the input, waits for the run to finish, reads its
 * dataset's items (only `fields`, dots made underscores, when given).
 */
export async function runActor(actorId: string, runInput: unknown, tokenValue: unknown, ctx: Ctx, fields?: string[]): Promise<Item[]> {
  const token = await serviceKey(APIFY, tokenValue, ctx);
  const auth = { authorization: `Bearer ${token}` };
  const started = await callServiceJson<{ data?: { id?: string; status?: string } }>(APIFY, ctx, `/v2/acts/${actorPath(actorId)}/runs`, { method: 'POST', headers: auth, json: runInput ?? {} });
  const runId = started.data?.id;
  if (!runId) throw new WebServiceError(APIFY.name, 'Apify did not say which run it started');
  let run = started.data ?? {};
  while (!TERMINAL.has(String(run.status))) {
    run = await apifyGet<{ id?: string; status?: string }>(ctx, token, `/v2/actor-runs/${encodeURIComponent(runId)}`, { waitForFinish: WAIT_SECONDS });
  }
  // Langflow reads the dataset whatever the run's end; a run that did not succeed is reported here instead of giving what it left.
  if (run.status !== 'SUCCEEDED') throw new WebServiceError(APIFY.name, `The Apify run ${runId} of Actor ${actorId} ended ${String(run.status)}: see its log in the Apify Console`);
  const dataset = await apifyGet<{ id?: string }>(ctx, token, `/v2/actor-runs/${encodeURIComponent(runId)}/dataset`);
  if (!dataset.id) throw new WebServiceError(APIFY.name, 'Dataset id not found');
  const items = await datasetItems(dataset.id, token, ctx);
  return fields ? items.map((item) => Object.fromEntries(fields.map((f) => [f.replace(/\./g, '_'), nestedValue(item, f)]))) : items;
}

/** Every item of a dataset (`clean`: without hidden fields and empty items), page by page. */
async function datasetItems(datasetId: string, token: string, ctx: Ctx): Promise<Item[]> {
  const items: Item[] = [];
  for (let offset = 0; ; ) {
    const res = await callService(APIFY, ctx, `/v2/datasets/${encodeURIComponent(datasetId)}/items`, {
      headers: { authorization: `Bearer ${token}` },
      query: { clean: true, format: 'json', offset, limit: PAGE_SIZE },
    });
    const page = (await res.json().catch(() => undefined)) as unknown;
    if (!Array.isArray(page)) throw new WebServiceError(APIFY.name, `Apify answered the items of dataset ${datasetId} with something that is not a list`);
    items.push(...(page as Item[]));
    offset += page.length;
    const total = Number(res.headers.get('x-apify-pagination-total') ?? NaN);
    if (page.length < PAGE_SIZE || page.length === 0 || (Number.isFinite(total) && offset >= total)) return items;
  }
}

/** Langflow's build_tool: a tool named after the Actor, described from its latest build's README and input schema. */
async function buildTool(actorId: string, tokenValue: unknown, ctx: RunContext): Promise<Tool> {
  const token = await serviceKey(APIFY, tokenValue, ctx);
  const actor = await apifyGet<{ defaultRunOptions?: { build?: string }; taggedBuilds?: Record<string, { buildId?: string }> }>(ctx, token, `/v2/acts/${actorPath(actorId)}`);
  const tag = actor.defaultRunOptions?.build ?? 'latest';
  const buildId = actor.taggedBuilds?.[tag]?.buildId;
  if (!buildId) throw new WebServiceError(APIFY.name, `Actor ${actorId} has no build tagged "${tag}"`);
  const build = await apifyGet<{ readme?: string; inputSchema?: string; actorDefinition?: { readme?: string; input?: unknown } }>(ctx, token, `/v2/actor-builds/${encodeURIComponent(buildId)}`);
  const readme = `${(build.readme ?? build.actorDefinition?.readme ?? '').slice(0, MAX_DESCRIPTION_LEN)}...`;
  const schema = build.inputSchema ? (JSON.parse(build.inputSchema) as Record<string, unknown>) : (build.actorDefinition?.input as Record<string, unknown> | undefined);
  if (!schema) throw new Error('Input schema not found');
  const { properties, required } = inputSchemaSummary(schema);
  let info = `JSON encoded as a string with input schema (STRICTLY FOLLOW JSON FORMAT AND SCHEMA):\n\n${JSON.stringify({ run_input: properties })}`;
  if (required.length > 0) info += `\n\nRequired fields:\n${required.join('\n')}`;
  return makeTool(
    `apify_actor_${actorId.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    `Run an Apify Actor with the given input. Here is a part of the currently loaded Actor README:\n\n${readme}\n\n`,
    { type: 'object', properties: { run_input: { type: 'string', description: info } }, required: ['run_input'] },
    async (args) => {
      const given = args.run_input ?? args.input ?? {};
      let input = (typeof given === 'string' ? JSON.parse(given || '{}') : given) as Record<string, unknown>;
      // The model may nest the input under run_input once more.
      if (input && typeof input === 'object' && 'run_input' in input) input = input.run_input as Record<string, unknown>;
      const items = await runActor(actorId, input, tokenValue, ctx);
      return items.map((item) => JSON.stringify(item, (_key, value: unknown) => (typeof value === 'bigint' || typeof value === 'function' ? '<n/a>' : value))).join('\n\n');
    },
  );
}

/** Langflow's get_actor_input_schema_from_build: each property's description (cut), type, default, prefill and enum. */
export function inputSchemaSummary(schema: Record<string, unknown>): { properties: Record<string, Record<string, unknown>>; required: string[] } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const [name, meta] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    const out: Record<string, unknown> = {};
    const description = meta.description;
    if (typeof description === 'string' && description) out.description = description.length > MAX_DESCRIPTION_LEN ? `${description.slice(0, MAX_DESCRIPTION_LEN)}...` : description;
    for (const key of ['type', 'default', 'prefill', 'enum']) if (truthy(meta[key])) out[key] = meta[key];
    properties[name] = out;
  }
  return { properties, required: Array.isArray(schema.required) ? (schema.required as string[]) : [] };
}

/** Python's truthiness, as Langflow's `if value := meta.get(key)` tests it. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** "text, 'metadata.title'" → ['text', 'metadata.title'] (quotes and backticks dropped). */
export function parseDatasetFields(text: string): string[] {
  return text.replace(/['"`]/g, '').split(',').map((f) => f.trim());
}

function nestedValue(item: Item, key: string): unknown {
  let value: unknown = item;
  for (const part of key.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !(part in value)) return null;
    value = (value as Item)[part];
  }
  return value;
}

/** {'a': {'b': 1}} → {'a_b': 1}. */
export function flatten(item: Item): Item {
  const out: Item = {};
  for (const [key, value] of Object.entries(item)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [sub, inner] of Object.entries(flatten(value as Item))) out[`${key}_${sub}`] = inner;
    else out[key] = value;
  }
  return out;
}
