/**
 * Global variables in `variables.json`. Generic values are stored as they are; Credential values
 * only encrypted (`value_encrypted`, see secret-box.ts). The API takes and returns plain values.
 * Values are never logged, and never part of an error message.
 */
import { ConflictError, StorageError } from '../../shared/errors.js';
import { StartupError } from '../startup-error.js';
import type { DurableFileOptions } from './durable-json-file.js';
import { CorruptDataError } from './durable-json-file.js';
import { NamedRecords } from './named-records.js';
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
  readonly #records: NamedRecords<StoredVariable>;
  readonly #secrets: SecretBox;

  private constructor(records: RecordFile<StoredVariable>, secrets: SecretBox) {
    this.#records = new NamedRecords(records);
    this.#secrets = secrets;
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
    return this.#records.getByName(name);
  }

  async create(variable: StoredVariable): Promise<StoredVariable> {
    return this.#store(variable, false) as Promise<StoredVariable>;
  }

  async put(variable: StoredVariable): Promise<StoredVariable | undefined> {
    return this.#store(variable, true);
  }

  delete(id: string): Promise<boolean> {
    return this.#records.remove(id);
  }

  /** Creates (`replace` false) or replaces a variable; undefined when replacing an unknown id. */
  async #store(input: StoredVariable, replace: boolean): Promise<StoredVariable | undefined> {
    if (input.type !== 'Credential' && input.type !== 'Generic') throw new StorageError(`Unknown variable type for "${input.name}"`);
    const check = (): boolean => {
      const exists = this.#records.get(input.id) !== undefined;
      if (!replace && exists) throw new ConflictError(`A variable with id ${input.id} already exists`);
      const holder = this.#records.holder(input.name);
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
    return this.#records.set(copyVariable(input));
  }
}
