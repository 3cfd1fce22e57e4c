/** Apify Actors against a local Apify API v2: runs, polling, datasets and the tool built from the Actor's build. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Agent from '../../server/components/agent.js';
import ApifyActors from '../../server/components/apify-actors.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { testContext } from '../engine/support.js';
import { startFakeApify, type FakeActor, type FakeApify } from '../support/fake-apify.js';
import { startFakeOpenAI } from '../support/fake-openai.js';

const defaults = (def: { fields: { name: string; default?: unknown }[] }) => Object.fromEntries(def.fields.map((f) => [f.name, f.default]));

const ACTORS: Record<string, FakeActor> = {
  'apify/website-content-crawler': {
    items: (input) =>
      ((input.startUrls as { url: string }[] | undefined) ?? []).map((s, i) => ({ url: s.url, text: `Page ${i} of ${s.url}`, metadata: { title: `Title ${i}`, lang: { code: 'en' } } })),
    readme: `# Website Content Crawler\n${'Crawl websites and extract text. '.repeat(20)}`,
    inputSchema: {
      title: 'Input',
      type: 'object',
      schemaVersion: 1,
      properties: {
        startUrls: { title: 'Start URLs', type: 'array', description: 'One or more URLs of pages where the crawler will start.', prefill: [{ url: 'https://docs.apify.com' }], editor: 'requestListSources' },
        maxCrawlDepth: { title: 'Max depth', type: 'integer', description: 'x'.repeat(300), default: 20 },
        crawlerType: { title: 'Crawler type', type: 'string', enum: ['playwright', 'cheerio'], default: '' },
      },
      required: ['startUrls'],
    },
    pollsBeforeDone: 3,
  },
  'someone/many-items': { items: () => Array.from({ length: 2500 }, (_, i) => ({ n: i })) },
  'someone/broken': { items: () => [], endStatus: 'FAILED' },
};

/** HTTP as a server whose own port is the fake's: the outbound rule refuses every request to it. */
const refusingHttp = (fakeUrl: string) => createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => Number(new URL(fakeUrl).port) })) });

let apify: FakeApify;
beforeAll(async () => {
  apify = await startFakeApify({ actors: ACTORS });
});
afterAll(async () => apify.close());

const ctx = (wanted: string[], extra: Parameters<typeof testContext>[0] = {}) => testContext({ http: createHttpAccess(), env: { APIFY_BASE_URL: apify.url }, wanted, ...extra });
const run = (values: Record<string, unknown>, wanted = ['output'], extra: Parameters<typeof testContext>[0] = {}) =>
  ApifyActors.run({ ...defaults(ApifyActors), apify_token: apify.token, ...values }, ctx(wanted, extra));
const items = (value: unknown) => (value as Data[]).map((d) => d.data);

describe('Apify Actors', () => {
  it('starts the Actor with the Run input, waits for the run, and gives the dataset items as Data', async () => {
    const before = apify.requests.length;
    const out = await run({ run_input: '{"startUrls":[{"url":"https://a.example"},{"url":"https://b.example"}],"maxCrawlDepth":0}' });
    expect(items(out.output)).toEqual([
      { url: 'https://a.example', text: 'Page 0 of https://a.example', metadata: { title: 'Title 0', lang: { code: 'en' } } },
      { url: 'https://b.example', text: 'Page 1 of https://b.example', metadata: { title: 'Title 1', lang: { code: 'en' } } },
    ]);
    const asked = apify.requests.slice(before);
    expect(asked.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/acts/apify~website-content-crawler/runs',
      'GET /v2/actor-runs/run-1',
      'GET /v2/actor-runs/run-1',
      'GET /v2/actor-runs/run-1',
      'GET /v2/actor-runs/run-1/dataset',
      'GET /v2/datasets/dataset-1/items',
    ]);
    expect(asked.every((r) => r.authorization === `Bearer ${apify.token}`)).toBe(true);
    expect(asked[0]?.body).toEqual({ startUrls: [{ url: 'https://a.example' }, { url: 'https://b.example' }], maxCrawlDepth: 0 });
    expect(asked[1]?.query.waitForFinish).toBe('20');
    expect(asked[5]?.query).toMatchObject({ clean: 'true', offset: '0' });
  });

  it('picks Output fields (dots become underscores), flattens, and reads every page of a large dataset', async () => {
    const input = '{"startUrls":[{"url":"https://a.example"}]}';
    expect(items((await run({ run_input: input, dataset_fields: "text, 'metadata.title', `missing.key`" })).output)).toEqual([{ text: 'Page 0 of https://a.example', metadata_title: 'Title 0', missing_key: null }]);
    expect(items((await run({ run_input: input, flatten_dataset: true })).output)).toEqual([{ url: 'https://a.example', text: 'Page 0 of https://a.example', metadata_title: 'Title 0', metadata_lang_code: 'en' }]);
    const before = apify.requests.length;
    const many = items((await run({ actor_id: 'someone/many-items', run_input: '{}' })).output);
    expect(many).toHaveLength(2500);
    expect(many.at(-1)).toEqual({ n: 2499 });
    expect(apify.requests.slice(before).filter((r) => r.path.endsWith('/items')).map((r) => r.query.offset)).toEqual(['0', '1000', '2000']);
  });

  it("is a tool named after the Actor, described from its build's README and input schema, that runs it with the model's input", async () => {
    const before = apify.requests.length;
    const tool = (await run({}, ['tool'])).tool as Tool;
    expect(apify.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v2/acts/apify~website-content-crawler', 'GET /v2/actor-builds/build-apify~website-content-crawler']);
    expect(tool.name).toBe('apify_actor_apify_website-content-crawler');
    expect(tool.description).toBe(`Run an Apify Actor with the given input. Here is a part of the currently loaded Actor README:\n\n${ACTORS['apify/website-content-crawler']!.readme!.slice(0, 250)}...\n\n`);
    const info = tool.parameters.properties.run_input?.description ?? '';
    expect(info.startsWith('JSON encoded as a string with input schema (STRICTLY FOLLOW JSON FORMAT AND SCHEMA):\n\n{"run_input":{"startUrls":{"description":"One or more URLs')).toBe(true);
    const described = JSON.parse(info.split('\n\n')[1] ?? '') as { run_input: Record<string, Record<string, unknown>> };
    expect(described.run_input.maxCrawlDepth).toEqual({ description: `${'x'.repeat(250)}...`, type: 'integer', default: 20 });
    // Falsy values are left out, as Langflow's `if value := meta.get(key)` does.
    expect(described.run_input.crawlerType).toEqual({ type: 'string', enum: ['playwright', 'cheerio'] });
    expect(info.endsWith('\n\nRequired fields:\nstartUrls')).toBe(true);

    const said = await tool.invoke({ run_input: '{"run_input": {"startUrls":[{"url":"https://c.example"}]}}' }, new AbortController().signal);
    expect(said).toBe('{"url":"https://c.example","text":"Page 0 of https://c.example","metadata":{"title":"Title 0","lang":{"code":"en"}}}');

    const model = await startFakeOpenAI({
      respond: (body) => {
        const last = (body.messages as { role: string; content: unknown }[]).at(-1)!;
        if (last.role === 'tool') return { text: `Found: ${String(last.content)}` };
        return { toolCalls: [{ name: tool.name, arguments: { run_input: '{"startUrls":[{"url":"https://d.example"}]}' } }] };
      },
    });
    try {
      const answer = await Agent.run({ ...defaults(Agent), input_value: 'Crawl d.example', tools: [tool], add_current_date_tool: false }, testContext({ env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'sk-test' } }));
      expect((answer.response as Message).text).toContain('Found: {"url":"https://d.example"');
      expect(apify.runs.at(-1)).toEqual({ actorId: 'apify/website-content-crawler', input: { startUrls: [{ url: 'https://d.example' }] } });
    } finally {
      await model.close();
    }
  });

  it('says what went wrong: no token, a refused token, quotas, a failed run, an unknown Actor, bad JSON, a timeout', async () => {
    await expect(run({ apify_token: '', run_input: '{}' })).rejects.toThrow('Apify needs an API key: set the API Key field, or create a Credential variable named APIFY_TOKEN');
    const viaVariable = await run({ apify_token: '', run_input: '{}' }, ['output'], { variables: { get: async (name) => (name === 'APIFY_TOKEN' ? apify.token : undefined) } });
    expect(viaVariable.output).toEqual([]);
    await expect(run({ apify_token: 'wrong', run_input: '{}' })).rejects.toThrow('Apify refused the API key (the API Key field, or the APIFY_TOKEN variable) (HTTP 401): Authentication token is not valid.');
    await expect(run({ actor_id: 'someone/broken', run_input: '{}' })).rejects.toThrow(/The Apify run run-\d+ of Actor someone\/broken ended FAILED/);
    await expect(run({ actor_id: 'nobody/nothing', run_input: '{}' })).rejects.toThrow('Apify answered HTTP 404: Actor was not found');
    await expect(run({ run_input: '{not json' })).rejects.toThrow('The Run input of Apify Actors is not valid JSON');

    const limited = await startFakeApify({ actors: ACTORS, status: 429 });
    const slow = await startFakeApify({ actors: ACTORS, delayMs: 1_500 });
    try {
      await expect(ApifyActors.run({ ...defaults(ApifyActors), apify_token: 't', run_input: '{}' }, testContext({ http: createHttpAccess(), env: { APIFY_BASE_URL: limited.url }, wanted: ['output'] }))).rejects.toThrow(
        "Apify's rate limit or quota was reached (HTTP 429)",
      );
      await expect(
        ApifyActors.run({ ...defaults(ApifyActors), apify_token: 't', run_input: '{}' }, testContext({ http: createHttpAccess({ timeoutMs: 1_000 }), env: { APIFY_BASE_URL: slow.url }, wanted: ['output'] })),
      ).rejects.toThrow('Apify did not answer within 1 s');
    } finally {
      await Promise.all([limited.close(), slow.close()]);
    }
  });

  it('goes through ctx.http: the outbound rule\'s refusal fails the run', async () => {
    await expect(ApifyActors.run({ ...defaults(ApifyActors), apify_token: apify.token, run_input: '{}' }, testContext({ http: refusingHttp(apify.url), env: { APIFY_BASE_URL: apify.url }, wanted: ['output'] }))).rejects.toThrow(/Refused to (fetch|connect)/);
  });
});
