/**
 * The `ProjectStore` contract (server/storage/types.ts), and what every store does at open
 * (server/storage/project-upgrade.ts): a default project, and a project for every flow.
 */
import { describe, expect, it } from 'vitest';
import { ensureDefaultProject, RECOVERED_PROJECT_NAME } from '../../../server/storage/project-upgrade.js';
import type { FlowStore, ProjectStore } from '../../../server/storage/types.js';
import { DEFAULT_PROJECT_DESCRIPTION, DEFAULT_PROJECT_NAME, type Project } from '../../../shared/project.js';
import { isDeepFrozen, sampleFlow, sampleProject } from './records.js';
import { useStore, type StoreTarget } from './target.js';

export function describeProjectStoreContract(target: StoreTarget<{ flows: FlowStore; projects: ProjectStore }>): void {
  describe('projects', () => {
    const opened = useStore(target);
    const projects = (): ProjectStore => opened.store.projects;
    const home = (): Project => projects().list().find((p) => p.name === DEFAULT_PROJECT_NAME) as Project;

    it('starts with the default project only', () => {
      expect(projects().list()).toHaveLength(1);
      expect(home()).toMatchObject({ name: DEFAULT_PROJECT_NAME, description: DEFAULT_PROJECT_DESCRIPTION, parent_id: null });
      expect(projects().get(home().id)).toEqual(home());
    });

    it('creates, reads, replaces and deletes a project, handing out frozen copies', async () => {
      const project = sampleProject({ name: 'Research' });
      const created = await projects().create(project);
      expect(created).toEqual(project);
      expect(isDeepFrozen(projects().get(project.id))).toBe(true);
      project.name = 'changed by the caller';
      expect(projects().get(created.id)?.name).toBe('Research');
      const renamed = { ...created, name: 'Papers', description: null, updated_at: '2025-02-01T00:00:00.000Z' };
      expect(await projects().put(renamed)).toEqual(renamed);
      expect(projects().list().map((p) => p.name)).toEqual([DEFAULT_PROJECT_NAME, 'Papers']);
      expect(await projects().delete(created.id)).toBe(true);
      expect(projects().get(created.id)).toBeUndefined();
      expect(await projects().delete(created.id)).toBe(false);
      expect(await projects().put(sampleProject())).toBeUndefined();
    });

    it('keeps names unique: a taken name is a conflict, a rename frees the old one', async () => {
      const a = await projects().create(sampleProject({ name: 'A' }));
      await expect(projects().create(sampleProject({ name: 'A' }))).rejects.toMatchObject({ code: 'conflict' });
      await expect(projects().create({ ...sampleProject(), id: a.id })).rejects.toMatchObject({ code: 'conflict' });
      const b = await projects().create(sampleProject({ name: 'B' }));
      await expect(projects().put({ ...b, name: 'A' })).rejects.toMatchObject({ code: 'conflict' });
      expect(projects().get(b.id)?.name).toBe('B');
      await projects().put({ ...a, name: 'A2' });
      expect((await projects().put({ ...b, name: 'A' }))?.name).toBe('A');
    });

    it('has after a reopen every acknowledged change, and the same default project', async () => {
      const before = home();
      const kept = await projects().create(sampleProject({ name: 'Kept' }));
      const gone = await projects().create(sampleProject({ name: 'Gone' }));
      await projects().put({ ...kept, description: 'notes' });
      await projects().delete(gone.id);
      const again = await opened.reopen();
      expect(again.projects.list()).toEqual([before, { ...kept, description: 'notes' }]);
    });

    it('makes the default project again once it is gone, once for callers at the same moment', async () => {
      await projects().delete(home().id);
      expect(projects().list()).toEqual([]);
      const made = await Promise.all([ensureDefaultProject(projects()), ensureDefaultProject(projects()), ensureDefaultProject(projects())]);
      expect(new Set(made.map((p) => p.id)).size).toBe(1);
      expect(projects().list()).toEqual([made[0]]);
    });

    it('puts a flow without a project in the default project at open', async () => {
      const loose = sampleFlow({ folder_id: '' });
      const placed = sampleFlow({ folder_id: home().id });
      await opened.store.flows.create(loose);
      await opened.store.flows.create(placed);
      const again = await opened.reopen();
      expect(again.flows.get(loose.id)).toEqual({ ...loose, folder_id: home().id });
      expect(again.flows.get(placed.id)).toEqual(placed);
      expect(again.projects.list()).toHaveLength(1);
    });

    it('gives a flow back the project it names when the project is gone, flows untouched', async () => {
      const orphan = sampleFlow({ folder_id: 'lost-project' });
      const sibling = sampleFlow({ folder_id: 'lost-project' });
      await opened.store.flows.create(orphan);
      await opened.store.flows.create(sibling);
      await projects().create(sampleProject({ name: RECOVERED_PROJECT_NAME }));
      const again = await opened.reopen();
      expect(again.projects.get('lost-project')?.name).toBe(`${RECOVERED_PROJECT_NAME} (1)`);
      expect(again.flows.list()).toEqual([orphan, sibling]);
    });
  });
}
