/**
 * A Langflow flow with nodes Flowdesk cannot run imports anyway: the nodes are kept (their Langflow
 * data whole, secrets blanked) and marked unsupported in GET; a run answers 400 naming each of them;
 * the Flowdesk download gives them back and re-imports to the same flow.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const fixture = () => JSON.parse(readFileSync(new URL('../fixtures/langflow/blog-writer-unsupported.json', import.meta.url), 'utf8')) as Json;

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer({});
});
afterAll(async () => {
  await server?.stop();
});

describe('flows with nodes Flowdesk cannot run', () => {
  it('imports them marked, refuses to run them by name, and exports them back whole', async () => {
    const doc = fixture();
    const url = doc.data.nodes.find((n: Json) => n.id === 'URL-abc12');
    // The real server knows URL and Parse Data: these nodes stand for a third-party integration and a flow's own code.
    url.data.type = 'NotionPageCreator';
    url.data.node.template.api_token = { type: 'str', password: true, show: true, value: 'sk-never-stored' };
    const parse = doc.data.nodes.find((n: Json) => n.id === 'ParseData-Xy7Q2');
    parse.data.type = 'RemixDocumentation';
    parse.data.node.edited = true; // the user's own Python code

    const uploaded = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: doc });
    expect(uploaded.status).toBe(201);
    const id = uploaded.body[0].id as string;

    const got = await request(server.url, 'GET', `/api/v1/flows/${id}?format=flowdesk`);
    expect(got.status).toBe(200);
    expect(got.text).not.toContain('sk-never-stored');
    const byId = new Map((got.body.data.nodes as Json[]).map((n) => [n.id, n]));
    expect(byId.get('URL-abc12')!.data.unsupported).toMatchObject({ kind: 'langflow_component', message: 'unsupported: Langflow component "NotionPageCreator" is not available in Flowdesk' });
    expect(byId.get('URL-abc12')!.data.unsupported.langflow.node.template.urls).toEqual(url.data.node.template.urls);
    expect(byId.get('ParseData-Xy7Q2')!.data.unsupported.kind).toBe('custom_code');
    expect(got.body.data.edges).toHaveLength(doc.data.edges.length);

    const run = await request(server.url, 'POST', `/api/v1/run/${id}`, { json: { input_value: 'hi' } });
    expect(run.status).toBe(400);
    expect(run.body.detail).toContain('Node URL-abc12 (NotionPageCreator) is a Langflow component that is not available in Flowdesk');
    expect(run.body.detail).toContain('Node ParseData-Xy7Q2 (RemixDocumentation) is custom Python code from Langflow, which Flowdesk cannot run');

    const exported = await request(server.url, 'POST', '/api/v1/flows/download/', { json: [id] });
    expect(exported.status).toBe(200);
    expect(exported.text).not.toContain('sk-never-stored');
    const again = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: JSON.parse(exported.text) });
    expect(again.status).toBe(201);
    expect(again.body[0].data.nodes).toEqual(got.body.data.nodes);

    // Saving the flow back (the editor's PATCH) keeps the marked nodes.
    const patched = await request(server.url, 'PATCH', `/api/v1/flows/${id}?format=flowdesk`, { json: { data: got.body.data } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.nodes).toEqual(got.body.data.nodes);
  });
});
