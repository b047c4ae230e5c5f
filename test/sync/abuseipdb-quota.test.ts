import { ProjectId } from '../../src/core/config';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { keys } from '../../src/core/storage-keys';
import type { Clock } from '../../src/ports';
import { silentLogger } from '../../src/ports';
import { loadQuotaMemory } from '../../src/sync/abuseipdb-quota';
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
