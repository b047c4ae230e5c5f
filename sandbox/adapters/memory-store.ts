/** The Store port in memory: for tests and the benchmark. Same rules as Forge KVS (state-store.ts). */
import type { Clock } from '../../src/ports';
import type { InspectableStore } from './state-store';
import { createStateStore, emptyState } from './state-store';

export type { InspectableStore } from './state-store';

export function createMemoryStore(clock?: Clock): InspectableStore {
  return createStateStore(emptyState(), clock);
}
