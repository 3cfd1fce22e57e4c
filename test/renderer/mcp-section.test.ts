// @vitest-environment happy-dom
/**
 * The API panel's MCP part: the mcp_enabled switch saves the flow (PATCH) and reports the answer,
 * and the ready-to-paste mcpServers blocks (stdio bridge, HTTP URL with the key header when keys are
 * required) are valid JSON.
 */
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mcpHttpConfig, mcpStdioConfig } from '../../renderer/src/api-panel/mcp-config.js';
import { McpSection } from '../../renderer/src/api-panel/mcp-section.js';
import type { FlowHeader } from '../../renderer/src/api/types.js';
import { click, render, waitFor, type Rendered } from './render.js';

let view: Rendered | undefined;
let calls: { method: string; url: string; body: unknown }[];
let answer: { status: number; body: unknown };

beforeEach(() => {
  calls = [];
  answer = { status: 200, body: { id: 'f1', mcp_enabled: false } };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ method: init?.method ?? 'GET', url, body: init?.body ? JSON.parse(init.body as string) : undefined });
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(async () => {
  await view?.unmount();
  view = undefined;
  vi.unstubAllGlobals();
});

describe('mcpServers blocks', () => {
  it('name the stdio bridge and the Streamable HTTP URL, with the key header only when keys are required', () => {
    expect(JSON.parse(mcpStdioConfig())).toEqual({ mcpServers: { flowdesk: { command: 'flowdesk', args: ['mcp'] } } });
    expect(JSON.parse(mcpHttpConfig('http://127.0.0.1:7861/', false))).toEqual({ mcpServers: { flowdesk: { type: 'http', url: 'http://127.0.0.1:7861/api/v1/mcp/streamable' } } });
    expect(JSON.parse(mcpHttpConfig('http://127.0.0.1:7861', true)).mcpServers.flowdesk.headers).toEqual({ 'x-api-key': '<your Flowdesk API key>' });
  });
});

describe('MCP section', () => {
  const header: FlowHeader = { id: 'f1', name: 'Bot', description: '', endpoint_name: null, mcp_enabled: true };

  it('saves the switch with PATCH and shows what the server answered', async () => {
    const changes: FlowHeader[] = [];
    view = await render(createElement(McpSection, { header, onHeaderChange: (h: FlowHeader) => changes.push(h), keyRequired: false }));
    const toggle = view.container.querySelector<HTMLInputElement>('input[role="switch"]')!;
    expect(toggle.checked).toBe(true);
    await click(toggle);
    await waitFor(() => expect(changes).toHaveLength(1));
    expect(toggle.checked).toBe(false);
    expect(calls).toEqual([{ method: 'PATCH', url: '/api/v1/flows/f1?format=flowdesk', body: { mcp_enabled: false } }]);
    expect(changes[0]).toEqual({ ...header, mcp_enabled: false });
    expect(view.container.querySelector('[data-testid="mcp-http-config"]')?.textContent).not.toContain('x-api-key');
  });

  it('shows a refused change, and the key header when keys are required', async () => {
    answer = { status: 422, body: { detail: 'nope' } };
    const changes: FlowHeader[] = [];
    view = await render(createElement(McpSection, { header, onHeaderChange: (h: FlowHeader) => changes.push(h), keyRequired: true }));
    const toggle = view.container.querySelector<HTMLInputElement>('input[role="switch"]')!;
    await click(toggle);
    await waitFor(() => expect(view!.container.querySelector('.form-error')?.textContent).toContain('nope'));
    expect(changes).toEqual([]);
    expect(toggle.checked).toBe(true);
    expect(view.container.querySelector('[data-testid="mcp-http-config"]')?.textContent).toContain('"x-api-key"');
  });
});
