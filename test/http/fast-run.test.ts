import { describe, expect, it } from 'vitest';
import { fastRunTarget } from '../../server/http/fast-run.js';

const none = new Set<string>();

describe('fastRunTarget', () => {
  it('takes POST /api/v1/run/{id or endpoint name}, with or without a query', () => {
    expect(fastRunTarget('POST', '/api/v1/run/text-template', undefined, none)).toEqual({ flowRef: 'text-template', path: '/api/v1/run/text-template', search: '' });
    expect(fastRunTarget('POST', '/api/v1/run/3f2a5c1e-0b1d-4c8e-9a7f-1234567890ab?stream=true&x=1', undefined, none)).toEqual({
      flowRef: '3f2a5c1e-0b1d-4c8e-9a7f-1234567890ab',
      path: '/api/v1/run/3f2a5c1e-0b1d-4c8e-9a7f-1234567890ab',
      search: 'stream=true&x=1',
    });
    expect(fastRunTarget('POST', '/api/v1/run/my_flow?', 'http://127.0.0.1:7861', none)?.flowRef).toBe('my_flow');
  });

  it('leaves everything else to the Koa app', () => {
    for (const [method, url] of [
      ['GET', '/api/v1/run/x'],
      ['OPTIONS', '/api/v1/run/x'],
      ['POST', '/api/v1/run/'],
      ['POST', '/api/v1/run/x/'],
      ['POST', '/api/v1/run/x/y'],
      ['POST', '/api/v1/run/text%2Dtemplate'],
      ['POST', '/api/v1/run/a.b'],
      ['POST', '/api/v1/webhook/x'],
      ['POST', '/api/v1/run'],
      ['POST', 'http://127.0.0.1/api/v1/run/x'],
      ['POST', `/api/v1/run/${'a'.repeat(201)}`],
    ] as const) {
      expect(fastRunTarget(method, url, undefined, none), `${method} ${url}`).toBeUndefined();
    }
    expect(fastRunTarget('POST', '/api/v1/run/x', undefined, none)).toBeDefined();
    expect(fastRunTarget('POST', '/api/v1/run/x', 'https://app.example', new Set(['https://app.example']))).toBeUndefined();
  });
});
