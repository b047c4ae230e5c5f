/** `@forge/kvs` in memory: get/set with TTL and FAIL_IF_EXISTS, prefix queries with cursors, secrets. */
import type * as ForgeKvs from '@forge/kvs';
import { copy, platform } from './platform';

const actual = jest.requireActual<typeof ForgeKvs>('@forge/kvs');

const UNIT_MS = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };

interface SetOptions {
  ttl?: { value: number; unit: keyof typeof UNIT_MS };
  keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
}

function live(key: string) {
  const entry = platform.kv.get(key);
  if (entry?.expiresAt !== undefined && entry.expiresAt <= platform.now()) {
    platform.kv.delete(key);
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
      const keys = [...platform.kv.keys()]
        .filter((key) => key.startsWith(prefix) && live(key) !== undefined)
        .sort()
        .filter((key) => after === undefined || key > after);
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
    platform.kv.set(key, {
      value: copy(value),
      ...(options.ttl
        ? { expiresAt: platform.now() + options.ttl.value * UNIT_MS[options.ttl.unit] }
        : {}),
    });
    return Promise.resolve();
  },
  delete(key: string) {
    platform.kv.delete(key);
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
