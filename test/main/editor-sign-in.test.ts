import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { editorEntry, hasEditor } from '../../main/editor-sign-in.js';
import { makeTempDir } from '../support/temp-dir.js';

const SERVER = 'http://127.0.0.1:7861';

function fakeFetch(answer: (url: string, init?: RequestInit) => Response | Promise<Response>, calls: Array<{ url: string; init?: RequestInit }> = []): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init });
    return answer(url, init);
  }) as typeof fetch;
}

describe('editor sign-in', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function emptyDataDir(): Promise<string> {
    const dir = await makeTempDir('flowdesk-signin-');
    dirs.push(dir);
    return dir;
  }

  async function withToken(): Promise<string> {
    const dir = await emptyDataDir();
    await writeFile(path.join(dir, 'admin.token'), 'fda-secret\n');
    return dir;
  }

  it('asks the server for a one-time link with the admin token, in a header', async () => {
    const dataDir = await withToken();
    const calls: Array<{ url: string; init?: RequestInit }> = [];
    const entry = await editorEntry(SERVER, dataDir, fakeFetch(() => Response.json({ url: `${SERVER}/?token=abc`, expires_in: 300 }), calls));
    expect(entry).toEqual({ url: `${SERVER}/?token=abc`, signedIn: true });
    expect(calls[0]?.url).toBe(`${SERVER}/api/v1/session/link`);
    expect(calls[0]?.init?.method).toBe('POST');
    expect((calls[0]?.init?.headers as Record<string, string>)['x-api-key']).toBe('fda-secret');
  });

  it('falls back to the plain editor URL: no token, a refusal, or a link elsewhere', async () => {
    const dir = await emptyDataDir();
    expect(await editorEntry(SERVER, dir, fakeFetch(() => Response.json({})))).toMatchObject({ url: `${SERVER}/`, signedIn: false, problem: expect.stringContaining('no admin token') });
    const dataDir = await withToken();
    expect(await editorEntry(SERVER, dataDir, fakeFetch(() => new Response('{}', { status: 403 })))).toMatchObject({ url: `${SERVER}/`, problem: expect.stringContaining('403') });
    expect(await editorEntry(SERVER, dataDir, fakeFetch(() => Response.json({ url: 'https://evil.example/?token=x' })))).toMatchObject({
      url: `${SERVER}/`,
      problem: 'the sign-in link does not point at the server',
    });
    expect(await editorEntry(SERVER, dataDir, fakeFetch(() => Promise.reject(new Error('ECONNREFUSED'))))).toMatchObject({ signedIn: false, problem: expect.stringContaining('ECONNREFUSED') });
  });

  it('hasEditor: a 404 at / means a --backend-only server', async () => {
    expect(await hasEditor(SERVER, fakeFetch(() => new Response('', { status: 404 })))).toBe(false);
    expect(await hasEditor(SERVER, fakeFetch(() => new Response('<html>', { status: 200 })))).toBe(true);
    expect(await hasEditor(SERVER, fakeFetch(() => Promise.reject(new Error('down'))))).toBe(true);
  });
});
