/**
 * What a store implementation hands the contract suite (store-contract.ts): a way to open a store
 * on new, empty storage, to reopen the same storage, and to close it. One store per test.
 */
import { afterEach, beforeEach } from 'vitest';

export interface StoreTarget<S> {
  /** A store on new, empty storage (a temp data directory, a fresh database schema, …). */
  open(): Promise<S>;
  /**
   * Closes `store` and opens its storage again. What a store acknowledged (a resolved write) must
   * be in the new handle.
   */
  reopen(store: S): Promise<S>;
  /** Closes `store` (it may be closed already) and frees its storage. */
  close(store: S): Promise<void>;
}

export interface OpenedStore<S> {
  /** The store of the current test (the latest handle after a `reopen`). */
  readonly store: S;
  reopen(): Promise<S>;
}

/** Opens a store before each test of the enclosing `describe` and closes it after. */
export function useStore<S>(target: StoreTarget<S>): OpenedStore<S> {
  let current: S | undefined;
  beforeEach(async () => {
    current = await target.open();
  });
  afterEach(async () => {
    const store = current;
    current = undefined;
    if (store !== undefined) await target.close(store);
  });
  const now = (): S => {
    if (current === undefined) throw new Error('No store is open (used outside a test?)');
    return current;
  };
  return {
    get store() {
      return now();
    },
    async reopen() {
      current = await target.reopen(now());
      return current;
    },
  };
}
