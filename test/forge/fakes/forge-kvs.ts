/**
 * `@forge/kvs` in memory: get/set with TTL and FAIL_IF_EXISTS, batchSet/batchGet, prefix queries
 * with cursors, secrets. `kvsFaults.next` lets a test make the platform refuse calls (a 429 or 5xx).
 */
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
 * Set by a test: called before every storage request with its operation name; an HTTP status
 * returned makes the request fail as Forge would (`ForgeKvsAPIError`), undefined lets it through.
 */
export const kvsFaults: { next?: ((operation: string) => number | undefined) | undefined } = {};

function refused(operation: string): Error | undefined {
  const status = kvsFaults.next?.(operation);
  if (status === undefined) return undefined;
  return new actual.ForgeKvsAPIError(
    { status, statusText: status === 429 ? 'Too Many Requests' : 'Server Error' },
    status === 429
      ? { code: 'RATE_LIMIT_EXCEEDED', message: 'Rate limit exceeded' }
      : { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
  );
}

/** Runs `work` unless the test's fault hook refuses `operation`. */
function request<T>(operation: string, work: () => T): Promise<T> {
  const error = refused(operation);
  if (error) return Promise.reject(error);
  try {
    return Promise.resolve(work());
  } catch (thrown) {
    return Promise.reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
  }
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
      const error = refused('query');
      if (error) return Promise.reject(error);
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

function write(key: string, value: unknown, options: SetOptions = {}) {
  store(key, {
    value: copy(value),
    ...(options.ttl
      ? { expiresAt: platform.now() + options.ttl.value * UNIT_MS[options.ttl.unit] }
      : {}),
  });
}

export const kvs = {
  get: (key: string) => request('get', () => copy(live(key)?.value)),
  set(key: string, value: unknown, options: SetOptions = {}) {
    const error = refused('set');
    if (error) return Promise.reject(error);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && live(key) !== undefined) {
      return Promise.reject(
        new actual.ForgeKvsAPIError(
          { status: 409, statusText: 'Conflict' },
          { code: 'KEY_ALREADY_EXISTS', message: 'The key already exists' },
        ),
      );
    }
    write(key, value, options);
    return Promise.resolve();
  },
  batchSet(items: Array<{ key: string; value: unknown; options?: SetOptions }>) {
    return request('batchSet', () => {
      // Forge refuses an empty batch, more than 25 keys, or one key twice, as a whole.
      const keys = new Set(items.map(({ key }) => key));
      if (items.length === 0 || items.length > 25 || keys.size !== items.length)
        throw new actual.ForgeKvsAPIError(
          { status: 400, statusText: 'Bad Request' },
          { code: 'INVALID_BATCH', message: 'Invalid batch request' },
        );
      for (const { key, value, options } of items) write(key, value, options);
      return { successfulKeys: items.map(({ key }) => ({ key })), failedKeys: [] };
    });
  },
  batchGet(items: Array<{ key: string }>) {
    return request('batchGet', () => {
      if (items.length === 0 || items.length > 25)
        throw new actual.ForgeKvsAPIError(
          { status: 400, statusText: 'Bad Request' },
          { code: 'INVALID_BATCH', message: 'Invalid batch request' },
        );
      const successfulKeys: Array<{ key: string; value: unknown }> = [];
      const failedKeys: Array<{ key: string; error: { code: string; message: string } }> = [];
      for (const { key } of items) {
        const entry = live(key);
        if (entry) successfulKeys.push({ key, value: copy(entry.value) });
        else failedKeys.push({ key, error: { code: 'KEY_NOT_FOUND', message: 'Not found' } });
      }
      return { successfulKeys, failedKeys };
    });
  },
  delete: (key: string) => request('delete', () => remove(key)),
  query,
  getSecret: (key: string) => request('getSecret', () => copy(platform.secrets.get(key))),
  setSecret: (key: string, value: unknown) =>
    request('setSecret', () => void platform.secrets.set(key, copy(value))),
  deleteSecret: (key: string) => request('deleteSecret', () => void platform.secrets.delete(key)),
};

export const forgeKvsModule = {
  __esModule: true,
  kvs,
  default: kvs,
  WhereConditions: actual.WhereConditions,
  ForgeKvsAPIError: actual.ForgeKvsAPIError,
};
