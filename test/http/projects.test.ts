/**
 * Projects over HTTP, against a spawned server, in Langflow 1.8's shapes and paths: CRUD, moving
 * flows, download as a zip (unzipped and read here), upload of that zip and of Langflow's project
 * JSON, the /folders redirects, errors, and a data directory from before projects.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { strFromU8, unzipSync, zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_NAME } from '../../shared/project.js';
import { writeOldDataDir } from '../storage/fixtures/old-data-dir.js';
import { raw, request } from '../support/http.js';
import { makeTempDir, REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const HELLO = JSON.parse(readFileSync(path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-1.8.1', 'flows', 'hello-template.json'), 'utf8')) as Json;

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer();
});
afterAll(async () => server?.stop());

const call = (method: string, url: string, json?: unknown) => request(server.url, method, url, json === undefined ? {} : { json });
const projects = async (): Promise<Json[]> => (await call('GET', '/api/v1/projects/')).body as Json[];
const home = async (): Promise<Json> => (await projects()).find((p) => p.name === DEFAULT_PROJECT_NAME) as Json;
const newFlow = async (name: string, extra: Json = {}): Promise<Json> => {
  const res = await call('POST', '/api/v1/flows/', { name, ...extra });
  expect(res.status, res.text).toBe(201);
  return res.body as Json;
};
const folderOf = async (flowId: string): Promise<string> => ((await call('GET', `/api/v1/flows/${flowId}`)).body as Json).folder_id as string;

function upload(bytes: Uint8Array | string, filename: string) {
  const form = new FormData();
  form.append('file', new Blob([typeof bytes === 'string' ? bytes : Buffer.from(bytes)]), filename);
  return request(server.url, 'POST', '/api/v1/projects/upload/', { body: form });
}

describe('projects', () => {
  it('starts with the default project, in FolderRead shape, holding the starter flows', async () => {
    const list = await projects();
    expect(list).toHaveLength(1);
    const [project] = list as [Json];
    expect(Object.keys(project)).toEqual(['name', 'description', 'auth_settings', 'id', 'parent_id']);
    expect(project).toMatchObject({ name: 'Starter Project', auth_settings: null, parent_id: null });
    const one = (await call('GET', `/api/v1/projects/${project.id as string}`)).body as Json;
    expect(Object.keys(one)).toEqual(['name', 'description', 'auth_settings', 'id', 'parent_id', 'flows']);
    expect(one.flows.map((f: Json) => f.name)).toEqual(expect.arrayContaining(['Basic Prompting', 'Text Template']));
    for (const flow of one.flows as Json[]) {
      expect(flow.folder_id).toBe(project.id);
      expect(flow.data.nodes.length).toBeGreaterThan(0);
    }
    const headers = (await call('GET', '/api/v1/flows/?header_flows=true')).body as Json[];
    for (const flow of headers) expect(flow.folder_id).toBe(project.id);
  });

  it('creates a project, moving the listed flows in, and names a repeated name as Langflow does', async () => {
    const flow = await newFlow('To move');
    const res = await call('POST', '/api/v1/projects/', { name: 'Research', description: 'papers', flows_list: [flow.id], components_list: [] });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ name: 'Research', description: 'papers', auth_settings: null, id: expect.any(String), parent_id: null });
    expect(await folderOf(flow.id)).toBe(res.body.id);
    const again = await call('POST', '/api/v1/projects/', { name: 'Research' });
    expect(again.body).toMatchObject({ name: 'Research (1)', description: null });
    // The default project is listed first.
    expect((await projects())[0]?.name).toBe(DEFAULT_PROJECT_NAME);
  });

  it('puts a new flow in the default project unless folder_id names another, and moves it by PATCH', async () => {
    const target = (await call('POST', '/api/v1/projects/', { name: 'Target' })).body as Json;
    const plain = await newFlow('Plain');
    expect(plain.folder_id).toBe((await home()).id);
    const placed = await newFlow('Placed', { folder_id: target.id });
    expect(placed.folder_id).toBe(target.id);
    const moved = await call('PATCH', `/api/v1/flows/${plain.id as string}`, { folder_id: target.id });
    expect(moved.body.folder_id).toBe(target.id);
    const unknown = await call('POST', '/api/v1/flows/', { name: 'Lost', folder_id: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail[0]).toMatchObject({ loc: ['body', 'folder_id'], msg: expect.stringContaining('No project') });
    expect((await call('PATCH', `/api/v1/flows/${plain.id as string}`, { folder_id: 'nope' })).status).toBe(422);
    expect(await folderOf(plain.id)).toBe(target.id);
    const uploaded = await request(server.url, 'POST', `/api/v1/flows/upload/?folder_id=${target.id as string}`, { json: { ...HELLO, endpoint_name: null } });
    expect(uploaded.body[0].folder_id).toBe(target.id);
    const nowhere = await request(server.url, 'POST', '/api/v1/flows/upload/?folder_id=nope', { json: { ...HELLO, endpoint_name: null } });
    expect(nowhere.status).toBe(422);
    expect(nowhere.body.detail[0].loc).toEqual(['query', 'folder_id']);
  });

  it('renames and moves flows in by PATCH, refusing a taken name and bad bodies', async () => {
    const project = (await call('POST', '/api/v1/projects/', { name: 'Drafts' })).body as Json;
    const flow = await newFlow('Draft one');
    const res = await call('PATCH', `/api/v1/projects/${project.id as string}`, { name: 'Finished', description: 'done', flows: [flow.id], components: [] });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ name: 'Finished', description: 'done', auth_settings: null, id: project.id, parent_id: null });
    expect(await folderOf(flow.id)).toBe(project.id);
    // Flows not listed stay where they are.
    expect((await call('PATCH', `/api/v1/projects/${project.id as string}`, { name: 'Finished', flows: [] })).status).toBe(200);
    expect(await folderOf(flow.id)).toBe(project.id);
    const taken = await call('PATCH', `/api/v1/projects/${project.id as string}`, { name: DEFAULT_PROJECT_NAME });
    expect(taken.status).toBe(409);
    const bad = await call('PATCH', `/api/v1/projects/${project.id as string}`, { name: 5, flows: ['no-such-flow'], parent_id: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: Json) => d.loc.join('.'))).toEqual(['body.name', 'body.parent_id', 'body.flows.0']);
    expect((await call('POST', '/api/v1/projects/', {})).body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    expect((await call('POST', '/api/v1/projects/', { name: '  ' })).status).toBe(422);
    expect((await call('POST', '/api/v1/projects/', ['x'])).status).toBe(422);
    expect((await request(server.url, 'POST', '/api/v1/projects/', { body: '{"name":', headers: { 'content-type': 'application/json' } })).status).toBe(422);
  });

  it('pages a project\'s flows when page and size are given, newest change first, with search', async () => {
    const project = (await call('POST', '/api/v1/projects/', { name: 'Paged' })).body as Json;
    for (const name of ['Alpha', 'Beta', 'Alphabet']) {
      await newFlow(name, { folder_id: project.id });
      await sleep(1100); // Langflow's updated_at is to the second
    }
    const page = (await call('GET', `/api/v1/projects/${project.id as string}?page=1&size=2`)).body as Json;
    expect(Object.keys(page)).toEqual(['folder', 'flows']);
    expect(page.folder).toEqual(project);
    expect(page.flows).toMatchObject({ total: 3, page: 1, size: 2, pages: 2 });
    expect(page.flows.items.map((f: Json) => f.name)).toEqual(['Alphabet', 'Beta']);
    const searched = (await call('GET', `/api/v1/projects/${project.id as string}?page=1&size=10&search=alpha`)).body as Json;
    expect(searched.flows.items.map((f: Json) => f.name)).toEqual(['Alphabet', 'Alpha']);
    // Langflow's flows list pages one project too: the default one unless folder_id names another.
    const flowsPage = (await call('GET', `/api/v1/flows/?get_all=false&size=2&folder_id=${project.id as string}`)).body as Json;
    expect(flowsPage).toMatchObject({ total: 3, page: 1, size: 2, pages: 2 });
    expect(flowsPage.items.map((f: Json) => f.name)).toEqual(['Alpha', 'Beta']);
    const defaultPage = (await call('GET', '/api/v1/flows/?get_all=false&size=100')).body as Json;
    expect(defaultPage.items.length).toBeGreaterThan(0);
    for (const flow of defaultPage.items as Json[]) expect(flow.folder_id).toBe((await home()).id);
    expect((await call('GET', '/api/v1/flows/?get_all=false&folder_id=nope')).body).toMatchObject({ items: [], total: 0 });
    const components = (await call('GET', `/api/v1/projects/${project.id as string}?page=1&size=10&is_component=true`)).body as Json;
    expect(components.flows.total).toBe(0);
    expect((await call('GET', `/api/v1/projects/${project.id as string}?page=0&size=10`)).status).toBe(422);
    expect((await call('GET', `/api/v1/projects/${project.id as string}?page=1&size=101`)).status).toBe(422);
  });

  it('downloads a project as a zip of Langflow flow files, and uploads it back as a new project', async () => {
    const project = (await call('POST', '/api/v1/projects/', { name: 'Zipped' })).body as Json;
    const a = await newFlow('Zip A', { folder_id: project.id });
    const b = (await request(server.url, 'POST', `/api/v1/flows/upload/?folder_id=${project.id as string}`, { json: { ...HELLO, name: 'Zip B', endpoint_name: null } })).body[0] as Json;
    const res = await raw(server.url, `/api/v1/projects/download/${project.id as string}`, {});
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-zip-compressed');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="\d{8}_\d{6}_Zipped_flows\.zip"$/);
    const bytes = await (await fetch(`${server.url}/api/v1/projects/download/${project.id as string}`)).arrayBuffer();
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(['Zip A.json', 'Zip B.json']);
    const exported = JSON.parse(strFromU8(files['Zip B.json'] as Uint8Array)) as Json;
    expect(exported).toMatchObject({ id: b.id, name: 'Zip B', last_tested_version: expect.any(String) });
    expect(exported.data.nodes.map((n: Json) => n.id)).toEqual(HELLO.data.nodes.map((n: Json) => n.id));
    expect(exported.data.nodes[0].data.node.template).toBeDefined();

    const back = await upload(new Uint8Array(bytes), 'Zipped.zip');
    expect(back.status, back.text).toBe(201);
    const created = (await projects()).find((p) => p.name === 'Zipped (1)') as Json;
    expect(created).toBeDefined();
    expect(back.body.map((f: Json) => f.folder_id)).toEqual([created.id, created.id]);
    expect(back.body.map((f: Json) => f.name).sort()).toEqual(['Zip A (1)', 'Zip B (1)']);
    const copyOfB = (back.body as Json[]).find((f) => f.name === 'Zip B (1)') as Json;
    expect(copyOfB.data.nodes.map((n: Json) => n.id)).toEqual(exported.data.nodes.map((n: Json) => n.id));
    expect(copyOfB.id).not.toBe(b.id);
    expect(await folderOf(a.id)).toBe(project.id);
  });

  it("uploads Langflow's project JSON, and refuses a bad upload leaving nothing behind", async () => {
    const before = (await projects()).length;
    const doc = { folder_name: 'From Langflow', folder_description: 'exported there', flows: [{ ...HELLO, endpoint_name: null }] };
    const res = await upload(JSON.stringify(doc), 'project.json');
    expect(res.status, res.text).toBe(201);
    const created = (await projects()).find((p) => p.name === 'From Langflow') as Json;
    expect(created.description).toBe('exported there');
    expect(res.body[0]).toMatchObject({ name: expect.stringMatching(/^Hello Template/), folder_id: created.id });
    // The same document as a JSON body; the name is taken now.
    const asBody = await call('POST', '/api/v1/projects/upload/', doc);
    expect(asBody.status).toBe(201);
    expect((await projects()).some((p) => p.name === 'From Langflow (1)')).toBe(true);

    const count = (await projects()).length;
    expect((await upload(JSON.stringify({ flows: [] }), 'x.json')).body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'folder_name'] });
    expect((await upload(JSON.stringify({ folder_name: 'Empty', flows: [] }), 'x.json')).status).toBe(422);
    expect((await upload('{not json', 'x.json')).status).toBe(422);
    expect((await upload(zipSync({ 'readme.txt': strToU8('hi') }), 'x.zip')).status).toBe(400);
    const broken = await upload(JSON.stringify({ folder_name: 'Broken', flows: [{ ...HELLO, data: { nodes: 'no' } }] }), 'x.json');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expect((await projects()).length).toBe(count);
    expect(count).toBe(before + 2);
  });

  it('deletes a project with its flows; unknown ids answer 404', async () => {
    const project = (await call('POST', '/api/v1/projects/', { name: 'Doomed' })).body as Json;
    const flow = await newFlow('Doomed flow', { folder_id: project.id });
    const res = await call('DELETE', `/api/v1/projects/${project.id as string}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await call('GET', `/api/v1/flows/${flow.id as string}`)).status).toBe(404);
    for (const [method, url] of [
      ['GET', `/api/v1/projects/${project.id as string}`],
      ['PATCH', `/api/v1/projects/${project.id as string}`],
      ['DELETE', `/api/v1/projects/${project.id as string}`],
      ['GET', `/api/v1/projects/download/${project.id as string}`],
    ] as const) {
      const answer = await call(method, url, method === 'PATCH' ? { name: 'x' } : undefined);
      expect(answer.status, `${method} ${url}`).toBe(404);
      expect(answer.body).toEqual({ detail: 'Project not found' });
    }
    const empty = (await call('POST', '/api/v1/projects/', { name: 'Empty one' })).body as Json;
    expect((await call('GET', `/api/v1/projects/download/${empty.id as string}`)).body).toEqual({ detail: 'No flows found in project' });
  });

  it('lets the default project go, as Langflow does, and makes it again when a flow needs it', async () => {
    const old = await home();
    expect((await call('DELETE', `/api/v1/projects/${old.id as string}`)).status).toBe(204);
    expect(await home()).toBeUndefined();
    const flow = await newFlow('Needs a home');
    const fresh = await home();
    expect(fresh.id).not.toBe(old.id);
    expect(flow.folder_id).toBe(fresh.id);
  });

  it('answers /api/v1/folders/… with 307 redirects to /api/v1/projects/…, query kept', async () => {
    const target = await home();
    const cases = [
      ['GET', '/api/v1/folders/', '/api/v1/projects/'],
      ['POST', '/api/v1/folders/', '/api/v1/projects/'],
      ['GET', `/api/v1/folders/${target.id as string}?page=1&size=2`, `/api/v1/projects/${target.id as string}?page=1&size=2`],
      ['PATCH', `/api/v1/folders/${target.id as string}`, `/api/v1/projects/${target.id as string}`],
      ['DELETE', `/api/v1/folders/${target.id as string}`, `/api/v1/projects/${target.id as string}`],
      ['GET', `/api/v1/folders/download/${target.id as string}`, `/api/v1/projects/download/${target.id as string}`],
      ['POST', '/api/v1/folders/upload/', '/api/v1/projects/upload/'],
    ] as const;
    for (const [method, from, to] of cases) {
      const res = await raw(server.url, from, { method });
      expect(res.status, `${method} ${from}`).toBe(307);
      expect(res.headers.location).toBe(to);
    }
    // A client that follows redirects (fetch keeps the method and body on a 307) gets the projects answer.
    const created = await fetch(`${server.url}/api/v1/folders/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Via folders' }) });
    expect(created.status).toBe(201);
    const listed = (await (await fetch(`${server.url}/api/v1/folders/`)).json()) as Json[];
    expect(listed.some((p) => p.name === 'Via folders')).toBe(true);
  });
});

describe('a data directory from before projects', () => {
  it('serves its flows in the default project', async () => {
    const dataDir = await makeTempDir('flowdesk-old-');
    const written = await writeOldDataDir(dataDir, 3);
    const old = await spawnServer({ dataDir });
    try {
      const list = (await request(old.url, 'GET', '/api/v1/projects/')).body as Json[];
      expect(list.map((p) => p.name)).toEqual([DEFAULT_PROJECT_NAME]);
      const flows = ((await request(old.url, 'GET', `/api/v1/projects/${list[0]?.id as string}`)).body as Json).flows as Json[];
      expect(flows.map((f) => f.id)).toEqual(written.map((f) => f.id));
    } finally {
      await old.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
