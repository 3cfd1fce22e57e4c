// @vitest-environment happy-dom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FieldSpec } from '../../shared/component-spec.js';
import { FieldControl } from '../../renderer/src/editor/field-control.js';
import { choose, click, render, typeInto, type Rendered } from './render.js';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
});

async function control(field: Partial<FieldSpec> & Pick<FieldSpec, 'kind'>, value: unknown, extra: { globalVariable?: string; variableNames?: string[] } = {}) {
  const onChange = vi.fn();
  const onBindGlobal = vi.fn();
  view = await render(
    createElement(FieldControl, {
      id: 'n-f',
      field: { name: 'f', display_name: 'Field', ...field },
      value,
      onChange,
      onBindGlobal,
      variableNames: extra.variableNames ?? [],
      ...(extra.globalVariable ? { globalVariable: extra.globalVariable } : {}),
    }),
  );
  return { container: view.container, onChange, onBindGlobal };
}

describe('field controls', () => {
  it('multi-line text is a textarea kept off the canvas gestures', async () => {
    const { container, onChange } = await control({ kind: 'multiline' }, 'hello');
    const area = container.querySelector('textarea')!;
    expect(area.value).toBe('hello');
    expect(area.className).toContain('nodrag');
    await typeInto(area, 'hello there');
    expect(onChange).toHaveBeenCalledWith('hello there');
  });

  it('a dropdown is a select of its options', async () => {
    const { container, onChange } = await control({ kind: 'dropdown', options: ['a', 'b'] }, 'b');
    const select = container.querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['a', 'b']);
    expect(select.value).toBe('b');
    await choose(select, 'a');
    expect(onChange).toHaveBeenCalledWith('a');
  });

  it('a combobox dropdown also accepts other values', async () => {
    const { container } = await control({ kind: 'dropdown', options: ['gpt-4o'], combobox: true }, 'my-model');
    expect(container.querySelector('input')?.value).toBe('my-model');
    expect(container.querySelector('datalist option')?.getAttribute('value')).toBe('gpt-4o');
  });

  it('a slider has its range and shows its value', async () => {
    const { container } = await control({ kind: 'slider', range: { min: 0, max: 2, step: 0.01 } }, 0.7);
    const range = container.querySelector('input[type="range"]') as HTMLInputElement;
    expect([range.min, range.max, range.step, range.value]).toEqual(['0', '2', '0.01', '0.7']);
    expect(container.querySelector('output')?.textContent).toBe('0.7');
  });

  it('a toggle is a switch', async () => {
    const { container, onChange } = await control({ kind: 'bool' }, true);
    const box = container.querySelector('input[role="switch"]') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await click(box);
    expect(onChange).toHaveBeenCalledWith(false);
  });

  it('an integer keeps numbers and ignores what is not one', async () => {
    const { container, onChange } = await control({ kind: 'int' }, 5);
    const input = container.querySelector('input[type="number"]') as HTMLInputElement;
    await typeInto(input, '12');
    expect(onChange).toHaveBeenLastCalledWith(12);
  });

  it('a secret is masked and offers a global variable', async () => {
    const { container, onBindGlobal } = await control({ kind: 'secret', load_from_db: true }, 'sk-1', { variableNames: ['OPENAI_API_KEY'] });
    expect(container.querySelector('input[type="password"]')).not.toBeNull();
    await click(container.querySelector('button[aria-label^="Use a global variable"]')!);
    const select = container.querySelector('select')!;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'OPENAI_API_KEY']);
    await choose(select, 'OPENAI_API_KEY');
    expect(onBindGlobal).toHaveBeenCalledWith('OPENAI_API_KEY');
  });

  it('a field bound to a global variable shows the variable, not the value', async () => {
    const { container, onBindGlobal } = await control({ kind: 'secret', load_from_db: true }, 'sk-hidden', { globalVariable: 'OPENAI_API_KEY' });
    expect(container.textContent).toContain('OPENAI_API_KEY');
    expect(container.textContent).not.toContain('sk-hidden');
    await click(container.querySelector('button')!);
    expect(onBindGlobal).toHaveBeenCalledWith(null);
  });
});
