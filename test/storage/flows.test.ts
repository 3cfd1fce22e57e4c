import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.js';
import { makeFlow, open, tempDir } from './helpers.js';

describe('flow store', () => {
  it('creates, reads, updates and deletes flows, keeping creation order', async () => {
    const store = await open(await tempDir());
    const a = makeFlow({ name: 'A' });
    const b = makeFlow({ name: 'B', endpoint_name: 'b-endpoint' });
    expect(await store.flows.create(a)).toEqual(a);
    await store.flows.create(b);
    expect(store.flows.list().map((f) => f.name)).toEqual(['A', 'B']);
    expect(store.flows.get(a.id)).toEqual(a);
    expect(store.flows.getByEndpointName('b-endpoint')?.id).toBe(b.id);

    const renamed = await store.flows.put({ ...a, name: 'A2', endpoint_name: 'a-endpoint' });
    expect(renamed?.name).toBe('A2');
    expect(store.flows.list().map((f) => f.name)).toEqual(['A2', 'B']);
    expect(store.flows.getByEndpointName('a-endpoint')?.id).toBe(a.id);

    expect(await store.flows.put(makeFlow())).toBeUndefined();
    expect(await store.flows.delete(b.id)).toBe(true);
    expect(await store.flows.delete(b.id)).toBe(false);
    expect(store.flows.get(b.id)).toBeUndefined();
    expect(store.flows.getByEndpointName('b-endpoint')).toBeUndefined();
  });

  it('moves the endpoint-name index when a flow changes or drops its endpoint name', async () => {
    const store = await open(await tempDir());
    const flow = makeFlow({ endpoint_name: 'one' });
    await store.flows.create(flow);
    await store.flows.put({ ...flow, endpoint_name: 'two' });
    expect(store.flows.getByEndpointName('one')).toBeUndefined();
    expect(store.flows.getByEndpointName('two')?.id).toBe(flow.id);
    await store.flows.put({ ...flow, endpoint_name: null });
    expect(store.flows.getByEndpointName('two')).toBeUndefined();
  });

  it('refuses a duplicate id or an endpoint name held by another flow', async () => {
    const store = await open(await tempDir());
    const a = makeFlow({ endpoint_name: 'taken' });
    await store.flows.create(a);
    await expect(store.flows.create({ ...a })).rejects.toBeInstanceOf(ConflictError);
    await expect(store.flows.create(makeFlow({ endpoint_name: 'taken' }))).rejects.toBeInstanceOf(ConflictError);
    expect(store.flows.list()).toHaveLength(1);
  });

  it('hands out frozen copies and does not keep the caller’s object', async () => {
    const store = await open(await tempDir());
    const input = makeFlow();
    await store.flows.create(input);
    input.name = 'changed by caller';
    const stored = store.flows.get(input.id);
    expect(stored?.name).not.toBe('changed by caller');
    expect(Object.isFrozen(stored)).toBe(true);
    expect(Object.isFrozen(stored?.data.nodes[0])).toBe(true);
  });

  it('persists across reopen, in separate files from the other stores', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    // In an existing project, so that the reopen has nothing to recover.
    const a = makeFlow({ endpoint_name: 'persisted', folder_id: store.projects.list()[0]?.id });
    await store.flows.create(a);
    await store.flows.put({ ...a, description: 'v2' });
    await store.close();

    const again = await open(dir);
    expect(again.flows.get(a.id)?.description).toBe('v2');
    expect(again.flows.getByEndpointName('persisted')?.id).toBe(a.id);
    expect(again.warnings).toEqual([]);
    const files = await fs.readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['flows.json', 'flows.json.bak', 'flowdesk.lock']));
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('coalesces concurrent writes, and every awaited write is on disk when it resolves', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const flows = Array.from({ length: 50 }, () => makeFlow());
    await Promise.all(
      flows.map(async (flow) => {
        await store.flows.create(flow);
        const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'flows.json'), 'utf8')) as { flows: { id: string }[] };
        expect(onDisk.flows.map((f) => f.id)).toContain(flow.id);
      }),
    );
    expect(store.flows.list()).toHaveLength(50);
  });

  it('sets a corrupt flows.json aside and uses the last good copy', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const folder_id = store.projects.list()[0]?.id;
    const a = makeFlow({ name: 'first', folder_id });
    const b = makeFlow({ name: 'second', folder_id });
    await store.flows.create(a);
    await store.flows.create(b);
    await store.close();
    await fs.writeFile(path.join(dir, 'flows.json'), '{"version":1,"flows":[{"id":"x", "na');

    const again = await open(dir);
    // The .bak holds the state before the last write: flow `a` only.
    expect(again.flows.list().map((f) => f.name)).toEqual(['first']);
    expect(again.warnings).toHaveLength(1);
    expect(again.warnings[0]).toMatch(/flows\.json was unreadable \(invalid JSON.*moved it to .*flows\.json\.corrupt-.*last good copy from flows\.json\.bak/);
    const files = await fs.readdir(dir);
    expect(files.filter((f) => f.startsWith('flows.json.corrupt-'))).toHaveLength(1);
    // The main file was rewritten from the copy; a further reopen is clean.
    await again.close();
    const third = await open(dir);
    expect(third.warnings).toEqual([]);
    expect(third.flows.list().map((f) => f.name)).toEqual(['first']);
  });

  it('treats a wrong shape as corruption too', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.flows.create(makeFlow({ name: 'kept' }));
    await store.flows.create(makeFlow({ name: 'kept too' }));
    await store.close();
    await fs.writeFile(path.join(dir, 'flows.json'), '{"version":1,"flows":[{"id":42}]}');
    const again = await open(dir);
    expect(again.warnings[0]).toMatch(/wrong shape/);
    expect(again.flows.list().map((f) => f.name)).toEqual(['kept']);
  });

  it('starts empty, saying so, when both the file and its backup are bad', async () => {
    const dir = await tempDir();
    await fs.writeFile(path.join(dir, 'flows.json'), 'not json');
    await fs.writeFile(path.join(dir, 'flows.json.bak'), '');
    const store = await open(dir);
    expect(store.flows.list()).toEqual([]);
    expect(store.warnings[0]).toMatch(/backup was unreadable too.*starting with no flows\.json data/);
  });

  it('restores flows.json from its backup when the file was deleted', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.flows.create(makeFlow({ name: 'one' }));
    await store.flows.create(makeFlow({ name: 'two' }));
    await store.close();
    await fs.rm(path.join(dir, 'flows.json'));
    const again = await open(dir);
    expect(again.flows.list().map((f) => f.name)).toEqual(['one']);
    expect(again.warnings[0]).toMatch(/flows\.json was missing; using the last good copy/);
  });

  it('reports a failed write and undoes it in memory', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const kept = makeFlow({ endpoint_name: 'kept' });
    await store.flows.create(kept);
    // A directory where the temp file must go makes every write fail.
    await fs.mkdir(path.join(dir, '.flows.json.tmp'));
    await expect(store.flows.create(makeFlow({ endpoint_name: 'lost' }))).rejects.toMatchObject({ code: 'storage' });
    await expect(store.flows.put({ ...kept, name: 'renamed', endpoint_name: 'moved' })).rejects.toMatchObject({ code: 'storage' });
    expect(store.flows.list().map((f) => f.name)).toEqual([kept.name]);
    expect(store.flows.getByEndpointName('lost')).toBeUndefined();
    expect(store.flows.getByEndpointName('moved')).toBeUndefined();
    expect(store.flows.getByEndpointName('kept')?.name).toBe(kept.name);
    await fs.rmdir(path.join(dir, '.flows.json.tmp'));
    await store.flows.create(makeFlow({ endpoint_name: 'lost' }));
    expect(store.flows.getByEndpointName('lost')).toBeDefined();
  });

  it('lists 1,000 flows in well under 20 ms', async () => {
    const store = await open(await tempDir(), { fsync: false });
    for (let i = 0; i < 1000; i++) void store.flows.create(makeFlow());
    await store.flows.create(makeFlow());
    const started = performance.now();
    for (let i = 0; i < 10; i++) expect(store.flows.list()).toHaveLength(1001);
    expect((performance.now() - started) / 10).toBeLessThan(5);
  });
});
