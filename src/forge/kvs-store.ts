/**
 * The Store port on Forge storage (`@forge/kvs`). Values are parsed with the caller's schema on
 * every read; secrets go through `setSecret`/`getSecret`, which Forge keeps encrypted and apart
 * from ordinary values. Every call is retried on a 429 or 5xx (`kvs-retry.ts`); batch writes and
 * reads use `kvs.batchSet`/`kvs.batchGet`, which count against the per-minute limits by request
 * (each 10 KB of payload one request), not by key: writes are packed to fill those units
 * (`src/store-requests.ts`).
 */
import { kvs, ForgeKvsAPIError, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';
import type { Clock, Store, StoredEntry } from '../ports';
import { StoredValueInvalidError, systemClock } from '../ports';
import { readBatches, toBatchItem, writeBatches } from '../store-requests';
import { KvsBatchKeysFailedError, withKvsRetry } from './kvs-retry';

/** Forge KVS answers at most 100 entries per query page. */
const MAX_QUERY_LIMIT = 100;
/** `@forge/kvs` reports a missing key of a batch read as a failed key with a not-found code. */
const isNotFound = (code: string) => code === 'KEY_NOT_FOUND' || code === 'NOT_FOUND';

export function createKvsStore(
  options: { clock?: Clock; random?: (() => number) | undefined } = {},
): Store {
  const retry = { clock: options.clock ?? systemClock, random: options.random };
  const retrying = <T>(call: () => Promise<T>) => withKvsRetry(call, retry);

  const parse = <T>(key: string, raw: unknown, schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new StoredValueInvalidError(key, parsed.error.message);
    return parsed.data;
  };

  return {
    async get(key, schema) {
      const raw = await retrying(() => kvs.get<unknown>(key));
      if (raw === undefined) return undefined;
      return parse(key, raw, schema);
    },

    async set(key, value, options) {
      await retrying(() =>
        options?.ttlSeconds !== undefined
          ? kvs.set(key, value, { ttl: { value: options.ttlSeconds, unit: 'SECONDS' } })
          : kvs.set(key, value),
      );
    },

    async setIfAbsent(key, value) {
      return retrying(async () => {
        try {
          await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
          return true;
        } catch (error) {
          // Forge documents the refusal but not its error code, so the outcome is decided by what
          // is stored: if the key exists now, this call did not create it. The same answer for a
          // write that landed but whose answer was lost (a 5xx) errs on the safe side: the
          // caller does not own the key, so nothing is done twice. A key still absent after a
          // 429 or 5xx is tried again by the retry around this.
          if (error instanceof ForgeKvsAPIError && (await kvs.get<unknown>(key)) !== undefined) {
            return false;
          }
          throw error;
        }
      });
    },

    async setMany(entries) {
      for (const chunk of writeBatches(entries)) {
        let remaining = chunk;
        await retrying(async () => {
          // `batchSet` completes what it can and names the rest: only those are sent again.
          const result = await kvs.batchSet(remaining.map(toBatchItem));
          if (result.failedKeys.length === 0) return;
          const failed = new Set(result.failedKeys.map(({ key }) => key));
          remaining = remaining.filter(({ key }) => failed.has(key));
          throw new KvsBatchKeysFailedError(result.failedKeys.map(({ error }) => error.code));
        });
      }
    },

    async getMany<T>(keys: string[], schema: z.ZodType<T>) {
      const found = new Map<string, T>();
      for (const chunk of readBatches(keys)) {
        let remaining = chunk;
        await retrying(async () => {
          const result = await kvs.batchGet<unknown>(remaining.map((key) => ({ key })));
          for (const item of result.successfulKeys) {
            if (item.value !== undefined) found.set(item.key, parse(item.key, item.value, schema));
          }
          const failed = result.failedKeys.filter(({ error }) => !isNotFound(error.code));
          if (failed.length === 0) return;
          const again = new Set(failed.map(({ key }) => key));
          remaining = remaining.filter((key) => again.has(key));
          throw new KvsBatchKeysFailedError(failed.map(({ error }) => error.code));
        });
      }
      return found;
    },

    async delete(key) {
      await retrying(() => kvs.delete(key));
    },

    async query(prefix, schema, options = {}) {
      const page = await retrying(() => {
        let builder = kvs
          .query()
          .where('key', WhereConditions.beginsWith(prefix))
          .limit(Math.min(options.limit ?? MAX_QUERY_LIMIT, MAX_QUERY_LIMIT));
        if (options.cursor) builder = builder.cursor(options.cursor);
        return builder.getMany<unknown>();
      });
      const entries: StoredEntry<z.infer<typeof schema>>[] = [];
      for (const result of page.results) {
        const parsed = schema.safeParse(result.value);
        // A value written by an older version that no longer parses is skipped, not fatal.
        if (parsed.success) entries.push({ key: result.key, value: parsed.data });
      }
      return page.nextCursor ? { entries, cursor: page.nextCursor } : { entries };
    },

    async getSecret(key) {
      const secret = await retrying(() => kvs.getSecret<unknown>(key));
      if (secret === undefined) return undefined;
      if (typeof secret !== 'string') throw new StoredValueInvalidError(key, 'not a string');
      return secret;
    },

    async setSecret(key, value) {
      await retrying(() => kvs.setSecret(key, value));
    },

    async deleteSecret(key) {
      await retrying(() => kvs.deleteSecret(key));
    },
  };
}
