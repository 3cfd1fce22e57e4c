/**
 * The local admin token: a random credential the running server writes to `<dataDir>/admin.token`
 * (mode 0600, in a 0700 directory) and deletes when it stops. Only processes of the same OS user
 * can read it: `flowdesk api-key` uses it to reach a running server, and the desktop app to sign
 * its window in. It is accepted in the `x-api-key` header only, never in a URL, and is never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin.token';
const PREFIX = 'fda-';

export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, ADMIN_TOKEN_FILE);
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export class AdminToken {
  readonly #file: string;
  readonly #digest: Buffer;

  private constructor(file: string, token: string) {
    this.#file = file;
    this.#digest = digest(token);
  }

  /** Makes a fresh token and writes it, replacing any left by a server that crashed. */
  static async create(dataDir: string): Promise<AdminToken> {
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const file = adminTokenPath(dataDir);
    await fs.rm(file, { force: true });
    // 'wx': a file someone slipped in between the removal and here is refused, never reused.
    const handle = await fs.open(file, 'wx', 0o600);
    try {
      await handle.writeFile(token + '\n');
    } finally {
      await handle.close();
    }
    return new AdminToken(file, token);
  }

  /** Whether `candidate` is this token (constant time). */
  matches(candidate: string): boolean {
    return candidate.startsWith(PREFIX) && timingSafeEqual(digest(candidate), this.#digest);
  }

  /** Deletes the file if it still holds this token. */
  async remove(): Promise<void> {
    const current = await readAdminToken(path.dirname(this.#file));
    if (current !== undefined && this.matches(current)) await fs.rm(this.#file, { force: true });
  }
}

/** The token of the server running on `dataDir`, if it wrote one. */
export async function readAdminToken(dataDir: string): Promise<string | undefined> {
  try {
    const text = (await fs.readFile(adminTokenPath(dataDir), 'utf8')).trim();
    return text.startsWith(PREFIX) ? text : undefined;
  } catch {
    return undefined;
  }
}
