/** The `VariableStore` contract (server/storage/types.ts). */
import { describe, expect, it } from 'vitest';
import type { StoredVariable, VariableStore } from '../../../server/storage/types.js';
import { isDeepFrozen, sampleVariable } from './records.js';
import { useStore, type StoreTarget } from './target.js';

export function describeVariableStoreContract(target: StoreTarget<{ variables: VariableStore }>): void {
  describe('variables', () => {
    const opened = useStore(target);
    const variables = (): VariableStore => opened.store.variables;

    it('starts empty', () => {
      expect(variables().list()).toEqual([]);
      expect(variables().get('nope')).toBeUndefined();
      expect(variables().getByName('nope')).toBeUndefined();
    });

    it('creates, reads by id and by name, replaces and deletes, listing in creation order', async () => {
      const [a, b] = [sampleVariable({ name: 'B_FIRST' }), sampleVariable({ name: 'A_SECOND', type: 'Credential', default_fields: ['api_key'] })];
      expect(await variables().create(a)).toEqual(a);
      expect(await variables().create(b)).toEqual(b);
      expect(variables().list().map((v) => v.id)).toEqual([a.id, b.id]);
      expect(variables().get(b.id)).toEqual(b);
      expect(variables().getByName('A_SECOND')).toEqual(b);
      const changed = { ...a, value: 'new value', updated_at: '2025-02-01T00:00:00.000Z' };
      expect(await variables().put(changed)).toEqual(changed);
      expect(variables().get(a.id)).toEqual(changed);
      expect(variables().list().map((v) => v.id)).toEqual([a.id, b.id]);
      expect(await variables().delete(a.id)).toBe(true);
      expect(await variables().delete(a.id)).toBe(false);
      expect(variables().get(a.id)).toBeUndefined();
      expect(variables().getByName('B_FIRST')).toBeUndefined();
      expect(variables().list()).toEqual([b]);
    });

    it('does not create on put of an unknown id', async () => {
      expect(await variables().put(sampleVariable())).toBeUndefined();
      expect(variables().list()).toEqual([]);
    });

    it('keeps names unique: a create or a rename to a name in use is a conflict and changes nothing', async () => {
      const holder = sampleVariable({ name: 'TAKEN', value: 'holder' });
      const other = sampleVariable({ name: 'OTHER' });
      await variables().create(holder);
      await variables().create(other);
      await expect(variables().create(sampleVariable({ name: 'TAKEN' }))).rejects.toMatchObject({ code: 'conflict' });
      await expect(variables().create(sampleVariable({ name: 'TAKEN', type: 'Credential' }))).rejects.toMatchObject({ code: 'conflict' });
      await expect(variables().put({ ...other, name: 'TAKEN' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(variables().create({ ...holder, name: 'NEW_NAME' })).rejects.toMatchObject({ code: 'conflict' });
      expect(variables().list()).toEqual([holder, other]);
      expect(variables().getByName('TAKEN')?.value).toBe('holder');
      // A rename frees the old name.
      await variables().put({ ...other, name: 'RENAMED' });
      expect(variables().getByName('OTHER')).toBeUndefined();
      const next = sampleVariable({ name: 'OTHER' });
      await variables().create(next);
      expect(variables().getByName('OTHER')?.id).toBe(next.id);
    });

    it('refuses an unknown type (storage error)', async () => {
      const odd = sampleVariable({ type: 'Secret' as unknown as StoredVariable['type'] });
      await expect(variables().create(odd)).rejects.toMatchObject({ code: 'storage' });
      expect(variables().list()).toEqual([]);
    });

    it('keeps its own copy and hands out frozen records', async () => {
      const variable = sampleVariable({ value: 'original', default_fields: ['a'] });
      const created = await variables().create(variable);
      variable.value = 'changed';
      variable.default_fields.push('b');
      expect(variables().get(variable.id)?.value).toBe('original');
      expect(variables().get(variable.id)?.default_fields).toEqual(['a']);
      expect(isDeepFrozen(created)).toBe(true);
      expect(variables().list().every(isDeepFrozen)).toBe(true);
    });

    it('has after a reopen every acknowledged change, credential values in plain', async () => {
      const generic = sampleVariable({ name: 'GENERIC', value: 'plain' });
      const secret = sampleVariable({ name: 'SECRET', type: 'Credential', value: 'sk-very-secret' });
      const gone = sampleVariable();
      for (const v of [generic, secret, gone]) await variables().create(v);
      await variables().put({ ...secret, value: 'sk-rotated' });
      await variables().delete(gone.id);
      const again = (await opened.reopen()).variables;
      expect(again.list()).toEqual([generic, { ...secret, value: 'sk-rotated' }]);
      expect(again.getByName('SECRET')?.value).toBe('sk-rotated');
      expect(again.get(gone.id)).toBeUndefined();
    });
  });
}
