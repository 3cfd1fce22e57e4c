/** Time and ids, injected so services stay deterministic under test. */
import { randomUUID } from 'node:crypto';

export interface Clock {
  now(): string;
  uuid(): string;
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  uuid: () => randomUUID(),
};

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
