/**
 * The store a tenant sync works through: it counts the run's storage reads and writes as Forge
 * counts them, and holds the run to its share of requests a second.
 *
 * Forge limits each installation's KVS to 4,000 reads and 4,000 writes a minute, where a request
 * counts once per started 10 KB of its payload, and to 1,000 requests a second
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce). So:
 * - a batch call is cut here into the requests the Forge adapter sends (`kvs.batchGet`:
 *   `STORE_BATCH_LIMIT` keys each; `kvs.batchSet`: packed by size, src/store-requests.ts), and
 *   each request is counted by its size: 25 claims of ≈ 200 bytes are one write, 25 owed-verdict
 *   records of ≈ 850 bytes three;
 * - a read is counted by the size of its answer (a query page of 100 entries can be several);
 * - before each request the run waits, if it must, until it has sent fewer than
 *   `requestsPerSecond` requests in the last second. Tenants synced together each get a share of
 *   the syncs' 900 a second (write-pacing.ts), so their sum stays under 1,000 whatever their
 *   timing; one run alone is never held (its requests go one round trip of ≈ 25 ms at a time,
 *   ten at most side by side).
 *
 * The minute limits are paced between pages (queued-sync.ts), from the counts kept here.
 */
import type { z } from 'zod';
import type { Clock, Store, StoreWrite } from '../ports';
import { readBatches, requestUnits, writeBatches } from '../store-requests';

const SECOND_MS = 1000;

export interface PacedStore {
  store: Store;
  /** Write units (10 KB each) sent so far. */
  writes(): number;
  /** Read units (10 KB each) answered so far. */
  reads(): number;
}

export interface PacedStoreOptions {
  clock: Clock;
  /** Requests a second this run may send; absent, it is not held. */
  requestsPerSecond?: number | undefined;
}

export function pacedStore(store: Store, options: PacedStoreOptions): PacedStore {
  const { clock } = options;
  const limit = options.requestsPerSecond;
  let writes = 0;
  let reads = 0;
  /** Send times of the requests of the last second, oldest first. */
  const sent: number[] = [];

  /** Waits until one more request fits the share of the last second, then books it. */
  async function slot(): Promise<void> {
    if (limit === undefined) return;
    for (;;) {
      const now = clock.now();
      while (sent.length > 0 && (sent[0] as number) <= now - SECOND_MS) sent.shift();
      if (sent.length < limit) {
        sent.push(now);
        return;
      }
      await clock.sleep((sent[0] as number) + SECOND_MS - now);
    }
  }

  async function write<T>(units: number, call: () => Promise<T>): Promise<T> {
    await slot();
    writes += units;
    return call();
  }

  async function read<T>(call: () => Promise<T>): Promise<T> {
    await slot();
    const answer = await call();
    reads += requestUnits(answer instanceof Map ? [...answer.values()] : answer);
    return answer;
  }

  return {
    store: {
      ...store,
      get: (key, schema) => read(() => store.get(key, schema)),
      query: (prefix, schema, queryOptions) =>
        read(() => store.query(prefix, schema, queryOptions)),
      getSecret: (key) => read(() => store.getSecret(key)),
      async getMany<T>(keys: string[], schema: z.ZodType<T>) {
        const found = new Map<string, T>();
        for (const chunk of readBatches(keys)) {
          const part = await read(() => store.getMany(chunk, schema));
          for (const [key, value] of part) found.set(key, value);
        }
        return found;
      },
      set: (key, value, setOptions) =>
        write(requestUnits([key, value]), () => store.set(key, value, setOptions)),
      async setIfAbsent(key, value) {
        const created = await write(requestUnits([key, value]), () =>
          store.setIfAbsent(key, value),
        );
        // The Forge adapter reads a key whose create was refused, to tell "exists" from a failure.
        if (!created) reads += 1;
        return created;
      },
      async setMany(entries: StoreWrite[]) {
        // In order, one request at a time, as the Forge adapter sends them: a caller that writes
        // what depends on these afterwards still does so only once all are stored.
        for (const chunk of writeBatches(entries)) {
          await write(requestUnits(chunk), () => store.setMany(chunk));
        }
      },
      delete: (key) => write(1, () => store.delete(key)),
      setSecret: (key, value) =>
        write(requestUnits([key, value]), () => store.setSecret(key, value)),
      deleteSecret: (key) => write(1, () => store.deleteSecret(key)),
    },
    writes: () => writes,
    reads: () => reads,
  };
}
