/**
 * The parts of the store contract that the in-memory stand-ins of test/support/memory-stores.ts
 * implement (flows and messages), so that unit tests of services and the engine run against
 * stores that behave like the real one. A stand-in keeps its data for the life of the object: a
 * reopen hands the same store back.
 */
import { describe } from 'vitest';
import { createMemoryFlowStore, createMemoryMessageStore } from '../../support/memory-stores.js';
import { describeFlowStoreContract, describeMessageStoreContract, type StoreTarget } from './store-contract.js';
import type { FlowStore, MessageStore } from '../../../server/storage/types.js';

const memory: StoreTarget<{ flows: FlowStore; messages: MessageStore }> = {
  open: async () => ({ flows: createMemoryFlowStore(), messages: createMemoryMessageStore() }),
  reopen: async (store) => store,
  close: async () => undefined,
};

describe('store contract: in-memory stand-ins', () => {
  describeFlowStoreContract(memory);
  describeMessageStoreContract(memory);
});
