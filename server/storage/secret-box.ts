/**
 * Encryption at rest for credential variables: AES-256-GCM with a 32-byte key kept in
 * `<dataDir>/secret.key` (base64, mode 0600), created on first need, or (for a shared database,
 * which has no per-machine data directory) given at start (`SecretBox.withKey`). Each value gets a fresh
 * 12-byte IV; the variable id is bound as additional data, so a ciphertext moved to another
 * variable does not decrypt. Token format: `v1:<base64 of iv | tag | ciphertext>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StorageError } from '../../shared/errors.js';
import { errnoCode, syncDir, writeNewFile } from './fs-utils.js';

export const SECRET_KEY_FILE = 'secret.key';
const TOKEN_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The credential key for a store without a data-directory key: from a file, or the text of an environment variable. */
export async function readSecretKey(from: { file: string } | { text: string; name: string }): Promise<{ key: Buffer; source: string }> {
  if ('text' in from) return { key: SecretBox.parseKey(from.text, `in ${from.name}`), source: from.name };
  let text: string;
  try {
    text = await fs.readFile(from.file, 'utf8');
  } catch (err) {
    throw new StorageError(`Cannot read the credential key file ${from.file}: ${(err as Error).message}`, err);
  }
  return { key: SecretBox.parseKey(text, from.file), source: from.file };
}

export class SecretBox {
  readonly file: string;
  readonly #warn: (message: string) => void;
  #key: Buffer | undefined;
  #loading: Promise<Buffer> | undefined;

  constructor(dataDir: string, warn: (message: string) => void) {
    this.file = path.join(dataDir, SECRET_KEY_FILE);
    this.#warn = warn;
  }

  /** A box with a key given up front; `source` names where it came from, for error messages. */
  static withKey(key: Buffer, source: string): SecretBox {
    const box = new SecretBox('', () => undefined);
    (box as { file: string }).file = source;
    box.#key = key;
    return box;
  }

  /** The key from its text form (32 bytes in base64, as in `secret.key`); throws a clear `StorageError`. */
  static parseKey(text: string, source: string): Buffer {
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== 32) throw new StorageError(`The credential key ${source} is malformed (expected 32 bytes in base64, as made by \`openssl rand -base64 32\`).`);
    return key;
  }

  /** Loads the key, creating it when `create` is set and there is none. Throws a clear `StorageError`. */
  load(create: boolean): Promise<Buffer> {
    if (this.#key) return Promise.resolve(this.#key);
    this.#loading ??= this.#load(create).finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #load(create: boolean): Promise<Buffer> {
    let text: string | undefined;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw this.#unreadable(err);
    }
    if (text === undefined) {
      if (!create) throw new StorageError(`The credential key ${this.file} is missing, so stored credential values cannot be decrypted. Restore it from a backup, or move variables.json aside to start without variables.`);
      const key = randomBytes(32);
      try {
        await writeNewFile(this.file, key.toString('base64') + '\n', true, 'wx');
        await syncDir(path.dirname(this.file));
      } catch (err) {
        if (errnoCode(err) === 'EEXIST') return this.#load(false);
        throw new StorageError(`Cannot create the credential key ${this.file}: ${(err as Error).message}`, err);
      }
      this.#key = key;
      return key;
    }
    const key = SecretBox.parseKey(text, this.file);
    await this.#tightenMode();
    this.#key = key;
    return key;
  }

  #unreadable(err: unknown): StorageError {
    return new StorageError(`Cannot read the credential key ${this.file} (${(err as Error).message}); credential variables cannot be decrypted or stored until it is readable by the user running Flowdesk.`, err);
  }

  async #tightenMode(): Promise<void> {
    if (process.platform === 'win32') return;
    const stat = await fs.stat(this.file);
    if ((stat.mode & 0o077) !== 0) {
      await fs.chmod(this.file, 0o600);
      this.#warn(`${this.file} was readable by other users; its mode is now 0600`);
    }
  }

  /** Encrypts with the loaded key (call `load(true)` first). */
  encrypt(plain: string, boundTo: string): string {
    const key = this.#requireKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return TOKEN_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Decrypts a token made by `encrypt` for the same `boundTo`. Throws `StorageError` (without the value) when it cannot. */
  decrypt(token: string, boundTo: string): string {
    const key = this.#requireKey();
    const raw = token.startsWith(TOKEN_PREFIX) ? Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64') : Buffer.alloc(0);
    if (raw.length < IV_BYTES + TAG_BYTES) throw new StorageError('malformed encrypted value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new StorageError(`it does not decrypt with ${this.file} (was the key replaced?)`, err);
    }
  }

  #requireKey(): Buffer {
    if (!this.#key) throw new StorageError('The credential key is not loaded');
    return this.#key;
  }
}
