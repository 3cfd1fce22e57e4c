import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import URLComponent from '../../server/components/url.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { deadUrl, startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { testContext } from '../engine/support.js';

const defaults = Object.fromEntries(URLComponent.fields.map((f) => [f.name, f.default]));
let web: FakeWeb;
beforeAll(async () => {
  web = await startFakeWeb();
});
afterAll(async () => web.close());

const http = createHttpAccess();
const run = (extra: Record<string, unknown>, wanted?: string[]) => URLComponent.run({ ...defaults, ...extra }, testContext({ http, wanted }));

describe('URLComponent', () => {
  it("gives a page's readable text, without scripts or styles, with its title and description", async () => {
    const out = await run({ urls: [`${web.url}/`] });
    const [page] = out.page_results as Data[];
    expect(page?.data).toMatchObject({ url: `${web.url}/`, title: 'Treasure & Maps', description: 'All about treasure', language: 'en' });
    const text = String(page?.data.text);
    expect(text).toContain('Treasure Island');
    expect(text).toContain('The treasure is buried under the old palm.');
    expect(text).toContain('Map — torn');
    expect(text).not.toContain('do not show');
    expect(text).not.toContain('color: red');
    expect((out.raw_results as Message).text).toBe(text);
  });

  it('follows links within the site up to the depth', async () => {
    const out = await run({ urls: [`${web.url}/`], max_depth: 2 });
    expect((out.page_results as Data[]).map((p) => p.data.title)).toEqual(['Treasure & Maps', 'Second']);
    const deeper = await run({ urls: `${web.url}/`, max_depth: 3 });
    expect((deeper.page_results as Data[]).map((p) => p.data.title)).toEqual(['Treasure & Maps', 'Second', 'Third']);
  });

  it('gives raw HTML in HTML format, and joins several pages in the message', async () => {
    const html = await run({ urls: [`${web.url}/third.html`], format: 'HTML' });
    expect(String((html.page_results as Data[])[0]?.data.text)).toContain('<p>Bring a lantern.</p>');
    const two = await run({ urls: [`${web.url}/second.html`, `${web.url}/third.html`] });
    expect((two.raw_results as Message).text).toBe('Dig at dawn.\nThird\n\nBring a lantern.');
  });

  it('fails naming the URL when a page cannot be loaded, and without URLs', async () => {
    await expect(run({ urls: [`${web.url}/missing`], check_response_status: true })).rejects.toThrow(`Error loading ${web.url}/missing: HTTP 404`);
    const dead = await deadUrl();
    await expect(run({ urls: [dead] })).rejects.toThrow(`Error loading ${dead}: Could not reach ${dead}`);
    await expect(run({ urls: [] })).rejects.toThrow('No valid URLs provided.');
  });

  it('is a tool that fetches the pages the model asks for', async () => {
    const out = await run({}, ['component_as_tool']);
    expect(out).not.toHaveProperty('page_results');
    const tool = out.component_as_tool as Tool;
    expect(tool.name).toBe('fetch_content');
    const answer = await tool.invoke({ urls: [`${web.url}/third.html`] }, new AbortController().signal);
    expect(answer).toBe('# Third\nBring a lantern.');
  });

  it("gives the older Langflow dataframe output: the fetched pages as rows, the same rows as Extracted Pages", async () => {
    const out = await run({ urls: [`${web.url}/`], max_depth: 2 }, ['dataframe']);
    const rows = out.dataframe as Data[];
    expect(rows.map((r) => r.data.title)).toEqual(['Treasure & Maps', 'Second']);
    expect(rows).toEqual(out.page_results);
    expect(URLComponent.outputs.map((o) => o.name)).toEqual(['page_results', 'raw_results', 'data', 'text', 'dataframe', 'component_as_tool']);
  });

  it("reads an error page's content unless Check Response Status is on, as Langflow's loader does", async () => {
    const out = await run({ urls: [`${web.url}/missing`] });
    const [page] = out.page_results as Data[];
    expect(page?.data.url).toBe(`${web.url}/missing`);
    expect(String(page?.data.text)).toBe(await (await fetch(`${web.url}/missing`)).text());
    await expect(run({ urls: [`${web.url}/missing`], check_response_status: true })).rejects.toThrow('HTTP 404');
  });
});
