import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.js';
import { silentLogger } from '../../server/logger.js';
import { openStore } from '../../server/storage/open-store.js';
import type { StoredVariable } from '../../server/storage/types.js';
import { open, readAllFiles, tempDir } from './helpers.js';

let n = 0;
function variable(overrides: Partial<StoredVariable> = {}): StoredVariable {
  n++;
  return { id: `var-${n}`, name: `VAR_${n}`, type: 'Generic', value: `value-${n}`, default_fields: [], created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', ...overrides };
}

const SECRET = 'sk-live-THIS-MUST-NEVER-BE-ON-DISK-1234567890';

describe('variable store', () => {
  it('creates, reads by id and name, updates and deletes, and persists', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    const a = variable({ name: 'OPENAI_API_KEY', type: 'Credential', value: SECRET, default_fields: ['OpenAIModel.api_key'] });
    const b = variable({ name: 'GREETING', value: 'hello' });
    await store.variables.create(a);
    await store.variables.create(b);
    expect(store.variables.getByName('OPENAI_API_KEY')?.value).toBe(SECRET);
    expect(store.variables.get(b.id)).toEqual(b);
    expect(store.variables.list().map((v) => v.name)).toEqual(['OPENAI_API_KEY', 'GREETING']);

    await store.variables.put({ ...b, name: 'SALUTATION', value: 'hi' });
    expect(store.variables.getByName('GREETING')).toBeUndefined();
    expect(store.variables.getByName('SALUTATION')?.value).toBe('hi');
    expect(await store.variables.put(variable())).toBeUndefined();
    await expect(store.variables.create(variable({ name: 'SALUTATION' }))).rejects.toBeInstanceOf(ConflictError);
    await store.close();

    const again = await open(dir);
    expect(again.variables.getByName('OPENAI_API_KEY')).toEqual(a);
    expect(again.variables.getByName('SALUTATION')?.value).toBe('hi');
    expect(await again.variables.delete(a.id)).toBe(true);
    expect(await again.variables.delete(a.id)).toBe(false);
    expect(again.variables.getByName('OPENAI_API_KEY')).toBeUndefined();
  });

  it('encrypts credential values at rest: the plain value is in no file, and secret.key is 0600', async () => {
    const dir = await tempDir();
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    const store = await open(dir, { logger: { debug: log, info: log, warn: log, error: log } });
    const cred = variable({ type: 'Credential', value: SECRET });
    await store.variables.create(cred);
    await store.variables.put({ ...cred, value: SECRET + '-rotated' });
    await store.variables.create(variable({ value: 'plain generic' }));
    await store.close();

    const files = await readAllFiles(dir);
    expect(files.length).toBeGreaterThan(3);
    for (const { file, content } of files) expect(content.includes(SECRET), file).toBe(false);
    expect(files.find((f) => f.file.endsWith('variables.json'))?.content.toString()).toContain('plain generic');
    expect(logged.join('\n')).not.toContain(SECRET);
    if (process.platform !== 'win32') expect((await fs.stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);

    const again = await open(dir);
    expect(again.variables.get(cred.id)?.value).toBe(SECRET + '-rotated');
  });

  it('creates secret.key only when a credential is first stored', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.variables.create(variable());
    expect((await fs.readdir(dir)).includes('secret.key')).toBe(false);
    await store.variables.create(variable({ type: 'Credential' }));
    expect((await fs.readdir(dir)).includes('secret.key')).toBe(true);
  });

  it('says clearly when credentials cannot be decrypted (key missing or replaced), without the value', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.variables.create(variable({ name: 'TOKEN', type: 'Credential', value: SECRET }));
    await store.close();

    const keyFile = path.join(dir, 'secret.key');
    const key = await fs.readFile(keyFile);
    await fs.rm(keyFile);
    const missing = openStore(dir, { logger: silentLogger });
    await expect(missing).rejects.toMatchObject({ code: 'data_dir_unusable', message: expect.stringMatching(/credential variable "TOKEN".*secret\.key is missing/) });

    await fs.writeFile(keyFile, Buffer.alloc(32, 7).toString('base64'), { mode: 0o600 });
    const wrong = openStore(dir, { logger: silentLogger });
    await expect(wrong).rejects.toMatchObject({ message: expect.stringMatching(/does not decrypt with .*secret\.key \(was the key replaced\?\)/) });
    await expect(wrong).rejects.not.toMatchObject({ message: expect.stringContaining(SECRET) });

    await fs.writeFile(keyFile, key);
    expect((await open(dir)).variables.getByName('TOKEN')?.value).toBe(SECRET);
  });

  it('does not decrypt a credential ciphertext moved to another variable', async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await store.variables.create(variable({ id: 'one', name: 'ONE', type: 'Credential', value: 'first' }));
    await store.variables.create(variable({ id: 'two', name: 'TWO', type: 'Credential', value: 'second' }));
    await store.close();
    const file = path.join(dir, 'variables.json');
    const doc = JSON.parse(await fs.readFile(file, 'utf8')) as { variables: { value_encrypted: string }[] };
    const [one, two] = doc.variables;
    if (!one || !two) throw new Error('expected two variables');
    one.value_encrypted = two.value_encrypted;
    await fs.writeFile(file, JSON.stringify(doc));
    await expect(openStore(dir, { logger: silentLogger })).rejects.toMatchObject({ message: expect.stringContaining('"ONE"') });
  });

  it('says clearly when secret.key cannot be read', async () => {
    const dir = await tempDir();
    await fs.mkdir(path.join(dir, 'secret.key')); // unreadable as a file, even for root
    const store = await open(dir);
    await store.variables.create(variable({ type: 'Generic' }));
    await expect(store.variables.create(variable({ type: 'Credential' }))).rejects.toMatchObject({
      code: 'storage',
      message: expect.stringMatching(/^Cannot read the credential key .*secret\.key \(EISDIR.*readable by the user running Flowdesk/),
    });
    expect(store.variables.list()).toHaveLength(1);
  });

  it('tightens a secret.key readable by others', async () => {
    if (process.platform === 'win32') return;
    const dir = await tempDir();
    const store = await open(dir);
    await store.variables.create(variable({ type: 'Credential' }));
    await store.close();
    await fs.chmod(path.join(dir, 'secret.key'), 0o644);
    const again = await open(dir);
    await again.variables.create(variable({ type: 'Credential' }));
    expect((await fs.stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(again.warnings.join('\n')).toMatch(/secret\.key was readable by other users/);
  });
});
