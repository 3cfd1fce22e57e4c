// @vitest-environment happy-dom
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionGate } from '../../renderer/src/ui/session-gate.js';
import { click, render, typeInto, waitFor, type Rendered } from './render.js';

let view: Rendered | undefined;
afterEach(async () => {
  await view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const app = () => createElement(SessionGate, null, createElement('p', { id: 'app' }, 'the app'));

describe('session gate', () => {
  it('shows the app when keys are not required', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ authenticated: false, method: 'none', api_key_required: false })));
    view = await render(app());
    await waitFor(() => expect(view!.container.querySelector('#app')).not.toBeNull());
  });

  it('asks for a key when keys are required, and shows the app once signed in', async () => {
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (init?.method === 'POST') {
        const { api_key } = JSON.parse(String(init.body)) as { api_key: string };
        return api_key === 'sk-good' ? json({ authenticated: true, method: 'session', api_key_required: true }) : json({ detail: 'Invalid or missing API key' }, 403);
      }
      return json({ authenticated: false, method: 'none', api_key_required: true });
    });
    vi.stubGlobal('fetch', fetch);
    view = await render(app());
    const input = await waitFor(() => view!.container.querySelector('input[type="password"]') as HTMLInputElement);
    expect(view.container.querySelector('#app')).toBeNull();

    await typeInto(input, 'sk-bad');
    await click(view.container.querySelector('button[type="submit"]')!);
    await waitFor(() => expect(view!.container.querySelector('[role="alert"]')?.textContent).toBe('Invalid or missing API key'));

    await typeInto(input, 'sk-good');
    await click(view.container.querySelector('button[type="submit"]')!);
    await waitFor(() => expect(view!.container.querySelector('#app')).not.toBeNull());
    expect(fetch.mock.calls.filter(([, init]) => init?.method === 'POST').map(([url]) => url)).toEqual(['/api/v1/session', '/api/v1/session']);
  });

  it('treats a server without session routes as open', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ detail: 'Not Found' }, 404)));
    view = await render(app());
    await waitFor(() => expect(view!.container.querySelector('#app')).not.toBeNull());
  });
});
