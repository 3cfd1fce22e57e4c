import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import URLComponent from '../../server/components/url.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import type { Data } from '../../shared/data.js';
import type { Message } from '../../shared/message.js';
import { deadUrl, startFakeWeb, type FakeWeb } from '../support/fake-web.js';
import { testContext } from '../engine/support.js';
import expected from '../fixtures/components/web/expected.json' with { type: 'json' };

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

  // expected.json holds what Langflow's extractor gives for each page of the fake site, made once with
  // BeautifulSoup 4.11 (`BeautifulSoup(html, "lxml").get_text()`; title, description and language as
  // LangChain's RecursiveUrlLoader reads them with "html.parser").
  it("gives exactly BeautifulSoup's get_text() and LangChain's metadata for the site's pages", async () => {
    for (const path of ['/', '/second.html', '/third.html']) {
      const [page] = (await run({ urls: [`${web.url}${path}`] })).page_results as Data[];
      expect(page?.data, path).toMatchObject(expected[path as keyof typeof expected]);
    }
  });

  it('reads a realistic page as BeautifulSoup does, up to the blank lines around <html> that the parsers place differently', async () => {
    const [page] = (await run({ urls: [`${web.url}/article.html`] })).page_results as Data[];
    const want = expected['/article.html'];
    expect(page?.data).toMatchObject({ title: want.title, description: want.description, language: want.language, content_type: 'text/html; charset=utf-8' });
    const text = String(page?.data.text);
    // lxml keeps the newlines before <html> and after </body> as text; an HTML5 parser (parse5) drops or moves them.
    expect(text.trim()).toBe(want.text.trim());
    expect(text).toMatch(/^\n+ {4}Sourdough at Home – The Flour Log\n/);
    for (const gone of ['dataLayer', '.hero', 'headline', 'A template comment', 'header: generated', 'querySelectorAll']) expect(text).not.toContain(gone);
    expect(text).toContain('flour  500 g\nwater  350 g'); // <pre> keeps its whitespace
    expect(text).toContain('\nHome\nRecipes\nShop\u00a0→\n'); // blank text between tags becomes one newline
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
    // Langflow joins the pages' texts with a blank line; each text is BeautifulSoup's get_text(), title included.
    expect((two.raw_results as Message).text).toBe('SecondDig at dawn.Third\n\nThirdBring a lantern.');
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
    expect(answer).toBe('# Third\nThirdBring a lantern.');
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
