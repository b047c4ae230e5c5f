import { ProjectId } from '../../src/core/config';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { keys } from '../../src/core/storage-keys';
import type { AbuseIpdbClient } from '../../src/clients/abuseipdb';
import { RateLimitError } from '../../src/clients/errors';
import { aVerdict } from '../core/rules/factories';
import type { Clock, Store } from '../../src/ports';
import { silentLogger } from '../../src/ports';
import { QUOTA_FRESH_MS, loadQuotaMemory } from '../../src/sync/abuseipdb-quota';
import { createIpEnricher } from '../../src/sync/ip-enricher';
import { setAbuseIpdbKey } from '../../src/sync/repository';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';

function fixedClock(start: number): Clock & { set(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: () => Promise.resolve(), set: (ms) => (now = ms) };
}

const start = Date.UTC(2026, 10, 30, 14, 0, 0);
const reset = Date.UTC(2026, 11, 1, 0, 0, 0);

describe('the remembered AbuseIPDB quota', () => {
  it('is seen by every later run of the project until the reset, and not after', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    const deps = { store, clock, logger: silentLogger, projectId: DEMO_PROJECT_ID };
    await (await loadQuotaMemory(deps)).remember(reset, 'refused');

    expect((await loadQuotaMemory(deps)).exhaustedUntil()).toBe(reset);
    expect(
      (await loadQuotaMemory({ ...deps, projectId: ProjectId.parse('10001') })).exhaustedUntil(),
    ).toBeUndefined();
    clock.set(reset);
    expect((await loadQuotaMemory(deps)).exhaustedUntil()).toBeUndefined();
  });

  it('keeps the later reset when two are learnt', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    const memory = await loadQuotaMemory({
      store,
      clock,
      logger: silentLogger,
      projectId: DEMO_PROJECT_ID,
    });
    await memory.remember(reset, 'spent');
    await memory.remember(reset - 60_000, 'refused');
    expect(memory.exhaustedUntil()).toBe(reset);
  });

  it('treats a stored value it cannot read as unknown rather than stopping look-ups for good', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    await store.set(keys.abuseIpdbQuota(DEMO_PROJECT_ID), { until: 'tomorrow' });
    const memory = await loadQuotaMemory({
      store,
      clock,
      logger: silentLogger,
      projectId: DEMO_PROJECT_ID,
    });
    expect(memory.exhaustedUntil()).toBeUndefined();
  });

  it('is forgotten when the project gets a new AbuseIPDB key (a new key has its own quota)', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    const deps = { store, clock, logger: silentLogger, projectId: DEMO_PROJECT_ID };
    await (await loadQuotaMemory(deps)).remember(reset, 'refused');
    await setAbuseIpdbKey(store, DEMO_PROJECT_ID, 'a-new-abuseipdb-key-0123');
    expect((await loadQuotaMemory(deps)).exhaustedUntil()).toBeUndefined();
  });
});

describe('runs side by side at the end of the quota', () => {
  /** An AbuseIPDB client that answers every check, reporting `remaining` left after it. */
  function answering(remaining: number) {
    const checked: string[] = [];
    const client: AbuseIpdbClient = {
      check: (ip) => {
        checked.push(ip);
        remaining -= 1;
        return Promise.resolve(aVerdict({ ip, fetchedAt: start }));
      },
      quota: () => ({ limit: 1000, remaining, resetAt: reset }),
    };
    return { client, checked };
  }

  async function enricherOf(store: Store, clock: Clock, client: AbuseIpdbClient) {
    const deps = { store, clock, logger: silentLogger, projectId: DEMO_PROJECT_ID };
    return createIpEnricher({
      store,
      clock,
      logger: silentLogger,
      abuseIpdb: client,
      maxAgeInDays: 90,
      cacheHours: 0,
      quota: await loadQuotaMemory(deps),
    });
  }

  it('sends no first check when another run spent the quota after this one started', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    const late = answering(0);
    // This run reads the quota state at its start, when nothing is spent yet …
    const slow = await enricherOf(store, clock, late.client);
    // … then, while it reads its alerts, another run takes the day's last check.
    clock.set(start + 5_000);
    const other = answering(1);
    const quick = await enricherOf(store, clock, other.client);
    await quick.enrich(['45.155.205.233']);
    expect(other.checked).toEqual(['45.155.205.233']);

    const findings = await slow.enrich(['91.198.174.192']);
    expect(late.checked).toEqual([]);
    expect(findings).toEqual([expect.objectContaining({ ip: '91.198.174.192', pending: true })]);
    expect(slow.problems.join(' ')).toContain('quota is used up');
  });

  it('reads the stored state again only when it is older than a second', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    let reads = 0;
    const counted: Store = {
      ...store,
      get: (key, schema) => {
        if (key === keys.abuseIpdbQuota(DEMO_PROJECT_ID)) reads += 1;
        return store.get(key, schema);
      },
    };
    const memory = await loadQuotaMemory({
      store: counted,
      clock,
      logger: silentLogger,
      projectId: DEMO_PROJECT_ID,
    });
    await Promise.all([memory.refresh(), memory.refresh()]);
    expect(reads).toBe(1);
    clock.set(start + QUOTA_FRESH_MS);
    await Promise.all([memory.refresh(), memory.refresh()]);
    expect(reads).toBe(2);
  });

  it('costs two runs spending the window’s last checks side by side at most one refused call', async () => {
    const clock = fixedClock(start);
    const store = createMemoryStore(clock);
    // One AbuseIPDB account: every answer reports the quota both runs share, and an answer takes
    // a moment, so calls of both runs are in flight together.
    let left = 60;
    let refused = 0;
    const sentBy = { a: 0, b: 0 };
    const shared = (run: 'a' | 'b') => {
      let seen: number | undefined;
      const client: AbuseIpdbClient = {
        check: async (ip) => {
          sentBy[run] += 1;
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (left === 0) {
            refused += 1;
            throw new RateLimitError('abuseipdb', 'Daily rate limit exceeded.', 3_600_000, true);
          }
          left -= 1;
          seen = left;
          return aVerdict({ ip, fetchedAt: start });
        },
        quota: () =>
          seen === undefined ? undefined : { limit: 1000, remaining: seen, resetAt: reset },
      };
      return client;
    };
    const ips = (prefix: number) =>
      Array.from({ length: 40 }, (_, index) => `${prefix}.7.${index}.9`);
    const [a, b] = await Promise.all([
      enricherOf(store, clock, shared('a')),
      enricherOf(store, clock, shared('b')),
    ]);
    await Promise.all([a.prefetch(ips(45)), b.prefetch(ips(91))]);

    expect(left).toBe(0);
    expect(sentBy.a + sentBy.b).toBe(60 + refused);
    expect(refused).toBeLessThanOrEqual(1);
  });
});
