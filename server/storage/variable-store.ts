/**
 * Global variables in `variables.json`. Generic values are stored as they are; Credential values
 * only encrypted (`value_encrypted`, see secret-box.ts). The API takes and returns plain values.
 * Values are never logged, and never part of an error message.
 */
import { ConflictError, StorageError } from '../../shared/errors.js';
import { StartupError } from '../startup-error.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { CorruptDataError } from './durable-json-file.js';
import { RecordFile, requireFields } from './record-file.js';
import { copyVariable } from './record-copies.js';
import type { SecretBox } from './secret-box.js';
import type { StoredVariable, VariableStore } from './types.js';

/** A variable as written to disk. */
interface DiskVariable extends Omit<StoredVariable, 'value'> {
  value?: string;
  value_encrypted?: string;
}

export class LowdbVariableStore implements VariableStore {
  readonly #records: RecordFile<StoredVariable>;
  readonly #secrets: SecretBox;
  readonly #byName = new Map<string, string>();

  private constructor(records: RecordFile<StoredVariable>, secrets: SecretBox) {
    this.#records = records;
    this.#secrets = secrets;
    for (const variable of records.values()) if (!this.#byName.has(variable.name)) this.#byName.set(variable.name, variable.id);
  }

  static async open(file: string, secrets: SecretBox, options: DurableFileOptions): Promise<LowdbVariableStore> {
    const decode = async (raw: unknown, index: number): Promise<StoredVariable> => {
      const disk = requireFields(raw, index, { id: 'string', name: 'string', type: 'string', default_fields: 'array', created_at: 'string', updated_at: 'string' }) as unknown as DiskVariable;
      if (disk.type !== 'Credential' && disk.type !== 'Generic') throw new CorruptDataError(`variable ${index}: unknown type`);
      const { value_encrypted: encrypted, ...rest } = disk;
      if (typeof encrypted === 'string') {
        try {
          await secrets.load(false);
          return { ...rest, value: secrets.decrypt(encrypted, disk.id) };
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          throw new StartupError('data_dir_unusable', `Cannot decrypt the value of credential variable "${disk.name}" in ${file}: ${reason}`, { cause: err });
        }
      }
      if (typeof disk.value !== 'string') throw new CorruptDataError(`variable ${index}: no value`);
      return { ...rest, value: disk.value };
    };
    const encode = (variable: StoredVariable): DiskVariable => {
      if (variable.type !== 'Credential') return variable;
      const { value, ...rest } = variable;
      return { ...rest, value_encrypted: secrets.encrypt(value, variable.id) };
    };
    const records = await RecordFile.open<StoredVariable>(file, { field: 'variables', decode, encode }, options);
    return new LowdbVariableStore(records, secrets);
  }

  /** Waits for writes in flight; later writes are refused. */
  close(): Promise<void> {
    return this.#records.close();
  }

  list(): StoredVariable[] {
    return this.#records.values();
  }

  get(id: string): StoredVariable | undefined {
    return this.#records.get(id);
  }

  getByName(name: string): StoredVariable | undefined {
    const id = this.#byName.get(name);
    return id === undefined ? undefined : this.#records.get(id);
  }

  async create(variable: StoredVariable): Promise<StoredVariable> {
    return this.#store(variable, false) as Promise<StoredVariable>;
  }

  async put(variable: StoredVariable): Promise<StoredVariable | undefined> {
    return this.#store(variable, true);
  }

  async delete(id: string): Promise<boolean> {
    const variable = this.#records.get(id);
    if (!variable) return false;
    if (this.#byName.get(variable.name) === id) this.#byName.delete(variable.name);
    try {
      await this.#records.remove(id);
    } catch (err) {
      this.#byName.set(variable.name, id);
      throw err;
    }
    return true;
  }

  /** Creates (`replace` false) or replaces a variable; undefined when replacing an unknown id. */
  async #store(input: StoredVariable, replace: boolean): Promise<StoredVariable | undefined> {
    if (input.type !== 'Credential' && input.type !== 'Generic') throw new StorageError(`Unknown variable type for "${input.name}"`);
    const check = (): boolean => {
      const exists = this.#records.get(input.id) !== undefined;
      if (!replace && exists) throw new ConflictError(`A variable with id ${input.id} already exists`);
      const holder = this.#byName.get(input.name);
      if (holder !== undefined && holder !== input.id) throw new ConflictError(`Variable "${input.name}" already exists`);
      return !replace || exists;
    };
    if (!check()) return undefined;
    if (input.type === 'Credential') {
      // The key must be loaded before the synchronous serializer encrypts; then check again, as
      // another call may have changed things meanwhile.
      await this.#secrets.load(true);
      if (!check()) return undefined;
    }
    const copy = copyVariable(input);
    const previous = this.#records.get(input.id);
    if (previous && this.#byName.get(previous.name) === previous.id) this.#byName.delete(previous.name);
    this.#byName.set(copy.name, copy.id);
    try {
      return await this.#records.set(copy);
    } catch (err) {
      if (this.#byName.get(copy.name) === copy.id) this.#byName.delete(copy.name);
      const now = this.#records.get(input.id);
      if (now) this.#byName.set(now.name, now.id);
      throw err;
    }
  }
}
