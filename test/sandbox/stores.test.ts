import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createFileStore } from '../../sandbox/adapters/file-store';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import type { Clock } from '../../src/ports';
import { StoredValueInvalidError } from '../../src/ports';

const Claim = z.object({ state: z.string(), attempts: z.number() });

function fakeClock(start = 1_000_000): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: (ms) => {
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

describe.each([
  ['memory store', (clock: Clock) => createMemoryStore(clock)],
  [
    'file store',
    (clock: Clock) => createFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'store-')), clock),
  ],
])('%s', (_name, make) => {
  it('creates a key only once with setIfAbsent, even when calls race', async () => {
    const store = make(fakeClock());
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.setIfAbsent('alert:t:a', { state: 'claimed', attempts: i }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('alert:t:a', Claim)).toEqual({
      state: 'claimed',
      attempts: results.indexOf(true),
    });
  });

  it('honours TTL on the clock, and a key that expired can be claimed again', async () => {
    const clock = fakeClock();
    const store = make(clock);
    await store.set('ip:8.8.8.8', { state: 'x', attempts: 0 }, { ttlSeconds: 60 });
    clock.advance(59_999);
    expect(await store.get('ip:8.8.8.8', Claim)).toBeDefined();
    clock.advance(1);
    expect(await store.get('ip:8.8.8.8', Claim)).toBeUndefined();
    expect(await store.setIfAbsent('ip:8.8.8.8', { state: 'y', attempts: 1 })).toBe(true);
  });

  it('copies values, and reports a stored value that no longer matches its schema', async () => {
    const store = make(fakeClock());
    const value = { state: 'created', attempts: 1 };
    await store.set('alert:t:b', value);
    value.attempts = 99;
    expect(await store.get('alert:t:b', Claim)).toEqual({ state: 'created', attempts: 1 });
    await store.set('alert:t:c', { state: 3 });
    await expect(store.get('alert:t:c', Claim)).rejects.toBeInstanceOf(StoredValueInvalidError);
    await expect(store.set('bad/key', 1)).rejects.toThrow(/Invalid storage key/);
  });

  it('queries a prefix in key order with cursor paging, skipping invalid values', async () => {
    const store = make(fakeClock());
    for (const id of ['c', 'a', 'e', 'b', 'd'])
      await store.set(`alert:t:${id}`, { state: id, attempts: 0 });
    await store.set('alert:t:bad', { nope: true });
    await store.set('alert:u:z', { state: 'z', attempts: 0 });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.query('alert:t:', Claim, { limit: 2, cursor });
      seen.push(...page.entries.map((entry) => entry.value.state));
      cursor = page.cursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });

  it('keeps secrets apart from values', async () => {
    const store = make(fakeClock());
    await store.setSecret('secret:tenant:t', 'token-123');
    expect(await store.getSecret('secret:tenant:t')).toBe('token-123');
    expect(await store.get('secret:tenant:t', z.string())).toBeUndefined();
    expect(JSON.stringify(store.dump().values)).not.toContain('token-123');
    await store.deleteSecret('secret:tenant:t');
    expect(await store.getSecret('secret:tenant:t')).toBeUndefined();
  });
});

describe('file store persistence', () => {
  it('survives a restart, with secrets in their own 0600 file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    const clock = fakeClock();
    const first = createFileStore(dir, clock);
    await first.set('checkpoint:t', { state: 'x', attempts: 2 });
    await first.set('ip:1.1.1.1', { state: 'v', attempts: 0 }, { ttlSeconds: 10 });
    await first.setSecret('secret:abuseipdb:SEC', 'key-abc');
    expect(await first.setIfAbsent('alert:t:a', { state: 'claimed', attempts: 0 })).toBe(true);

    expect(fs.readFileSync(path.join(dir, 'state.journal'), 'utf8')).not.toContain('key-abc');
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).sort()).toEqual(['secrets.json', 'state.journal']);

    const second = createFileStore(dir, clock);
    expect(await second.get('checkpoint:t', Claim)).toEqual({ state: 'x', attempts: 2 });
    expect(await second.getSecret('secret:abuseipdb:SEC')).toBe('key-abc');
    expect(await second.setIfAbsent('alert:t:a', { state: 'claimed', attempts: 0 })).toBe(false);
    clock.advance(10_000);
    expect(await createFileStore(dir, clock).get('ip:1.1.1.1', Claim)).toBeUndefined();
  });
});
