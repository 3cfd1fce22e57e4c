// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { EditorStore } from '../../renderer/src/editor/editor-store.js';
import { basicFlow, specs } from './support.js';

const settle = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const ids = (store: EditorStore) => store.getState().nodes.map((n) => n.id);
const edgeIds = (store: EditorStore) => store.getState().edges.map((e) => e.id);

describe('editor store', () => {
  it('deleting a node and its edges is one undo step; redo deletes them again', async () => {
    const store = new EditorStore(basicFlow(), specs);
    const before = { nodes: ids(store), edges: edgeIds(store) };
    store.onNodesChange([{ type: 'remove', id: 'OpenAIModel-5UyvQ' }]);
    store.onEdgesChange([
      { type: 'remove', id: 'e-in' },
      { type: 'remove', id: 'e-sys' },
      { type: 'remove', id: 'e-out' },
    ]);
    await settle();
    expect(ids(store)).not.toContain('OpenAIModel-5UyvQ');
    expect(edgeIds(store)).toEqual(['e-persona']);
    store.undo();
    expect({ nodes: ids(store), edges: edgeIds(store) }).toEqual(before);
    store.redo();
    expect(edgeIds(store)).toEqual(['e-persona']);
  });

  it('a new edge into a single-value field replaces the old one', async () => {
    const store = new EditorStore(basicFlow(), specs);
    const verdict = store.connect({ source: 'Prompt-pKfl9', sourceHandle: 'prompt', target: 'OpenAIModel-5UyvQ', targetHandle: 'input_value' });
    expect(verdict.ok).toBe(true);
    const into = store.getState().edges.filter((e) => e.target === 'OpenAIModel-5UyvQ' && e.targetHandle === 'input_value');
    expect(into.map((e) => e.source)).toEqual(['Prompt-pKfl9']);
  });

  it('refuses an incompatible edge and changes nothing', () => {
    const store = new EditorStore(basicFlow(), specs);
    const revision = store.getState().revision;
    expect(store.connect({ source: 'OpenAIModel-5UyvQ', sourceHandle: 'model_output', target: 'ChatOutput-WcGpD', targetHandle: 'input_value' }).ok).toBe(false);
    expect(store.getState().revision).toBe(revision);
  });

  it('marks and unmarks API fields, and saves them with the flow', () => {
    const store = new EditorStore(basicFlow(), specs);
    const apiFields = () => store.toFlowData().nodes.flatMap((n) => (n.type === 'component' ? (n.data.api_editable ?? []).map((f) => `${n.id}.${f}`) : []));
    store.setApiEditable('Prompt-pKfl9', 'template', true);
    store.setApiEditable('ChatOutput-WcGpD', 'sender_name', true);
    expect(apiFields()).toEqual(['Prompt-pKfl9.template', 'ChatOutput-WcGpD.sender_name']);
    store.setApiEditable('Prompt-pKfl9', 'template', false);
    expect(apiFields()).toEqual(['ChatOutput-WcGpD.sender_name']);
    expect(store.toFlowData().nodes.find((n) => n.id === 'Prompt-pKfl9')?.data).not.toHaveProperty('api_editable');
  });

  it('removing a {variable} from a Prompt template removes the edges into it, and says so', () => {
    const store = new EditorStore(basicFlow(), specs);
    const notices: string[] = [];
    store.onNotice = (text) => notices.push(text);
    store.setValue('Prompt-pKfl9', 'template', 'Answer as a pirate.');
    expect(edgeIds(store)).not.toContain('e-persona');
    expect(edgeIds(store)).toHaveLength(3);
    expect(notices).toEqual(['Removed the connection into {persona}: the template no longer has that variable']);
  });

  it('renaming a {variable} keystroke by keystroke keeps its edge, on the new name', () => {
    const store = new EditorStore(basicFlow(), specs);
    const notices: string[] = [];
    store.onNotice = (text) => notices.push(text);
    const source = store.getState().edges.find((e) => e.target === 'Prompt-pKfl9' && e.targetHandle === 'persona')?.source;
    for (const name of ['personaX', 'persona', 'person', 'r', 'ro', 'rol', 'role']) store.setValue('Prompt-pKfl9', 'template', `Answer as a {${name}}.`);
    const into = store.getState().edges.filter((e) => e.target === 'Prompt-pKfl9');
    expect(into.map((e) => [e.source, e.targetHandle])).toEqual([[source, 'role']]);
    expect(store.toFlowData().edges.filter((e) => e.target === 'Prompt-pKfl9').map((e) => e.targetHandle)).toEqual(['role']);
    expect(notices).toEqual([]);
  });

  it('typing in one field is one undo step', async () => {
    const store = new EditorStore(basicFlow(), specs);
    for (const text of ['H', 'He', 'Hey']) {
      store.setValue('ChatInput-8a86T', 'input_value', text);
      await settle();
    }
    store.undo();
    const input = store.getState().nodes.find((n) => n.id === 'ChatInput-8a86T');
    expect(input?.type === 'component' && input.data.values.input_value).toBeUndefined();
  });

  it('pastes copies with fresh ids and their internal edges', async () => {
    const store = new EditorStore(basicFlow(), specs);
    store.onNodesChange([
      { type: 'select', id: 'ChatInput-8a86T', selected: true },
      { type: 'select', id: 'Prompt-pKfl9', selected: true },
    ]);
    expect(store.copySelection()).toBe(2);
    expect(store.paste()).toBe(2);
    const pasted = store.getState().nodes.filter((n) => n.selected);
    expect(pasted).toHaveLength(2);
    expect(pasted.every((n) => !['ChatInput-8a86T', 'Prompt-pKfl9'].includes(n.id))).toBe(true);
    expect(pasted.map((n) => n.id).every((id) => /^(ChatInput|Prompt)-[A-Za-z0-9]{5}$/.test(id))).toBe(true);
    const copiedEdge = store.getState().edges.find((e) => pasted.some((n) => n.id === e.source) && pasted.some((n) => n.id === e.target));
    expect(copiedEdge?.targetHandle).toBe('persona');
    await settle();
    store.undo();
    expect(ids(store)).toHaveLength(5);
  });

  it('selection and dragging are not saved changes; the drag end is', async () => {
    const store = new EditorStore(basicFlow(), specs);
    store.onNodesChange([{ type: 'select', id: 'ChatInput-8a86T', selected: true }]);
    store.onNodesChange([{ type: 'position', id: 'ChatInput-8a86T', position: { x: 1, y: 2 }, dragging: true }]);
    expect(store.getState().revision).toBe(0);
    store.onNodesChange([{ type: 'position', id: 'ChatInput-8a86T', position: { x: 5, y: 6 }, dragging: false }]);
    expect(store.getState().revision).toBe(1);
    await settle();
    expect(store.toFlowData().nodes.find((n) => n.id === 'ChatInput-8a86T')?.position).toEqual({ x: 5, y: 6 });
    expect(store.getState().canUndo).toBe(true);
  });

  it('tracks run state per node and settles what is left', () => {
    const store = new EditorStore(basicFlow(), specs);
    store.resetRun('waiting');
    store.setRun('ChatInput-8a86T', { status: 'done', outputs: { message: 'hi' } });
    store.setRun('OpenAIModel-5UyvQ', { status: 'failed', error: 'boom' });
    store.settleRun(null);
    expect([...store.getState().run.entries()]).toEqual([
      ['ChatInput-8a86T', { status: 'done', outputs: { message: 'hi' } }],
      ['OpenAIModel-5UyvQ', { status: 'failed', error: 'boom' }],
    ]);
  });

  it("collects a node's warnings without changing its state", () => {
    const store = new EditorStore(basicFlow(), specs);
    store.resetRun('waiting');
    store.addRunWarning('Prompt-pKfl9', 'first');
    store.setRun('Prompt-pKfl9', { status: 'done' });
    store.addRunWarning('Prompt-pKfl9', 'second');
    expect(store.getState().run.get('Prompt-pKfl9')).toEqual({ status: 'done', warnings: ['first', 'second'] });
  });
});
