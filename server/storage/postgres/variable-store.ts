/**
 * Global variables in the `variables` table, mirrored in memory. Generic values are stored as they
 * are; Credential values only encrypted (`value_encrypted`, secret-box.ts, with the key given at
 * start), so the database never holds them in plain. Values never appear in errors or logs.
 */
import { ConflictError, StorageError } from '../../../shared/errors.js';
import type { SecretBox } from '../secret-box.js';
import type { StoredVariable, VariableStore } from '../types.js';
import { copyVariable } from '../record-copies.js';
import { asJson, type PgContext, type Sql } from './connect.js';
import { UniqueIndex } from './mirror.js';
import { MirroredTableBase, type RawRow } from './mirrored-table.js';

export class PgVariableStore extends MirroredTableBase<StoredVariable> implements VariableStore {
  readonly #byName: UniqueIndex<StoredVariable>;
  readonly #secrets: SecretBox;

  constructor(ctx: PgContext, secrets: SecretBox) {
    const byName = new UniqueIndex<StoredVariable>((variable) => variable.name);
    super(ctx, 'variables', [byName]);
    this.#byName = byName;
    this.#secrets = secrets;
  }

  protected select(sql: Sql, id?: string): Promise<RawRow[]> {
    return sql<RawRow[]>`SELECT id, seq, rev, name, type, value, value_encrypted, default_fields, created_at, updated_at FROM variables ${id === undefined ? sql`` : sql`WHERE id = ${id}`}`;
  }

  /** Throws a StorageError naming the variable (never its value) when a credential does not decrypt. */
  protected decode(row: RawRow): StoredVariable {
    let value = row.value as string | null;
    if (typeof row.value_encrypted === 'string') {
      try {
        value = this.#secrets.decrypt(row.value_encrypted, row.id);
      } catch (err) {
        throw new StorageError(`Cannot decrypt the value of credential variable "${String(row.name)}" in the database: ${(err as Error).message} (every server of a database needs the same --secret-key-file or FLOWDESK_SECRET_KEY)`, err);
      }
    }
    return {
      id: row.id,
      name: row.name as string,
      type: row.type as StoredVariable['type'],
      value: value ?? '',
      default_fields: row.default_fields as string[],
      created_at: row.created_at as string,
      updated_at: row.updated_at as string,
    };
  }

  getByName(name: string): StoredVariable | undefined {
    return this.getBy(this.#byName, name);
  }

  async create(variable: StoredVariable): Promise<StoredVariable> {
    const copy = this.#copy(variable);
    if (this.mirror.get(copy.id)) throw new ConflictError(`A variable with id ${copy.id} already exists`);
    const [plain, encrypted] = this.#columns(copy);
    const row = await this.ctx.write(
      'variables',
      copy.id,
      (tx) => tx<RawRow[]>`INSERT INTO variables (id, name, type, value, value_encrypted, default_fields, created_at, updated_at)
        VALUES (${copy.id}, ${copy.name}, ${copy.type}, ${plain}, ${encrypted}, ${asJson(tx, copy.default_fields)}, ${copy.created_at}, ${copy.updated_at}) RETURNING id, seq, rev`,
      this.#conflicts(copy),
    );
    return this.applyWritten(row as RawRow, copy);
  }

  async put(variable: StoredVariable): Promise<StoredVariable | undefined> {
    const copy = this.#copy(variable);
    const [plain, encrypted] = this.#columns(copy);
    const row = await this.ctx.write(
      'variables',
      copy.id,
      (tx) => tx<RawRow[]>`UPDATE variables SET name = ${copy.name}, type = ${copy.type}, value = ${plain}, value_encrypted = ${encrypted},
        default_fields = ${asJson(tx, copy.default_fields)}, created_at = ${copy.created_at}, updated_at = ${copy.updated_at}, rev = nextval('flowdesk_rev')
        WHERE id = ${copy.id} RETURNING id, seq, rev`,
      this.#conflicts(copy),
    );
    return row ? this.applyWritten(row, copy) : undefined;
  }

  delete(id: string): Promise<boolean> {
    return this.deleteRow(id, (tx) => tx<RawRow[]>`DELETE FROM variables WHERE id = ${id} RETURNING id, seq, nextval('flowdesk_rev') AS rev`);
  }

  #copy(input: StoredVariable): StoredVariable {
    this.ctx.assertOpen();
    if (input.type !== 'Credential' && input.type !== 'Generic') throw new StorageError(`Unknown variable type for "${input.name}"`);
    const copy = copyVariable(input);
    if (this.#byName.holderOtherThan(copy, copy.id) !== undefined) throw new ConflictError(this.#conflicts(copy).variables_name_key as string);
    return copy;
  }

  /** `value` and `value_encrypted` as stored. */
  #columns(variable: StoredVariable): [string | null, string | null] {
    return variable.type === 'Credential' ? [null, this.#secrets.encrypt(variable.value, variable.id)] : [variable.value, null];
  }

  #conflicts(variable: StoredVariable): Record<string, string> {
    return { variables_pkey: `A variable with id ${variable.id} already exists`, variables_name_key: `Variable "${variable.name}" already exists` };
  }
}
