/**
 * The open flow's state, outside React: nodes and edges in React Flow's form, undo history, per-node
 * run state and problems. Components read it through `useEditor(selector)`; every change of what
 * is saved bumps `revision`, which autosave watches.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useSyncExternalStore } from 'react';
import { newNodeId, type FlowData, type Viewport, type XY } from '../../../shared/flow.js';
import type { NodeRunStatus } from '../api/live-run.js';
import { acceptsMany, checkConnection, type ConnectionAttempt, type ConnectionVerdict } from './connection-rules.js';
import { edgeId, toFlowData, toViewEdge, toViewNode, type ComponentViewNode, type ViewEdge, type ViewNode } from './flow-mapping.js';
import { placeFragment, selectedFragment, snapshot, unselect, type Fragment } from './fragments.js';
import { findProblems, type ProblemMap } from './flow-problems.js';
import { History } from './history.js';
import { fieldsFor, hasPort, type SpecIndex } from './specs.js';

export interface NodeRun {
  status: NodeRunStatus;
  error?: string;
  outputs?: Record<string, unknown>;
  /** What the run went on despite (e.g. a global variable not found, so the field took its default). */
  warnings?: string[];
}

export interface EditorState {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Bumped on every change that must be saved. */
  revision: number;
  canUndo: boolean;
  canRedo: boolean;
  run: ReadonlyMap<string, NodeRun>;
  problems: ProblemMap;
}

type Snapshot = Fragment;

/** Shared by every open editor in this window, like a system clipboard. */
let clipboard: Fragment | null = null;

export class EditorStore {
  private state: EditorState;
  private readonly listeners = new Set<() => void>();
  private readonly history: History<Snapshot>;
  private pendingCommit: { key: string | null } | null = null;
  private pasteCount = 0;
  viewport: Viewport;
  /** Told when an edit takes something away the user did not remove themselves (an edge whose `{variable}` went). */
  onNotice: ((text: string) => void) | null = null;

  constructor(
    flow: FlowData,
    readonly specs: SpecIndex,
  ) {
    const nodes = flow.nodes.map(toViewNode);
    const edges = flow.edges.map(toViewEdge);
    this.viewport = { ...flow.viewport };
    this.history = new History<Snapshot>(snapshot(nodes, edges));
    this.state = { nodes, edges, revision: 0, canUndo: false, canRedo: false, run: new Map(), problems: findProblems(nodes, edges, specs) };
  }

  getState = (): EditorState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The flow in its stored form. */
  toFlowData(): FlowData {
    return toFlowData(this.state.nodes, this.state.edges, this.viewport);
  }

  // ---- React Flow callbacks ----

  onNodesChange = (changes: NodeChange<ViewNode>[]): void => {
    const nodes = applyNodeChanges(changes, this.state.nodes);
    let key: string | null | undefined;
    for (const change of changes) {
      if (change.type === 'remove' || change.type === 'add' || change.type === 'replace') key = null;
      else if (change.type === 'position' && !change.dragging && key === undefined) key = change.position ? 'move' : null;
    }
    if (key === undefined) {
      this.set({ nodes });
      return;
    }
    const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
    const edges = removed.size === 0 ? this.state.edges : this.state.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target));
    this.change({ nodes, edges }, key);
  };

  onEdgesChange = (changes: EdgeChange<ViewEdge>[]): void => {
    const edges = applyEdgeChanges(changes, this.state.edges);
    if (changes.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace')) this.change({ edges }, null);
    else this.set({ edges });
  };

  checkConnection = (attempt: ConnectionAttempt): ConnectionVerdict => checkConnection(attempt, this.nodeMap(), this.specs);

  connect = (attempt: ConnectionAttempt): ConnectionVerdict => {
    const verdict = this.checkConnection(attempt);
    if (!verdict.ok) return verdict;
    const source = attempt.source as string;
    const target = attempt.target as string;
    const sourceHandle = attempt.sourceHandle as string;
    const targetHandle = attempt.targetHandle as string;
    const id = edgeId(source, sourceHandle, target, targetHandle);
    if (this.state.edges.some((e) => e.id === id)) return verdict;
    const targetNode = this.nodeMap().get(target) as ComponentViewNode;
    // A field that takes one value: the new edge replaces the old one.
    const keep = acceptsMany(targetNode, targetHandle, this.specs)
      ? this.state.edges
      : this.state.edges.filter((e) => !(e.target === target && e.targetHandle === targetHandle));
    this.change({ edges: [...keep, { id, source, sourceHandle, target, targetHandle }] }, null);
    return verdict;
  };

  // ---- editing ----

  addComponent(type: string, position: XY): string | null {
    const spec = this.specs.get(type);
    if (!spec) return null;
    const id = this.uniqueId(type);
    const node: ComponentViewNode = { id, type: 'component', position, data: { type: spec.type, values: {}, globals: {} }, selected: true };
    this.change({ nodes: [...this.state.nodes.map(unselect), node] }, null);
    return id;
  }

  addNote(position: XY, text = ''): string {
    const id = this.uniqueId('note');
    this.change({ nodes: [...this.state.nodes.map(unselect), { id, type: 'note', position, data: { text }, selected: true }] }, null);
    return id;
  }

  setValue(nodeId: string, field: string, value: unknown): void {
    let edges = this.state.edges;
    const dropped: string[] = [];
    const nodes = this.state.nodes.map((node) => {
      if (node.id !== nodeId || node.type !== 'component') return node;
      const updated: ComponentViewNode = { ...node, data: { ...node.data, values: { ...node.data.values, [field]: value } } };
      const spec = this.specs.get(node.data.type);
      if (spec?.template_field === field) {
        const ports = (values: Readonly<Record<string, unknown>>) => new Set(fieldsFor(spec, values).filter(hasPort).map((f) => f.name));
        const before = ports(node.data.values);
        const after = ports(updated.data.values);
        // One `{variable}` renamed, the others kept (each keystroke of a rename is one): its edges follow it.
        const gone = [...before].filter((name) => !after.has(name));
        const added = [...after].filter((name) => !before.has(name));
        const renamed = gone.length === 1 && added.length === 1 ? { from: gone[0] as string, to: added[0] as string } : null;
        edges = edges.flatMap((e) => {
          if (e.target !== nodeId) return [e];
          if (renamed && e.targetHandle === renamed.from) return [{ ...e, id: edgeId(e.source, e.sourceHandle ?? '', e.target, renamed.to), targetHandle: renamed.to }];
          if (after.has(e.targetHandle ?? '')) return [e];
          // Edges into `{variables}` the template no longer has go away with their handles, and the user is told.
          dropped.push(e.targetHandle ?? '');
          return [];
        });
      }
      return updated;
    });
    this.change({ nodes, edges }, `value:${nodeId}:${field}`);
    if (dropped.length > 0) this.onNotice?.(`Removed the connection into {${dropped.join('}, {')}}: the template no longer has ${dropped.length === 1 ? 'that variable' : 'those variables'}`);
  }

  /** Binds a field to a global variable (or unbinds it with null). */
  setGlobal(nodeId: string, field: string, variable: string | null): void {
    const nodes = this.state.nodes.map((node) => {
      if (node.id !== nodeId || node.type !== 'component') return node;
      const globals = { ...node.data.globals };
      if (variable) globals[field] = variable;
      else delete globals[field];
      return { ...node, data: { ...node.data, globals } };
    });
    this.change({ nodes }, null);
  }

  /** Marks a field as an API field (or unmarks it): under the `declared` tweak policy, a flow that marks any accepts tweaks only for those. */
  setApiEditable(nodeId: string, field: string, editable: boolean): void {
    const nodes = this.state.nodes.map((node) => {
      if (node.id !== nodeId || node.type !== 'component') return node;
      const marked = (node.data.apiEditable ?? []).filter((name) => name !== field);
      if (editable) marked.push(field);
      const { apiEditable: _old, ...rest } = node.data;
      return { ...node, data: marked.length > 0 ? { ...rest, apiEditable: marked } : rest };
    });
    this.change({ nodes }, null);
  }

  setNoteText(nodeId: string, text: string): void {
    const nodes = this.state.nodes.map((node) => (node.id === nodeId && node.type === 'note' ? { ...node, data: { ...node.data, text } } : node));
    this.change({ nodes }, `note:${nodeId}`);
  }

  deleteSelection(): void {
    const removed = new Set(this.state.nodes.filter((n) => n.selected).map((n) => n.id));
    const nodes = this.state.nodes.filter((n) => !removed.has(n.id));
    const edges = this.state.edges.filter((e) => !e.selected && !removed.has(e.source) && !removed.has(e.target));
    if (nodes.length !== this.state.nodes.length || edges.length !== this.state.edges.length) this.change({ nodes, edges }, null);
  }

  copySelection(): number {
    const fragment = selectedFragment(this.state.nodes, this.state.edges);
    if (!fragment) return 0;
    clipboard = fragment;
    this.pasteCount = 0;
    return fragment.nodes.length;
  }

  /** Pastes the clipboard with fresh ids, offset so copies do not hide their originals. */
  paste(): number {
    if (!clipboard) return 0;
    this.pasteCount += 1;
    return this.insert(clipboard, 40 * this.pasteCount);
  }

  /** Pastes a copy of the selection without touching the clipboard. */
  duplicateSelection(): number {
    const fragment = selectedFragment(this.state.nodes, this.state.edges);
    return fragment ? this.insert(fragment, 40) : 0;
  }

  undo = (): void => this.restore(this.history.undo());

  redo = (): void => this.restore(this.history.redo());

  // ---- run state ----

  setRun(nodeId: string, run: NodeRun): void {
    const map = new Map(this.state.run);
    map.set(nodeId, { ...map.get(nodeId), ...run });
    this.set({ run: map });
  }

  /** Adds a warning to a node's run state, keeping its status. */
  addRunWarning(nodeId: string, message: string): void {
    const map = new Map(this.state.run);
    const current = map.get(nodeId) ?? { status: 'running' };
    map.set(nodeId, { ...current, warnings: [...(current.warnings ?? []), message] });
    this.set({ run: map });
  }

  resetRun(status: NodeRunStatus | null): void {
    const map = new Map<string, NodeRun>();
    if (status) for (const node of this.state.nodes) if (node.type === 'component') map.set(node.id, { status });
    this.set({ run: map });
  }

  /** After a run: nodes still waiting or running become `status`, or lose their state with null. */
  settleRun(status: NodeRunStatus | null): void {
    const map = new Map(this.state.run);
    for (const [id, run] of map) {
      if (run.status !== 'waiting' && run.status !== 'running') continue;
      if (status) map.set(id, { ...run, status });
      else map.delete(id);
    }
    this.set({ run: map });
  }

  // ---- internals ----

  private insert(fragment: Fragment, offset: number): number {
    const placed = placeFragment(fragment, offset, (type, taken) => this.uniqueId(type, taken));
    this.change({ nodes: [...this.state.nodes.map(unselect), ...placed.nodes], edges: [...this.state.edges, ...placed.edges] }, null);
    return placed.nodes.length;
  }

  private nodeMap(): Map<string, ViewNode> {
    return new Map(this.state.nodes.map((n) => [n.id, n]));
  }

  private uniqueId(type: string, reserved: ReadonlySet<string> = new Set()): string {
    const taken = new Set(this.state.nodes.map((n) => n.id));
    for (;;) {
      const id = newNodeId(type);
      if (!taken.has(id) && !reserved.has(id)) return id;
    }
  }

  /** A change of the saved flow: applied now, one undo step per microtask (node and edge removals arrive separately). */
  private change(partial: Partial<Snapshot>, key: string | null): void {
    const nodes = partial.nodes ?? this.state.nodes;
    const edges = partial.edges ?? this.state.edges;
    this.set({ nodes, edges, revision: this.state.revision + 1, problems: findProblems(nodes, edges, this.specs) });
    if (this.pendingCommit) {
      if (key === null) this.pendingCommit.key = null;
      return;
    }
    this.pendingCommit = { key };
    queueMicrotask(() => {
      const pending = this.pendingCommit;
      this.pendingCommit = null;
      this.history.commit(snapshot(this.state.nodes, this.state.edges), pending?.key ?? null);
      this.set({ canUndo: this.history.canUndo, canRedo: this.history.canRedo });
    });
  }

  private restore(target: Snapshot | null): void {
    if (!target) return;
    const measured = new Map(this.state.nodes.map((n) => [n.id, n.measured]));
    const nodes = target.nodes.map((n) => {
      const size = measured.get(n.id);
      return size ? { ...n, measured: size } : n;
    });
    this.set({
      nodes,
      edges: target.edges,
      revision: this.state.revision + 1,
      canUndo: this.history.canUndo,
      canRedo: this.history.canRedo,
      problems: findProblems(nodes, target.edges, this.specs),
    });
  }

  private set(partial: Partial<EditorState>): void {
    this.state = { ...this.state, ...partial };
    for (const listener of this.listeners) listener();
  }
}

/** Subscribes a component to a slice of the store; the selector must return stable values. */
export function useEditorState<T>(store: EditorStore, selector: (state: EditorState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}
