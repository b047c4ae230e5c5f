/**
 * The Store port over plain in-process maps, shared by the memory and the file store. It keeps
 * Forge KVS's rules so that code which works here works on Forge: keys of at most 500 characters
 * from `[a-zA-Z0-9:._\s-#]`, JSON values (copied in and out), TTL, create-if-absent, batch writes
 * and reads, prefix queries in key order of at most 100 entries a page, secrets apart from values.
 */
import type { z } from 'zod';
import type { Clock, Store, StoredEntry } from '../../src/ports';
import { StoredValueInvalidError, systemClock } from '../../src/ports';

export interface StoredItem {
  value: unknown;
  /** Unix ms after which the entry no longer exists. */
  expiresAt?: number | undefined;
}

export interface StoreState {
  entries: Map<string, StoredItem>;
  secrets: Map<string, string>;
}

/** One write, as a persisting store needs to record it. */
export type StoreChange =
  | { kind: 'set'; key: string; item: StoredItem }
  | { kind: 'delete'; key: string }
  | { kind: 'secret'; key: string; value: string | undefined };

export interface InspectableStore extends Store {
  /** Every live value and secret, for tests. */
  dump(): { values: Record<string, unknown>; secrets: Record<string, string> };
}

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]{1,500}$/;
const MAX_VALUE_BYTES = 240 * 1024;
const MAX_QUERY_LIMIT = 100;

export class InvalidStoreKeyError extends Error {
  constructor(key: string) {
    super(
      `Invalid storage key ${JSON.stringify(key.slice(0, 80))}: Forge KVS allows 1-500 of [a-zA-Z0-9:._ -#]`,
    );
    this.name = 'InvalidStoreKeyError';
  }
}

function checkKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new InvalidStoreKeyError(key);
}

/** A JSON copy: what KVS stores is JSON, so `undefined` members vanish and dates become strings. */
function jsonCopy(key: string, value: unknown): unknown {
  const text = JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JSON.stringify gives undefined for undefined or a function; lib.d.ts says string.
  if (text === undefined) throw new Error(`Value for "${key}" is not JSON`);
  if (Buffer.byteLength(text) > MAX_VALUE_BYTES)
    throw new Error(`Value for "${key}" is over the 240 KiB Forge KVS limit`);
  return JSON.parse(text) as unknown;
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Runs `work` now; a throw becomes a rejected promise, as from an async storage call. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => resolve(work()));
}

export function emptyState(): StoreState {
  return { entries: new Map(), secrets: new Map() };
}

/**
 * `onChange` runs synchronously for every write, before the write changes the state and before its
 * promise resolves: a persisting store has saved the change by the time the caller continues, and
 * a change it could not save (it throws) is not made in memory either.
 */
export function createStateStore(
  state: StoreState,
  clock: Clock = systemClock,
  onChange: (change: StoreChange) => void = () => undefined,
): InspectableStore {
  const live = (key: string): StoredItem | undefined => {
    const item = state.entries.get(key);
    if (item?.expiresAt !== undefined && item.expiresAt <= clock.now()) {
      state.entries.delete(key);
      return undefined;
    }
    return item;
  };

  return {
    get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
      return settle(() => {
        checkKey(key);
        const item = live(key);
        if (!item) return undefined;
        const parsed = schema.safeParse(jsonCopy(key, item.value));
        if (!parsed.success) throw new StoredValueInvalidError(key, issuesOf(parsed.error));
        return parsed.data;
      });
    },

    set(key, value, options) {
      return settle(() => {
        checkKey(key);
        const item: StoredItem = { value: jsonCopy(key, value) };
        if (options?.ttlSeconds !== undefined)
          item.expiresAt = clock.now() + options.ttlSeconds * 1000;
        onChange({ kind: 'set', key, item });
        state.entries.set(key, item);
      });
    },

    setIfAbsent(key, value) {
      // Check and write happen in one synchronous step: no other call can interleave.
      return settle(() => {
        checkKey(key);
        if (live(key)) return false;
        const item: StoredItem = { value: jsonCopy(key, value) };
        onChange({ kind: 'set', key, item });
        state.entries.set(key, item);
        return true;
      });
    },

    setMany(entries) {
      // Like `kvs.batchSet`, a batch naming one key twice is refused as a whole. Here the batch is
      // written in one synchronous step (Forge gives no such promise; callers must not rely on it).
      return settle(() => {
        const seen = new Set<string>();
        const items = entries.map(({ key, value, ttlSeconds }) => {
          checkKey(key);
          if (seen.has(key)) throw new Error(`Batch write names "${key}" twice`);
          seen.add(key);
          const item: StoredItem = { value: jsonCopy(key, value) };
          if (ttlSeconds !== undefined) item.expiresAt = clock.now() + ttlSeconds * 1000;
          return [key, item] as const;
        });
        for (const [key, item] of items) {
          onChange({ kind: 'set', key, item });
          state.entries.set(key, item);
        }
      });
    },

    getMany<T>(keys: string[], schema: z.ZodType<T>) {
      return settle(() => {
        const found = new Map<string, T>();
        for (const key of keys) {
          checkKey(key);
          const item = live(key);
          if (!item) continue;
          const parsed = schema.safeParse(jsonCopy(key, item.value));
          if (!parsed.success) throw new StoredValueInvalidError(key, issuesOf(parsed.error));
          found.set(key, parsed.data);
        }
        return found;
      });
    },

    delete(key) {
      return settle(() => {
        checkKey(key);
        if (!state.entries.has(key)) return;
        onChange({ kind: 'delete', key });
        state.entries.delete(key);
      });
    },

    query<T>(
      prefix: string,
      schema: z.ZodType<T>,
      options: { limit?: number; cursor?: string } = {},
    ) {
      return settle(() => {
        const limit = Math.max(1, Math.min(options.limit ?? MAX_QUERY_LIMIT, MAX_QUERY_LIMIT));
        const after = options.cursor;
        const keys = [...state.entries.keys()]
          .filter((key) => key.startsWith(prefix) && (after === undefined || key > after))
          .filter((key) => live(key) !== undefined)
          .sort();
        const pageKeys = keys.slice(0, limit);
        const entries: StoredEntry<T>[] = [];
        for (const key of pageKeys) {
          const parsed = schema.safeParse(jsonCopy(key, state.entries.get(key)?.value));
          // Like the Forge adapter: a value that no longer parses is skipped, not fatal.
          if (parsed.success) entries.push({ key, value: parsed.data });
        }
        const last = pageKeys.at(-1);
        return keys.length > limit && last !== undefined ? { entries, cursor: last } : { entries };
      });
    },

    getSecret(key) {
      return settle(() => {
        checkKey(key);
        return state.secrets.get(key);
      });
    },

    setSecret(key, value) {
      return settle(() => {
        checkKey(key);
        onChange({ kind: 'secret', key, value });
        state.secrets.set(key, value);
      });
    },

    deleteSecret(key) {
      return settle(() => {
        checkKey(key);
        if (!state.secrets.has(key)) return;
        onChange({ kind: 'secret', key, value: undefined });
        state.secrets.delete(key);
      });
    },

    dump() {
      const values: Record<string, unknown> = {};
      for (const key of [...state.entries.keys()].sort()) {
        const item = live(key);
        if (item) values[key] = jsonCopy(key, item.value);
      }
      return { values, secrets: Object.fromEntries(state.secrets) };
    },
  };
}
