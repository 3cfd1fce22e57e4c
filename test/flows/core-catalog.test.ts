/**
 * Langflow's core (non-vendor) catalog against what Flowdesk serves. The list is lfx 0.3.0's, the
 * newest stable component set Langflow records (src/lfx/src/lfx/_assets/stable_hash_history.json
 * of langflow-ai/langflow at commit 0001b67baeac15f087ffd48aa1d2e2b2cf3ebb49: every component's
 * `name`, the type key flows carry), grouped by the folders under src/lfx/src/lfx/components/
 * (their __init__.py: input_output, data_source, files_and_knowledge, flow_controls,
 * llm_operations, models_and_agents, processing, utilities, prototypes, custom_component,
 * vectorstores/FAISS/chroma, embeddings, langchain_utilities' text splitters, and the tools that
 * need no account). Display names and `legacy` are read from each component's source.
 *
 * A spawned server's `GET /api/v1/all` must serve every key marked present (as a type or an
 * alias) and none marked missing, and the README's "Langflow's core catalog" table must list the
 * same keys the same way: adding or removing a component without updating the list fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../support/http.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../support/spawn-server.js';
import { CORE_CATALOG } from './core-catalog-data.js';

const entries = Object.values(CORE_CATALOG).flat();

describe("Langflow's core catalog", () => {
  let server: SpawnedServer | undefined;
  let served: Set<string>;

  beforeAll(async () => {
    server = await spawnServer();
    const catalog = (await request(server.url, 'GET', '/api/v1/all')).body as Record<string, Record<string, { aliases?: string[] }>>;
    served = new Set(Object.values(catalog).flatMap((category) => Object.entries(category).flatMap(([type, spec]) => [type, ...(spec.aliases ?? [])])));
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('lists each key once', () => {
    expect(entries.length).toBe(new Set(entries.map((e) => e.key)).size);
  });

  it.each(entries.filter((e) => e.present).map((e) => [e.key, e] as const))('serves %s (listed as present)', (key) => {
    expect(served.has(key), `${key} is listed as present but GET /api/v1/all does not serve it: mark it missing here and in the README`).toBe(true);
  });

  it.each(entries.filter((e) => !e.present).map((e) => [e.key, e] as const))('does not serve %s (listed as missing)', (key) => {
    expect(served.has(key), `${key} is served now: mark it present here and in the README`).toBe(false);
  });

  it('matches the README table, category by category', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const heading = /^### Langflow's core catalog$/m.exec(readme);
    expect(heading, "README.md has a \"### Langflow's core catalog\" section").not.toBeNull();
    const section = readme.slice(heading!.index + heading![0].length);
    const end = section.search(/^#{1,3} /m);
    const rows = (end === -1 ? section : section.slice(0, end))
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Category'));
    const table = new Map(
      rows.map((line) => {
        const [category = '', present = '', missing = ''] = line.split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, '').trim());
        const keys = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
        return [category.replace(/\*/g, ''), { present: keys(present), missing: keys(missing) }];
      }),
    );
    for (const [category, list] of Object.entries(CORE_CATALOG)) {
      expect(table.get(category), `README row for ${category}`).toEqual({
        present: list.filter((e) => e.present).map((e) => e.key).sort(),
        missing: list.filter((e) => !e.present).map((e) => e.key).sort(),
      });
    }
    expect([...table.keys()].sort()).toEqual(Object.keys(CORE_CATALOG).sort());
  });
});
