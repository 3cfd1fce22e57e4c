/** Fixtures shared by the renderer tests: the catalog as the server serves it, and a flow. */
import type { ComponentCatalog } from '../../shared/component-spec.js';
import type { FlowData } from '../../shared/flow.js';
import { indexCatalog } from '../../renderer/src/editor/specs.js';
import catalogJson from './fixtures/catalog.json';
import flowJson from './fixtures/basic-prompting-flow.json';

export const catalog = catalogJson as unknown as ComponentCatalog;
export const specs = indexCatalog(catalog);

/** A fresh copy of the Basic Prompting flow fixture. */
export function basicFlow(): FlowData {
  return structuredClone(flowJson) as FlowData;
}
