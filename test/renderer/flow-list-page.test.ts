// @vitest-environment happy-dom
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowListPage } from '../../renderer/src/flows/flow-list-page.js';
import { ToastProvider } from '../../renderer/src/ui/toasts.js';
import { click, render, waitFor, type Rendered } from './render.js';

const PROJECT = { name: 'Starter Project', description: null, auth_settings: null, id: 'p1', parent_id: null };
const flows = [
  { id: 'f1', name: 'Older', description: 'first', endpoint_name: null, folder_id: 'p1', data: { nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' },
  { id: 'f2', name: 'Newer', description: '', endpoint_name: 'newer', folder_id: 'p1', data: null, created_at: '2026-01-02T00:00:00Z', updated_at: '2026-01-02T00:00:00Z' },
];

let view: Rendered | undefined;
let calls: { method: string; url: string }[];

beforeEach(() => {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', url });
      if (url.startsWith('/api/v1/projects/')) return new Response(JSON.stringify([PROJECT]), { status: 200 });
      if (init?.method === 'DELETE') return new Response(JSON.stringify({ message: 'Flow deleted successfully' }), { status: 200 });
      return new Response(JSON.stringify(calls.some((c) => c.method === 'DELETE') ? flows.slice(1) : flows), { status: 200 });
    }),
  );
});

afterEach(async () => {
  await view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

const button = (root: HTMLElement, label: string) => {
  const found = [...root.ownerDocument.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === label || b.textContent === label);
  if (!found) throw new Error(`no button ${label}`);
  return found;
};

describe('flow list', () => {
  it('shows the flows, most recently edited first, with name, description and endpoint', async () => {
    view = await render(createElement(ToastProvider, null, createElement(FlowListPage)));
    const cards = await waitFor(() => {
      const found = view!.container.querySelectorAll('[data-testid="flow-card"]');
      if (found.length !== 2) throw new Error('not loaded');
      return [...found];
    });
    expect(cards.map((c) => c.querySelector('h2')?.textContent)).toEqual(['Newer', 'Older']);
    expect(cards[0]?.textContent).toContain('/newer');
    expect(cards[1]?.textContent).toContain('first');
    expect(cards[1]?.querySelector('a')?.getAttribute('href')).toBe('/flow/f1');
  });

  it('deletes a flow only after confirmation', async () => {
    view = await render(createElement(ToastProvider, null, createElement(FlowListPage)));
    await waitFor(() => button(view!.container, 'Delete Older'));
    await click(button(view.container, 'Delete Older'));
    expect(document.querySelector('dialog')?.textContent).toContain('Delete “Older”?');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await click(button(view.container, 'Cancel'));
    expect(document.querySelector('dialog')).toBeNull();

    await click(button(view.container, 'Delete Older'));
    await click([...document.querySelectorAll('dialog button')].find((b) => b.textContent === 'Delete')!);
    await waitFor(() => expect(view!.container.querySelectorAll('[data-testid="flow-card"]')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'DELETE')?.url).toBe('/api/v1/flows/f1');
  });
});
