/** The `FlowStore` contract (server/storage/types.ts). */
import { describe, expect, it } from 'vitest';
import type { FlowStore } from '../../../server/storage/types.js';
import { isDeepFrozen, sampleFlow } from './records.js';
import { useStore, type StoreTarget } from './target.js';

export function describeFlowStoreContract(target: StoreTarget<{ flows: FlowStore }>): void {
  describe('flows', () => {
    const opened = useStore(target);
    const flows = (): FlowStore => opened.store.flows;

    it('starts empty', () => {
      expect(flows().list()).toEqual([]);
      expect(flows().get('nope')).toBeUndefined();
      expect(flows().getByEndpointName('nope')).toBeUndefined();
    });

    it('creates, reads, replaces and deletes a flow', async () => {
      const flow = sampleFlow({ name: 'First' });
      expect(await flows().create(flow)).toEqual(flow);
      expect(flows().get(flow.id)).toEqual(flow);
      const renamed = { ...flow, name: 'Renamed', updated_at: '2025-02-01T00:00:00.000Z' };
      expect(await flows().put(renamed)).toEqual(renamed);
      expect(flows().get(flow.id)?.name).toBe('Renamed');
      expect(flows().list()).toHaveLength(1);
      expect(await flows().delete(flow.id)).toBe(true);
      expect(flows().get(flow.id)).toBeUndefined();
      expect(flows().list()).toEqual([]);
    });

    it('lists in creation order; a replaced flow keeps its place', async () => {
      const [a, b, c] = [sampleFlow(), sampleFlow(), sampleFlow()];
      for (const f of [b, a, c]) await flows().create(f);
      await flows().put({ ...a, name: 'changed' });
      expect(flows().list().map((f) => f.id)).toEqual([b.id, a.id, c.id]);
    });

    it('does not create on put of an unknown id, and says false on delete of one', async () => {
      expect(await flows().put(sampleFlow())).toBeUndefined();
      expect(flows().list()).toEqual([]);
      expect(await flows().delete('nope')).toBe(false);
    });

    it('refuses a second flow with the same id (conflict), keeping the first', async () => {
      const flow = sampleFlow({ name: 'kept' });
      await flows().create(flow);
      await expect(flows().create({ ...flow, name: 'other' })).rejects.toMatchObject({ code: 'conflict' });
      expect(flows().get(flow.id)?.name).toBe('kept');
      expect(flows().list()).toHaveLength(1);
    });

    it('finds a flow by endpoint name, and moves or frees the name when the flow changes or goes', async () => {
      const flow = sampleFlow({ endpoint_name: 'ask' });
      await flows().create(flow);
      expect(flows().getByEndpointName('ask')?.id).toBe(flow.id);
      await flows().put({ ...flow, endpoint_name: 'ask-v2' });
      expect(flows().getByEndpointName('ask')).toBeUndefined();
      expect(flows().getByEndpointName('ask-v2')?.id).toBe(flow.id);
      await flows().put({ ...flow, endpoint_name: null });
      expect(flows().getByEndpointName('ask-v2')).toBeUndefined();
      await flows().put({ ...flow, endpoint_name: 'ask' });
      await flows().delete(flow.id);
      expect(flows().getByEndpointName('ask')).toBeUndefined();
      const next = sampleFlow({ endpoint_name: 'ask' });
      await flows().create(next);
      expect(flows().getByEndpointName('ask')?.id).toBe(next.id);
    });

    it('keeps endpoint names unique: create and put of a name held by another flow are conflicts and change nothing', async () => {
      const holder = sampleFlow({ endpoint_name: 'taken' });
      const other = sampleFlow({ endpoint_name: 'free' });
      await flows().create(holder);
      await flows().create(other);
      await expect(flows().create(sampleFlow({ endpoint_name: 'taken' }))).rejects.toMatchObject({ code: 'conflict' });
      await expect(flows().put({ ...other, endpoint_name: 'taken' })).rejects.toMatchObject({ code: 'conflict' });
      expect(flows().list().map((f) => f.id)).toEqual([holder.id, other.id]);
      expect(flows().getByEndpointName('taken')?.id).toBe(holder.id);
      expect(flows().getByEndpointName('free')?.id).toBe(other.id);
      // Many flows may have no endpoint name.
      await flows().create(sampleFlow());
      await flows().create(sampleFlow());
      expect(flows().list()).toHaveLength(4);
    });

    it('keeps its own copy: changing the object passed in or handed out changes nothing stored', async () => {
      const flow = sampleFlow({ name: 'original' });
      const created = await flows().create(flow);
      flow.name = 'changed by the caller';
      flow.data.nodes.length = 0;
      const stored = flows().get(flow.id);
      expect(stored?.name).toBe('original');
      expect(stored?.data.nodes).toHaveLength(1);
      expect(isDeepFrozen(created)).toBe(true);
      expect(isDeepFrozen(stored)).toBe(true);
      expect(flows().list().every(isDeepFrozen)).toBe(true);
    });

    it('has after a reopen every acknowledged create, put and delete, in creation order', async () => {
      const [a, b, c] = [sampleFlow({ endpoint_name: 'a' }), sampleFlow(), sampleFlow()];
      for (const f of [a, b, c]) await flows().create(f);
      await flows().put({ ...a, name: 'A2', endpoint_name: 'a2' });
      await flows().delete(b.id);
      const again = (await opened.reopen()).flows;
      expect(again.list().map((f) => [f.id, f.name])).toEqual([
        [a.id, 'A2'],
        [c.id, c.name],
      ]);
      expect(again.get(c.id)).toEqual(c);
      expect(again.getByEndpointName('a2')?.id).toBe(a.id);
      expect(again.getByEndpointName('a')).toBeUndefined();
      expect(again.get(b.id)).toBeUndefined();
    });
  });
}
