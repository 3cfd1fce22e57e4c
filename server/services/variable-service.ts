/** Global variables: named values components can use instead of literal field values. */
import type { VariableRead } from '../../shared/api-dto.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import type { VariableAccess } from '../engine/define-component.js';
import type { StoredVariable, VariableStore, VariableType } from '../storage/types.js';
import { BodyChecker } from './body-checks.js';
import type { Clock } from './clock.js';

export interface VariableService {
  list(): VariableRead[];
  create(body: unknown): Promise<VariableRead>;
  update(id: string, body: unknown): Promise<VariableRead>;
  delete(id: string): Promise<void>;
  /**
   * What a run sees: the variable's value, else the environment variable of that name. A field
   * bound to a variable gets a Credential or the environment only when it is a secret field.
   */
  access(env: Readonly<Record<string, string | undefined>>): VariableAccess;
}

const TYPES: readonly VariableType[] = ['Credential', 'Generic'];
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function toVariableRead(v: StoredVariable): VariableRead {
  return {
    id: v.id,
    name: v.name,
    type: v.type,
    value: v.type === 'Credential' ? null : v.value,
    default_fields: v.default_fields,
    created_at: v.created_at,
    updated_at: v.updated_at,
  };
}

function readDefaultFields(check: BodyChecker, body: Record<string, unknown>): string[] | undefined {
  const list = check.array('default_fields');
  if (list && !list.every((f) => typeof f === 'string')) check.fail('default_fields', 'list_type', 'Input should be a list of strings', body.default_fields);
  return list as string[] | undefined;
}

export function createVariableService(deps: { variables: VariableStore; clock: Clock }): VariableService {
  const { variables, clock } = deps;

  return {
    list: () => variables.list().map(toVariableRead),

    async create(body) {
      const obj = BodyChecker.object(body);
      const check = new BodyChecker(obj);
      const name = check.string('name', { maxLength: 200, pattern: NAME_PATTERN, patternHint: 'A variable name starts with a letter or _ and holds letters, digits, _ . -' });
      const value = check.string('value', { maxLength: 1_000_000 });
      const type = check.oneOf('type', TYPES, { nullable: true }) ?? 'Credential';
      const defaultFields = readDefaultFields(check, obj);
      if (name === undefined && obj.name === undefined) check.fail('name', 'missing', 'Field required', obj);
      if (value === undefined && obj.value === undefined) check.fail('value', 'missing', 'Field required', obj);
      check.done();
      if (variables.getByName(name as string)) throw new BadRequestError(`Variable "${name}" already exists`);
      const now = clock.now();
      const created = await variables.create({ id: clock.uuid(), name: name as string, value: value as string, type, default_fields: defaultFields ?? [], created_at: now, updated_at: now });
      return toVariableRead(created);
    },

    async update(id, body) {
      const current = variables.get(id);
      if (!current) throw new NotFoundError('Variable not found');
      const obj = BodyChecker.object(body);
      const check = new BodyChecker(obj);
      const name = check.string('name', { maxLength: 200, pattern: NAME_PATTERN, patternHint: 'A variable name starts with a letter or _ and holds letters, digits, _ . -' });
      const value = check.string('value', { maxLength: 1_000_000 });
      const type = check.oneOf('type', TYPES);
      const defaultFields = readDefaultFields(check, obj);
      check.done();
      if (name !== undefined && name !== current.name && variables.getByName(name)) throw new BadRequestError(`Variable "${name}" already exists`);
      const saved = await variables.put({
        ...current,
        name: name ?? current.name,
        value: value ?? current.value,
        type: type ?? current.type,
        default_fields: defaultFields ?? current.default_fields,
        updated_at: clock.now(),
      });
      if (!saved) throw new NotFoundError('Variable not found');
      return toVariableRead(saved);
    },

    async delete(id) {
      if (!(await variables.delete(id))) throw new NotFoundError('Variable not found');
    },

    access: (env) => ({
      get: async (name, field) => {
        const stored = variables.getByName(name);
        if (stored) {
          if (field && !field.secret && stored.type === 'Credential') {
            throw new Error(`Field "${field.name}" is bound to the Credential variable "${name}": Credential variables fill only secret fields (API keys). Use a Generic variable, or bind it to a secret field`);
          }
          return stored.value;
        }
        return field && !field.secret ? undefined : environmentValue(env, name);
      },
    }),
  };
}

/** Names the environment fallback may read: plain identifiers (no `.`, `-`, nothing a prototype offers by accident). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The environment variable of that name: an own string entry only, so `valueOf` or `__proto__` find nothing. */
export function environmentValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  if (!ENV_NAME.test(name) || !Object.hasOwn(env, name)) return undefined;
  const value = env[name];
  return typeof value === 'string' ? value : undefined;
}
