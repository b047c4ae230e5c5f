/**
 * The Store port on `@forge/kvs` (faked at module level): batch writes and reads go in requests
 * of at most 25 keys (the documented batch limit), a 429 or 5xx is retried with backoff, and refusals that outlast the retries
 * become StoreUnavailableError (continue later) rather than an ordinary failure.
 */
import './mocks';
import { z } from 'zod';
import { createKvsStore } from '../../src/forge/kvs-store';
import { KVS_ATTEMPTS, KVS_LIMIT_WINDOW_MS } from '../../src/forge/kvs-retry';
import { StoreUnavailableError } from '../../src/ports';
import { kvsFaults } from './fakes/forge-kvs';
import { platform } from './fakes/platform';

const waits: number[] = [];
const clock = {
  now: () => Date.now(),
  sleep: (ms: number) => {
    waits.push(ms);
    return Promise.resolve();
  },
};
const operations: string[] = [];

beforeEach(() => {
  platform.reset();
  waits.length = 0;
  operations.length = 0;
  kvsFaults.next = (operation) => {
    operations.push(operation);
    return undefined;
  };
});
afterEach(() => {
  kvsFaults.next = undefined;
});

/** Refuses the next `count` requests with `status`, then lets everything through. */
function refuseNext(count: number, status: number): void {
  let left = count;
  kvsFaults.next = (operation) => {
    operations.push(operation);
    if (left === 0) return undefined;
    left -= 1;
    return status;
  };
}

const entries = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    key: `alert:contoso:a${index}`,
    value: { index },
  }));

describe('the Forge KVS store', () => {
  it('writes 55 values in 3 batchSet requests of at most 25 keys, TTL included', async () => {
    const store = createKvsStore({ clock });
    await store.setMany([
      ...entries(54),
      { key: 'ip:1.2.3.4', value: { score: 1 }, ttlSeconds: 60 },
    ]);
    expect(operations).toEqual(['batchSet', 'batchSet', 'batchSet']);
    expect(platform.kv.get('alert:contoso:a53')?.value).toEqual({ index: 53 });
    expect(platform.kv.get('ip:1.2.3.4')?.expiresAt).toBeGreaterThan(Date.now());
  });

  it('reads 30 keys in 2 batchGet requests, leaving absent keys out', async () => {
    const store = createKvsStore({ clock });
    await store.setMany(entries(10));
    operations.length = 0;
    const found = await store.getMany(
      entries(30).map(({ key }) => key),
      z.object({ index: z.number() }),
    );
    expect(operations).toEqual(['batchGet', 'batchGet']);
    expect(found.size).toBe(10);
    expect(found.get('alert:contoso:a9')).toEqual({ index: 9 });
  });

  it('backs off and retries a 429, then succeeds', async () => {
    const store = createKvsStore({ clock, random: () => 0.5 });
    refuseNext(2, 429);
    await store.setMany(entries(3));
    expect(operations).toEqual(['batchSet', 'batchSet', 'batchSet']);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThan(waits[0] ?? Infinity);
    expect(platform.kv.size).toBe(3);
  });

  it('retries a 5xx on a create-if-absent and still creates the key once', async () => {
    const store = createKvsStore({ clock });
    refuseNext(1, 503);
    expect(await store.setIfAbsent('alert:contoso:a1', { state: 'claimed' })).toBe(true);
    expect(await store.setIfAbsent('alert:contoso:a1', { state: 'claimed' })).toBe(false);
  });

  it('turns refusals that outlast the retries into StoreUnavailableError with a whole limit window to wait', async () => {
    const store = createKvsStore({ clock });
    refuseNext(KVS_ATTEMPTS, 429);
    const error: unknown = await store
      .set('checkpoint:contoso', { at: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).retryAfterMs).toBe(KVS_LIMIT_WINDOW_MS);
    expect(operations).toHaveLength(KVS_ATTEMPTS);
  });

  it('does not retry what a retry cannot fix', async () => {
    const store = createKvsStore({ clock });
    refuseNext(1, 400);
    await expect(store.get('project:SEC', z.unknown())).rejects.not.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(operations).toEqual(['get']);
  });
});
