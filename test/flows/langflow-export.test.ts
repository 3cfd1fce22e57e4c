/**
 * The Langflow export (`POST /api/v1/flows/download/?format=langflow`) against the real server: each
 * of Langflow's 33 starters uploaded and downloaded in Langflow's format keeps its node ids, edges
 * (ids, ends and handle objects) and every template value the file set; the export re-uploads to the
 * same Flowdesk flow. A flow made in Flowdesk exports with generated templates and re-imports equal;
 * edits saved over PATCH reach the export; secrets never do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';

type Json = Record<string, any>;
const STARTERS_DIR = path.join(REPO_ROOT, '..', 'shared', 'fixtures', 'langflow-starters');
const STARTERS = readdirSync(STARTERS_DIR).filter((f) => f.endsWith('.json')).sort();
const starter = (file: string) => JSON.parse(readFileSync(path.join(STARTERS_DIR, file), 'utf8')) as Json;
const parseHandle = (handle: string) => JSON.parse(handle.replace(/œ/g, '"')) as unknown;
const isBookkeeping = (key: string) => key === 'code' || key.startsWith('_');

let server: SpawnedServer;
beforeAll(async () => {
  server = await spawnServer({});
});
afterAll(async () => {
  await server?.stop();
});

async function upload(doc: unknown): Promise<Json> {
  const res = await request(server.url, 'POST', '/api/v1/flows/upload/?format=flowdesk', { json: doc });
  expect(res.status, res.text).toBe(201);
  return res.body[0] as Json;
}

async function download(id: string, query = '?format=langflow'): Promise<Json> {
  const res = await request(server.url, 'POST', `/api/v1/flows/download/${query}`, { json: [id] });
  expect(res.status, res.text).toBe(200);
  return res.body as Json;
}

describe('Langflow export of the 33 starters', () => {
  it('finds the 33 starters', () => {
    expect(STARTERS).toHaveLength(33);
  });

  it.each(STARTERS)('%s: uploaded and downloaded in Langflow format keeps nodes, edges and values, and re-uploads to the same flow', async (file) => {
    const original = starter(file);
    const imported = await upload(original);
    const exported = await download(imported.id as string);

    expect(Object.keys(exported).sort()).toEqual(['data', 'description', 'endpoint_name', 'icon', 'id', 'is_component', 'last_tested_version', 'name', 'tags']);
    expect(exported).toMatchObject({ name: imported.name, description: original.description, is_component: false, tags: original.tags ?? [] });

    const origNodes = new Map((original.data.nodes as Json[]).map((n) => [n.id as string, n]));
    const outNodes = new Map((exported.data.nodes as Json[]).map((n) => [n.id as string, n]));
    expect([...outNodes.keys()].sort()).toEqual([...origNodes.keys()].sort());
    for (const [id, node] of origNodes) {
      const out = outNodes.get(id)!;
      expect(out.type, id).toBe(node.type);
      if (node.type !== 'genericNode') {
        expect(out.data.node.description, id).toBe(node.data.node.description);
        continue;
      }
      expect(out.data.type, id).toBe(node.data.type);
      expect(out.data.id, id).toBe(id);
      expect(out.data.node.outputs, id).toEqual(node.data.node.outputs);
      const template = node.data.node.template as Json;
      for (const [key, entry] of Object.entries(template)) {
        if (isBookkeeping(key) || entry === null || typeof entry !== 'object') continue;
        const got = out.data.node.template[key];
        expect(got, `${id}.${key}`).toBeDefined();
        for (const flag of ['type', 'show', 'required', 'advanced', 'load_from_db', 'password', 'list', 'input_types', 'display_name', 'name', '_input_type']) {
          expect(got[flag], `${id}.${key}.${flag}`).toEqual(entry[flag]);
        }
        if (entry.password === true && entry.load_from_db !== true) continue;
        expect(got.value, `${id}.${key}`).toEqual(entry.value);
      }
    }

    const outEdges = new Map((exported.data.edges as Json[]).map((e) => [e.id as string, e]));
    expect([...outEdges.keys()].sort()).toEqual((original.data.edges as Json[]).map((e) => e.id as string).sort());
    for (const edge of original.data.edges as Json[]) {
      const out = outEdges.get(edge.id)!;
      expect([out.source, out.target], edge.id).toEqual([edge.source, edge.target]);
      expect(out.data.sourceHandle, edge.id).toEqual(edge.data.sourceHandle);
      expect(out.data.targetHandle, edge.id).toEqual(edge.data.targetHandle);
      // Older starters quote their string handles with `"`, newer ones with `œ` (which this writes).
      expect(out.sourceHandle, edge.id).toMatch(/^\{œdataTypeœ: œ/);
      expect(parseHandle(out.sourceHandle), edge.id).toEqual(parseHandle(edge.sourceHandle));
      expect(parseHandle(out.targetHandle), edge.id).toEqual(parseHandle(edge.targetHandle));
    }

    const again = await upload(exported);
    expect(again.data).toEqual(imported.data);
  });
});

describe('Langflow export of flows made or edited in Flowdesk', () => {
  it("exports the server's own starters with templates generated from the component specs, re-importing equal", async () => {
    const templates = (await request(server.url, 'GET', '/api/v1/starter-projects/')).body as Json[];
    const catalog = (await request(server.url, 'GET', '/api/v1/all')).body as Record<string, Record<string, Json>>;
    const specs = new Map(Object.values(catalog).flatMap((group) => Object.values(group)).map((s) => [s.type as string, s]));
    expect(templates.length).toBeGreaterThan(0);
    for (const template of templates) {
      const created = await request(server.url, 'POST', '/api/v1/flows/?format=flowdesk', { json: { name: `${template.name as string} (made here)`, data: template.data } });
      expect(created.status, created.text).toBe(201);
      const exported = await download(created.body.id as string);
      for (const node of exported.data.nodes as Json[]) {
        if (node.type !== 'genericNode') continue;
        const spec = specs.get(node.data.type)!;
        expect(node.data.node.outputs.map((o: Json) => o.name), node.id).toEqual(spec.outputs.map((o: Json) => o.name));
        // A stand-in for the Python code Flowdesk lacks, so Langflow offers to update the node.
        expect(node.data.node.template.code).toMatchObject({ type: 'code', name: 'code', value: expect.stringContaining('Update this component in Langflow') });
        for (const field of spec.fields as Json[]) {
          const entry = node.data.node.template[field.name];
          expect(entry, `${node.id as string}.${field.name as string}`).toMatchObject({ name: field.name, display_name: field.display_name, password: field.kind === 'secret' });
          expect(typeof entry.type).toBe('string');
          expect(typeof entry._input_type).toBe('string');
        }
      }
      for (const edge of exported.data.edges as Json[]) {
        expect(edge.sourceHandle).toContain('œdataTypeœ');
        expect(edge.data.targetHandle.id).toBe(edge.target);
      }

      const again = await upload(exported);
      const original = created.body.data as Json;
      expect(again.data.edges).toEqual(original.edges);
      expect(again.data.viewport).toEqual(original.viewport);
      expect(again.data.nodes.map((n: Json) => n.id)).toEqual(original.nodes.map((n: Json) => n.id));
      for (const [i, node] of (original.nodes as Json[]).entries()) {
        const back = again.data.nodes[i] as Json;
        if (node.type === 'note') {
          // The re-import keeps the note's Langflow data besides its text and colour.
          const { langflow: _kept, ...backData } = back.data as Json;
          expect({ ...back, data: backData }).toEqual(node);
          continue;
        }
        const { langflow, values: backValues, ...backRest } = back.data;
        expect(langflow.id).toBe(node.id);
        const { values, ...rest } = node.data;
        expect(backRest, node.id).toEqual(rest);
        // Langflow's template carries a value for every field: a field the flow left unset comes back as its default (or empty).
        const spec = specs.get(node.data.type)!;
        for (const field of spec.fields as Json[]) {
          if (Object.hasOwn(values, field.name)) expect(backValues[field.name], `${node.id as string}.${field.name as string}`).toEqual(values[field.name]);
          else if (field.kind !== 'secret' && backValues[field.name] !== undefined) expect([field.default, '', false, {}]).toContainEqual(backValues[field.name]);
        }
      }
    }
  });

  it('writes values saved over PATCH and global-variable bindings into the template, and never a secret', async () => {
    const doc = starter('Basic Prompting.json');
    const model = (doc.data.nodes as Json[]).find((n) => n.type === 'genericNode' && n.data.node.template.api_key)!;
    model.data.node.template.api_key.value = 'sk-literal-secret';
    model.data.node.template.api_key.load_from_db = false;
    const imported = await upload(doc);
    const got = (await request(server.url, 'GET', `/api/v1/flows/${imported.id as string}?format=flowdesk`)).body as Json;
    const kept = (got.data.nodes as Json[]).find((n) => n.id === model.id)!;
    expect(kept.data.langflow.node.template.api_key.value).toBe('');

    const prompt = (got.data.nodes as Json[]).find((n) => n.data?.type === 'Prompt')!;
    prompt.data.values.template = 'Answer like a pirate: {question}';
    kept.data.global_variables = { api_key: 'MY_KEY' };
    const patched = await request(server.url, 'PATCH', `/api/v1/flows/${imported.id as string}?format=flowdesk`, { json: { data: got.data } });
    expect(patched.status, patched.text).toBe(200);
    expect((patched.body.data.nodes as Json[]).find((n) => n.id === prompt.id)!.data.langflow).toEqual(prompt.data.langflow);

    const exported = await download(imported.id as string);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('sk-literal-secret');
    const outPrompt = (exported.data.nodes as Json[]).find((n) => n.id === prompt.id)!;
    expect(outPrompt.data.node.template.template.value).toBe('Answer like a pirate: {question}');
    expect(outPrompt.data.node.template.question).toMatchObject({ name: 'question' });
    const outModel = (exported.data.nodes as Json[]).find((n) => n.id === model.id)!;
    expect(outModel.data.node.template.api_key).toMatchObject({ load_from_db: true, value: 'MY_KEY', password: true });

    // The Flowdesk format stays the default.
    expect((await download(imported.id as string, '')).flowdesk).toEqual({ format: 1 });
    const bad = await request(server.url, 'POST', '/api/v1/flows/download/?format=yaml', { json: [imported.id] });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("'flowdesk' or 'langflow'");
  });
});
