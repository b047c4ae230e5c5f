/**
 * The bench's Forge KVS stand-in: it must refuse exactly what Forge documents it refuses (429
 * RATE_LIMIT_EXCEEDED past 4,000 writes in a minute or 1,000 requests in a second), and count
 * reads and writes the way the limits do (per 10 KB), or the Forge-scale figures mean nothing.
 */
import { z } from 'zod';
import { createLimitStore, operationKind } from '../../bench/forge-scale/limit-store';
import { requestUnits } from '../../src/store-requests';
import { SimClock } from '../../bench/forge-scale/sim-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import type { Store } from '../../src/ports';

const START = Date.UTC(2026, 10, 30, 8, 0, 0);

/** Starts `count` writes at once and lets them finish; resolves to how many were refused. */
async function writeBurst(clock: SimClock, store: Store, count: number, tag: string) {
  const results = await clock.runToEnd(
    Promise.allSettled(
      Array.from({ length: count }, (_, n) => store.set(`claim:${tag}:${n}`, { n })),
    ),
  );
  return results.filter((result) => result.status === 'rejected');
}

describe('the limit-simulating KVS store', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED to the 4,001st write in a minute, then accepts again', async () => {
    const clock = new SimClock(START);
    const inner = createMemoryStore();
    const { store, stats } = createLimitStore(inner, { clock });

    // 4 × 1,000 writes, a second apart: under 1,000 a second, exactly 4,000 in the minute.
    for (let second = 0; second < 4; second += 1) {
      expect(await writeBurst(clock, store, 1000, `s${second}`)).toHaveLength(0);
      await clock.runToEnd(clock.sleep(1000));
    }
    const refused = await writeBurst(clock, store, 1, 'over');
    expect(refused).toHaveLength(1);
    const reason: unknown = (refused[0] as PromiseRejectedResult).reason;
    expect(reason).toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      responseDetails: { status: 429 },
    });
    // The refused write never reached storage.
    expect(await inner.get('claim:over:0', z.object({ n: z.number() }))).toBeUndefined();
    expect(stats()).toMatchObject({ writes: 4000, rejected: 1, peakWritesPerMinute: 4000 });

    // A minute after the first burst, the window has room again.
    await clock.runToEnd(clock.sleep(60_000));
    expect(await writeBurst(clock, store, 1, 'later')).toHaveLength(0);
    expect(stats()).toMatchObject({ writes: 4001, rejected: 1 });
  });

  it('answers 429 to the 1,001st request within one second', async () => {
    const clock = new SimClock(START);
    const { store, stats } = createLimitStore(createMemoryStore(), { clock });
    const refused = await writeBurst(clock, store, 1001, 'burst');
    expect(refused).toHaveLength(1);
    expect(stats()).toMatchObject({ writes: 1000, rejected: 1, peakRequestsPerSecond: 1000 });
  });

  it('counts reads and writes per 10 KB, each operation after 25 ms of simulated latency', async () => {
    const clock = new SimClock(START);
    const { store, stats } = createLimitStore(createMemoryStore(), { clock });
    const Value = z.object({ text: z.string() });

    await clock.runToEnd(store.set('small', { text: 'x' }));
    expect(clock.now()).toBe(START + 25);
    // 25 KB of payload counts as three 10 KB writes; reading it back, as three reads.
    await clock.runToEnd(store.set('large', { text: 'y'.repeat(25 * 1024) }));
    await clock.runToEnd(store.get('large', Value));
    await clock.runToEnd(store.get('small', Value));
    await clock.runToEnd(store.get('absent', Value));
    await clock.runToEnd(store.setIfAbsent('small', { text: 'z' }));
    await clock.runToEnd(store.delete('small'));
    await clock.runToEnd(store.query('', Value));

    expect(clock.now()).toBe(START + 8 * 25);
    expect(stats()).toMatchObject({
      writes: 1 + 3 + 1 + 1,
      // The refused create-if-absent costs the read the Forge adapter makes to tell.
      reads: 3 + 1 + 1 + 1 + 3,
      rejected: 0,
      calls: { set: 2, get: 3, setIfAbsent: 1, delete: 1, query: 1 },
    });
  });

  it('counts a batch call as the requests the Forge adapter sends: one per 25 keys, each by its size', async () => {
    const clock = new SimClock(START);
    const { store, stats } = createLimitStore(createMemoryStore(), { clock });
    const entries = Array.from({ length: 60 }, (_, n) => ({ key: `k${n}`, value: n }));
    await clock.runToEnd(store.setMany(entries));
    const found = await clock.runToEnd(
      store.getMany(
        entries.map(({ key }) => key),
        z.number(),
      ),
    );

    expect(found.size).toBe(60);
    expect(clock.now()).toBe(START + 6 * 25);
    expect(stats()).toMatchObject({ writes: 3, reads: 3, calls: { setMany: 3, getMany: 3 } });
  });

  it('forwards a method the Store port does not have yet, and counts it by its verb and size', async () => {
    const clock = new SimClock(START);
    const written: unknown[] = [];
    const inner = {
      ...createMemoryStore(),
      setMany: (entries: Array<{ key: string; value: unknown }>) => {
        written.push(...entries);
        return Promise.resolve();
      },
    };
    const { store, stats } = createLimitStore(inner, { clock });
    const entries = Array.from({ length: 3 }, (_, n) => ({ key: `k${n}`, value: n }));
    await clock.runToEnd((store as typeof inner).setMany(entries));

    expect(written).toEqual(entries);
    expect(stats()).toMatchObject({ writes: 1, calls: { setMany: 1 } });
    expect(operationKind('setMany')).toBe('write');
    expect(operationKind('getMany')).toBe('read');
    expect(requestUnits({ text: 'a'.repeat(10 * 1024) })).toBe(2);
  });
});
