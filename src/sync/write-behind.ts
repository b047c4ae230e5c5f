/**
 * Plain `set`s kept back and handed over as one batch write: the sync gives this store to its IP
 * enricher, whose AbuseIPDB cache writes (one per new public IP, ~0.15 per alert on a large first
 * run) then join the batch that records the next bulk create instead of costing one storage
 * request each (docs/architecture.md, "Forge KVS budget"). Only for values that are a cache: a run
 * that dies before the batch loses them, which costs a repeated look-up, never an alert.
 */
import type { z } from 'zod';
import type { Store, StoreWrite } from '../ports';
import { StoredValueInvalidError } from '../ports';

export interface WriteBehind {
  store: Store;
  /** The writes kept back since the last call, each key once (the last value wins). */
  take(): StoreWrite[];
}

/** Read your own writes, parsed like a stored value. */
function ownWrite<T>(write: StoreWrite, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(write.value)));
  if (!parsed.success) throw new StoredValueInvalidError(write.key, parsed.error.message);
  return parsed.data;
}

export function writeBehind(store: Store): WriteBehind {
  const kept = new Map<string, StoreWrite>();
  return {
    store: {
      ...store,
      set: (key, value, options) => {
        kept.set(key, {
          key,
          value,
          ...(options?.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {}),
        });
        return Promise.resolve();
      },
      get: async (key, schema) => {
        const write = kept.get(key);
        return write ? ownWrite(write, schema) : store.get(key, schema);
      },
      getMany: async <T>(keys: string[], schema: z.ZodType<T>) => {
        // Kept keys are answered here, the rest in one batch read of the store.
        const unkept = keys.filter((key) => !kept.has(key));
        const found =
          unkept.length > 0 ? await store.getMany(unkept, schema) : new Map<string, T>();
        for (const key of keys) {
          const write = kept.get(key);
          if (write) found.set(key, ownWrite(write, schema));
        }
        return found;
      },
    },
    take: () => {
      const writes = [...kept.values()];
      kept.clear();
      return writes;
    },
  };
}
