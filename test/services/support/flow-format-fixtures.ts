/** Shared helpers of the flow-format tests: fixtures, and finding nodes and errors. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { AppError } from '../../../shared/errors.js';
import type { ComponentNode, FlowData, NoteNode } from '../../../shared/flow.js';

export type Json = Record<string, unknown>;

export function fixture(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../../fixtures/langflow/${name}`, import.meta.url), 'utf8')) as Json;
}

export function componentNode(data: FlowData, id: string): ComponentNode {
  const node = data.nodes.find((n) => n.id === id);
  if (!node || node.type !== 'component') throw new Error(`no component node ${id}`);
  return node;
}

export function noteNode(data: FlowData, id: string): NoteNode {
  const node = data.nodes.find((n) => n.id === id);
  if (!node || node.type !== 'note') throw new Error(`no note node ${id}`);
  return node;
}

/** Runs `fn`, expects it to throw an AppError of the given class, and returns it. */
export function thrown<E extends AppError>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected an error').toBeInstanceOf(type);
  return caught as E;
}

/** The Langflow nodes list of a fixture document (mutable, for tests that break it). */
export function langflowNodes(doc: Json): Json[] {
  return (doc.data as { nodes: Json[] }).nodes;
}

export function langflowEdges(doc: Json): Json[] {
  return (doc.data as { edges: Json[] }).edges;
}
