/** `@forge/kvs` in memory: get/set with TTL and FAIL_IF_EXISTS, prefix queries with cursors, secrets. */
import type * as ForgeKvs from '@forge/kvs';
import type { StoredValue } from './platform';
import { copy, platform } from './platform';

const actual = jest.requireActual<typeof ForgeKvs>('@forge/kvs');

const UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

interface SetOptions {
  ttl?: { value: number; unit: keyof typeof UNIT_MS };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
}

/**
 * The stored keys in order, kept alongside `platform.kv` so a prefix query costs a binary search
 * rather than a sort of every key (the Forge-scale bench holds 100,000s of keys). Rebuilt whenever
 * it no longer matches the map (a test or `platform.reset` changed the map directly).
 */
let sortedKeys: string[] = [];

function lowerBound(key: string): number {
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sortedKeys[middle] as string) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

function orderedKeys(): string[] {
  if (sortedKeys.length !== platform.kv.size) sortedKeys = [...platform.kv.keys()].sort();
  return sortedKeys;
}

function store(key: string, entry: StoredValue) {
  if (!platform.kv.has(key)) {
    orderedKeys();
    sortedKeys.splice(lowerBound(key), 0, key);
  }
  platform.kv.set(key, entry);
}

function remove(key: string) {
  if (!platform.kv.has(key)) return;
  orderedKeys();
  const at = lowerBound(key);
  if (sortedKeys[at] === key) sortedKeys.splice(at, 1);
  platform.kv.delete(key);
}

function live(key: string) {
  const entry = platform.kv.get(key);
  if (entry?.expiresAt !== undefined && entry.expiresAt <= platform.now()) {
    remove(key);
    return undefined;
  }
  return entry;
}

function query() {
  let prefix = '';
  let limit = 10;
  let after: string | undefined;
  const builder = {
    where(_field: 'key', clause: { values: [string | number] }) {
      prefix = String(clause.values[0]);
      return builder;
    },
    limit(value: number) {
      limit = value;
      return builder;
    },
    cursor(value: string) {
      after = value;
      return builder;
    },
    getMany() {
      // Keys from the prefix (or past the cursor) on, in order, until one no longer matches;
      // one more than the limit tells whether a next page exists.
      const keys: string[] = [];
      orderedKeys();
      let at = lowerBound(after !== undefined && after > prefix ? after : prefix);
      while (keys.length <= limit) {
        const key = orderedKeys()[at];
        if (key === undefined || !key.startsWith(prefix)) break;
        // An expired key is removed, and the next one takes its place at `at`.
        if (key !== after && live(key) === undefined) continue;
        if (key !== after) keys.push(key);
        at += 1;
      }
      const page = keys.slice(0, limit);
      const last = page[page.length - 1];
      return Promise.resolve({
        results: page.map((key) => ({ key, value: copy(platform.kv.get(key)?.value) })),
        ...(keys.length > limit && last !== undefined ? { nextCursor: last } : {}),
      });
    },
  };
  return builder;
}

export const kvs = {
  get: (key: string) => Promise.resolve(copy(live(key)?.value)),
  set(key: string, value: unknown, options: SetOptions = {}) {
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && live(key) !== undefined) {
      return Promise.reject(
        new actual.ForgeKvsAPIError(
          { status: 409, statusText: 'Conflict' },
          { code: 'KEY_ALREADY_EXISTS', message: 'The key already exists' },
        ),
      );
    }
    store(key, {
      value: copy(value),
      ...(options.ttl
        ? { expiresAt: platform.now() + options.ttl.value * UNIT_MS[options.ttl.unit] }
        : {}),
    });
    return Promise.resolve();
  },
  delete(key: string) {
    remove(key);
    return Promise.resolve();
  },
  query,
  getSecret: (key: string) => Promise.resolve(copy(platform.secrets.get(key))),
  setSecret(key: string, value: unknown) {
    platform.secrets.set(key, copy(value));
    return Promise.resolve();
  },
  deleteSecret(key: string) {
    platform.secrets.delete(key);
    return Promise.resolve();
  },
};

export const forgeKvsModule = {
  __esModule: true,
  kvs,
  default: kvs,
  WhereConditions: actual.WhereConditions,
  ForgeKvsAPIError: actual.ForgeKvsAPIError,
};
