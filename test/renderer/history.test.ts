import { describe, expect, it } from 'vitest';
import { History } from '../../renderer/src/editor/history.js';

describe('undo history', () => {
  it('undoes and redoes steps in order, and a new step clears redo', () => {
    const h = new History('a');
    h.commit('b');
    h.commit('c');
    expect(h.undo()).toBe('b');
    expect(h.undo()).toBe('a');
    expect(h.undo()).toBeNull();
    expect(h.redo()).toBe('b');
    h.commit('d');
    expect(h.canRedo).toBe(false);
    expect(h.undo()).toBe('b');
  });

  it('merges quick commits with the same key (typing in one field) into one step', () => {
    const h = new History('');
    h.commit('h', 'field', 0);
    h.commit('he', 'field', 300);
    h.commit('hey', 'field', 600);
    h.commit('hey!', 'other', 700);
    expect(h.undo()).toBe('hey');
    expect(h.undo()).toBe('');
  });

  it('does not merge commits that are far apart', () => {
    const h = new History('');
    h.commit('a', 'field', 0);
    h.commit('ab', 'field', 5000);
    expect(h.undo()).toBe('a');
  });

  it('keeps at most `limit` steps', () => {
    const h = new History(0, 3);
    for (let i = 1; i <= 10; i++) h.commit(i);
    expect([h.undo(), h.undo(), h.undo(), h.undo()]).toEqual([9, 8, 7, null]);
  });
});
