// @vitest-environment happy-dom
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable } from '../../renderer/src/ui/data-table.js';
import { FormError } from '../../renderer/src/ui/form-error.js';
import { render, type Rendered } from './render.js';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

interface Row {
  id: string;
  name: string;
}

const table = (items: Row[] | null) =>
  createElement(DataTable<Row>, {
    columns: ['Name'],
    items,
    empty: 'Nothing yet.',
    rowKey: (r) => r.id,
    cells: (r) => [createElement('td', { key: 'n' }, r.name), createElement('td', { key: 'a', className: 'row-actions' }, 'x')],
  });

describe('settings table', () => {
  it('has a header per column plus the actions column, and a row per item', async () => {
    view = await render(table([{ id: '1', name: 'alpha' }, { id: '2', name: 'beta' }]));
    const headers = [...view.container.querySelectorAll('th')];
    expect(headers.map((h) => h.textContent)).toEqual(['Name', '']);
    expect(headers[1]?.getAttribute('aria-label')).toBe('Actions');
    expect([...view.container.querySelectorAll('tbody tr')].map((tr) => tr.querySelector('td')?.textContent)).toEqual(['alpha', 'beta']);
  });

  it('says when there are no items, across every column, and nothing while loading', async () => {
    view = await render(table([]));
    const cell = view.container.querySelector('tbody td');
    expect(cell?.textContent).toBe('Nothing yet.');
    expect(cell?.getAttribute('colspan')).toBe('2');
    await view.unmount();
    view = await render(table(null));
    expect(view.container.querySelectorAll('tbody tr')).toHaveLength(0);
  });
});

describe('form error', () => {
  it('is an alert with the text, and nothing without an error', async () => {
    view = await render(createElement('div', null, createElement(FormError, { error: 'Name is taken' }), createElement(FormError, { error: null })));
    const alerts = view.container.querySelectorAll('[role="alert"]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.textContent).toBe('Name is taken');
    expect(alerts[0]?.className).toBe('form-error');
  });
});
