/**
 * The sync's store (src/sync/paced-store.ts): reads and writes counted as Forge counts them
 * (per request of at most STORE_BATCH_LIMIT keys, per started 10 KB), and requests held to the
 * run's share of a second, on a clock whose sleeps only move its time.
 */
import { z } from 'zod';
import type { Clock, Store } from '../../src/ports';
import { STORE_BATCH_LIMIT } from '../../src/ports';
import { pacedStore } from '../../src/sync/paced-store';
import { requestUnits } from '../../src/store-requests';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { SimClock } from '../../bench/forge-scale/sim-clock';

/** Simulated time: a sleep moves the clock, so no test waits. */
function steppedClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
    slept,
  };
}

/** The inner store's calls, by method, with the keys each was given. */
function recording(store: Store) {
  const calls: Array<{ method: string; at: number; keys: number }> = [];
  let clock: Clock | undefined;
  const note = (method: string, keys: number) =>
    calls.push({ method, at: clock?.now() ?? 0, keys });
  const inner: Store = {
    ...store,
    get: (key, schema) => {
      note('get', 1);
      return store.get(key, schema);
    },
    getMany: (keys, schema) => {
      note('getMany', keys.length);
      return store.getMany(keys, schema);
    },
    set: (key, value, options) => {
      note('set', 1);
      return store.set(key, value, options);
    },
    setIfAbsent: (key, value) => {
      note('setIfAbsent', 1);
      return store.setIfAbsent(key, value);
    },
    setMany: (entries) => {
      note('setMany', entries.length);
      return store.setMany(entries);
    },
  };
  return { inner, calls, useClock: (given: Clock) => (clock = given) };
}

describe('the paced store', () => {
  it('counts a batch write as the requests it is packed into (at most 25 keys each), each by its size', async () => {
    const clock = steppedClock();
    const { inner, calls } = recording(createMemoryStore());
    const paced = pacedStore(inner, { clock });
    await paced.store.set('a', 1);
    await paced.store.setIfAbsent('b', 1);
    await paced.store.setMany(
      Array.from({ length: 2 * STORE_BATCH_LIMIT + 1 }, (_, index) => ({
        key: `k${index}`,
        value: index,
      })),
    );
    // 25 values of 1 KB each: three 10 KB units however they are cut.
    await paced.store.setMany(
      Array.from({ length: STORE_BATCH_LIMIT }, (_, index) => ({
        key: `big${index}`,
        value: 'x'.repeat(1000),
      })),
    );
    await paced.store.delete('a');
    await paced.store.get('b', z.unknown());
    expect(paced.writes()).toBe(1 + 1 + 3 + 3 + 1);
    // The inner store got the batches already cut: 51 small values in three requests, the 25
    // large ones in three of one unit each; no request carries more than the limit.
    const batches = calls.filter(({ method }) => method === 'setMany').map(({ keys }) => keys);
    expect(batches).toHaveLength(6);
    expect(batches.reduce((sum, keys) => sum + keys, 0)).toBe(2 * STORE_BATCH_LIMIT + 1 + 25);
    expect(Math.max(...batches)).toBeLessThanOrEqual(STORE_BATCH_LIMIT);
  });

  it('reads many keys in one request per 25 keys, counted by the size of the answer', async () => {
    const clock = steppedClock();
    const memory = createMemoryStore();
    for (let index = 0; index < 60; index += 1) await memory.set(`ip:${index}`, { index });
    await memory.set('big', 'y'.repeat(25_000));
    const { inner, calls } = recording(memory);
    const paced = pacedStore(inner, { clock });
    const found = await paced.store.getMany(
      Array.from({ length: 60 }, (_, index) => `ip:${index}`),
      z.object({ index: z.number() }),
    );
    expect(found.size).toBe(60);
    expect(calls.map(({ method, keys }) => `${method}:${keys}`)).toEqual([
      'getMany:25',
      'getMany:25',
      'getMany:10',
    ]);
    expect(paced.reads()).toBe(3);
    await paced.store.get('big', z.string());
    expect(paced.reads()).toBe(3 + requestUnits('y'.repeat(25_000)));
    expect(requestUnits('y'.repeat(25_000))).toBe(3);
  });

  it('counts the read a refused create-if-absent makes to tell that the key exists', async () => {
    const paced = pacedStore(createMemoryStore(), { clock: steppedClock() });
    expect(await paced.store.setIfAbsent('claim', 1)).toBe(true);
    expect(await paced.store.setIfAbsent('claim', 2)).toBe(false);
    expect({ writes: paced.writes(), reads: paced.reads() }).toEqual({ writes: 2, reads: 1 });
  });

  it('holds requests to the run’s share of a second, whatever the concurrency', async () => {
    const clock = new SimClock(1_000_000);
    const { inner, calls, useClock } = recording(createMemoryStore());
    useClock(clock);
    const paced = pacedStore(inner, { clock, requestsPerSecond: 18 });
    // 100 claims at once, as a page's claims go out side by side.
    await clock.runToEnd(
      Promise.all(
        Array.from({ length: 100 }, (_, index) => paced.store.setIfAbsent(`alert:${index}`, index)),
      ),
    );
    expect(calls).toHaveLength(100);
    const times = calls.map(({ at }) => at);
    for (const at of times) {
      // Within any one second starting at a request, at most the share.
      expect(times.filter((other) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(
        18,
      );
    }
    // And the run is held no longer than the share needs: 100 requests in a little over 5 s.
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(6000);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(5000);
  });

  it('does not hold a run that has no share of requests (it syncs alone)', async () => {
    const clock = steppedClock();
    const paced = pacedStore(createMemoryStore(), { clock });
    await Promise.all(
      Array.from({ length: 100 }, (_, index) => paced.store.set(`k${index}`, index)),
    );
    expect(clock.slept).toEqual([]);
    expect(paced.writes()).toBe(100);
  });
});
