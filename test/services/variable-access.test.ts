/** What a run's variable access gives a bound field: Credentials only to secret fields, the environment only to secret fields by own plain names. */
import { describe, expect, it } from 'vitest';
import { createVariableService, environmentValue } from '../../server/services/variable-service.js';
import type { StoredVariable, VariableStore } from '../../server/storage/types.js';

const stored = (name: string, value: string, type: StoredVariable['type']): StoredVariable => ({
  id: name,
  name,
  value,
  type,
  default_fields: [],
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

const store = (variables: StoredVariable[]) => ({ getByName: (name: string) => variables.find((v) => v.name === name) }) as unknown as VariableStore;
const env = { OPENAI_API_KEY: 'sk-env', HOME: '/root', 'DOTTED.NAME': 'dotted' };
const access = createVariableService({
  variables: store([stored('MY_CREDENTIAL', 'sk-credential', 'Credential'), stored('MY_GENERIC', 'generic', 'Generic')]),
  clock: { now: () => '2026-01-01T00:00:00Z', uuid: () => 'x' } as never,
}).access(env);

const plain = (name: string) => ({ name, secret: false });
const secret = (name: string) => ({ name, secret: true });

describe('variable access for bound fields', () => {
  it('gives a Credential to a secret field and refuses it to any other, naming field and variable but not the value', async () => {
    expect(await access.get('MY_CREDENTIAL', secret('api_key'))).toBe('sk-credential');
    const refused = await access.get('MY_CREDENTIAL', plain('input_value')).catch((e: unknown) => e as Error);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain('"input_value"');
    expect((refused as Error).message).toContain('"MY_CREDENTIAL"');
    expect((refused as Error).message).not.toContain('sk-credential');
    expect(await access.get('MY_GENERIC', plain('input_value'))).toBe('generic');
  });

  it('reads the environment only for secret fields, own entries and plain identifiers', async () => {
    expect(await access.get('OPENAI_API_KEY', secret('api_key'))).toBe('sk-env');
    expect(await access.get('HOME', plain('input_value'))).toBeUndefined();
    for (const name of ['valueOf', 'toString', 'constructor', '__proto__', 'DOTTED.NAME']) {
      expect(await access.get(name, secret('api_key'))).toBeUndefined();
      expect(await access.get(name)).toBeUndefined();
    }
    // Component code asking by name (a provider's conventional key variable) still reads the environment.
    expect(await access.get('OPENAI_API_KEY')).toBe('sk-env');
  });

  it('environmentValue: own string entries of plain names only', () => {
    expect(environmentValue(env, 'HOME')).toBe('/root');
    expect(environmentValue(env, 'hasOwnProperty')).toBeUndefined();
    expect(environmentValue(Object.create({ INHERITED: 'x' }) as Record<string, string>, 'INHERITED')).toBeUndefined();
    expect(environmentValue(env, 'DOTTED.NAME')).toBeUndefined();
  });
});
