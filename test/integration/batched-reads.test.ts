/**
 * A sync reads what a page needs per alert — its claims and its IP addresses' cached verdicts —
 * in batch reads, not one storage read per alert or address, and takes a claim (one
 * create-if-absent write) only for an alert that has none yet (docs/architecture.md, "Forge KVS
 * budget": reads and writes are limited per installation and minute).
 */
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { syncTenant } from '../../src/sync/sync-tenant';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Every store call by method and the kind of key it touched (`alert`, `ip`, …). */
function counting(store: Store) {
  const calls: string[] = [];
  const kind = (key: string) => key.split(':')[0] ?? '';
  const counted: Store = {
    ...store,
    get: (key, schema) => {
      calls.push(`get ${kind(key)}`);
      return store.get(key, schema);
    },
    getMany: (keyList, schema) => {
      calls.push(`getMany ${kind(keyList[0] ?? '')} ${keyList.length}`);
      return store.getMany(keyList, schema);
    },
    setIfAbsent: (key, value) => {
      calls.push(`setIfAbsent ${kind(key)}`);
      return store.setIfAbsent(key, value);
    },
  };
  const count = (prefix: string) => calls.filter((call) => call.startsWith(prefix)).length;
  return { store: counted, calls, count };
}

/** The sizes of the batch reads of one kind of key, in order. */
const batches = (calls: string[], kind: string) =>
  calls
    .filter((call) => call.startsWith(`getMany ${kind} `))
    .map((call) => Number(call.split(' ')[2]));

describe('a page’s storage reads', () => {
  it('reads a page’s claims and cached verdicts in one batch read each, and claims each new alert once', async () => {
    // 150 alerts with 150 distinct public addresses: two pages (100 + 50).
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 150 }, () => rawAlert())),
    });
    const meter = counting(harness.store);
    const { summary } = await syncTenant(
      { ...CONTOSO, trigger: 'manual' },
      { ...harness.deps, store: meter.store },
    );
    expect(summary.created).toBe(150);
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(150);

    // Not one single read of a claim or of an address's cached verdict, and on the tenant's
    // first run (no checkpoint yet) no claim read at all: none can exist.
    expect(meter.count('get alert')).toBe(0);
    expect(meter.count('get ip')).toBe(0);
    expect(batches(meter.calls, 'alert')).toEqual([]);
    // The page's addresses in batch reads of at most 25 keys (the Forge batch limit), each read
    // once: 150 addresses are a handful of requests, not 150. (How a page's keys fall into
    // batches can vary by one request with the timing of the run: seen once as 25, 25, 25, 25,
    // 1, 25, 24.)
    const sizes = batches(meter.calls, 'ip');
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(150);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(25);
    expect(sizes.length).toBeLessThanOrEqual(7);
    // One create-if-absent write per alert.
    expect(meter.count('setIfAbsent alert')).toBe(150);
  });

  /** 60 alerts synced, then the same page read again after `forget` undid the checkpoint. */
  async function readAgain(forget: (store: Store) => Promise<void>) {
    harness = await startHarness({
      scenario: singleTenant(Array.from({ length: 60 }, () => rawAlert())),
    });
    await syncTenant({ ...CONTOSO, trigger: 'manual' }, harness.deps);
    await forget(harness.store);
    const meter = counting(harness.store);
    const { summary } = await syncTenant(
      { ...CONTOSO, trigger: 'manual' },
      { ...harness.deps, store: meter.store },
    );
    expect(summary.duplicates).toBe(60);
    expect(summary.created).toBe(0);
    expect(alertIdsOfIssues(harness.sandbox)).toHaveLength(60);
    return meter;
  }

  it('takes no claim again for alerts that already have one, when a page is read a second time', async () => {
    // As if the last checkpoint write had been lost: an older one brings the same page again.
    const meter = await readAgain((store) =>
      store.set(keys.checkpoint(CONTOSO), {
        lastTimestamp: 0,
        idsAtLastTimestamp: [],
        lastRunAt: 0,
      }),
    );
    expect(meter.count('setIfAbsent alert')).toBe(0);
    expect(batches(meter.calls, 'alert')).toEqual([25, 25, 10]);
  });

  it('skips the claim read on a tenant’s first run, and a claim found there all the same still makes a duplicate, not an issue', async () => {
    // No checkpoint at all (a first run that died before writing one): nothing reads claims
    // first, so each take fails and its claim is read back.
    const meter = await readAgain((store) => store.delete(keys.checkpoint(CONTOSO)));
    expect(meter.count('setIfAbsent alert')).toBe(60);
    expect(batches(meter.calls, 'alert')).toEqual([25, 25, 10]);
  });
});
