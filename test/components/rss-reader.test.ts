/** Langflow's RSS Reader against a local feed server, through the real outbound HTTP access. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import RSSReader from '../../server/components/rssreader-simple.js';
import type { Tool } from '../../server/engine/tool.js';
import { createHttpAccess } from '../../server/services/http-access.js';
import { createOutboundDispatchers } from '../../server/services/outbound-dispatcher.js';
import { createOutboundPolicy } from '../../server/services/outbound-policy.js';
import type { Data } from '../../shared/data.js';
import { testContext } from '../engine/support.js';

const FEED = `<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title>
  <item><title>First</title><link>https://example.org/1</link><pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate><description><![CDATA[<p>One</p>]]></description></item>
  <item><title>Second</title><link>https://example.org/2</link></item>
</channel></rss>`;

let server: Server;
let base: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    if (req.url === '/feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    else if (req.url === '/empty') res.writeHead(200).end('  ');
    else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(FEED), 3000);
    else res.writeHead(404, 'Not Found').end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const http = createHttpAccess();
const rows = async (rss_url: string, timeout = 5) => ((await RSSReader.run({ rss_url, timeout }, testContext({ http, wanted: ['articles'] }))).articles as Data[]).map((d) => d.data);

describe('RSS Reader (RSSReaderSimple)', () => {
  it('gives each item as a row, missing parts empty', async () => {
    expect(await rows(`${base}/feed.xml`)).toEqual([
      { title: 'First', link: 'https://example.org/1', published: 'Sat, 05 Dec 2026 08:00:00 GMT', summary: '<p>One</p>' },
      { title: 'Second', link: 'https://example.org/2', published: '', summary: '' },
    ]);
  });

  it('answers one Error row for an error status, an empty answer or a timeout, as Langflow does', async () => {
    expect(await rows(`${base}/missing`)).toEqual([{ title: 'Error', link: '', published: '', summary: `404 Client Error: Not Found for url: ${base}/missing` }]);
    expect((await rows(`${base}/empty`))[0]).toMatchObject({ title: 'Error', summary: 'Empty response received' });
    const slow = await rows(`${base}/slow`, 0.2);
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatchObject({ title: 'Error' });
    expect(String(slow[0]!.summary)).toMatch(/time|abort/i);
  });

  it('is a tool an Agent can call', async () => {
    const tool = (await RSSReader.run({ rss_url: '', timeout: 5 }, testContext({ http, wanted: ['component_as_tool'] }))).component_as_tool as Tool;
    expect(tool.name).toBe('read_rss');
    expect(JSON.parse(await tool.invoke({ rss_url: `${base}/feed.xml` }, new AbortController().signal))).toHaveLength(2);
  });

  it("goes through ctx.http: the outbound rule's refusal fails the run rather than becoming an Error row", async () => {
    const refusing = createHttpAccess({ outbound: createOutboundDispatchers(createOutboundPolicy({ ownPort: () => Number(new URL(base).port) })) });
    await expect(RSSReader.run({ rss_url: `${base}/feed.xml`, timeout: 5 }, testContext({ http: refusing, wanted: ['articles'] }))).rejects.toThrow(/refused|not allowed|own/i);
  });
});
