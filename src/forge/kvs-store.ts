/**
 * The Store port on Forge storage (`@forge/kvs`). Values are parsed with the caller's schema on
 * every read; secrets go through `setSecret`/`getSecret`, which Forge keeps encrypted and apart
 * from ordinary values.
 */
import { kvs, ForgeKvsAPIError, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';
import type { Store, StoredEntry } from '../ports';
import { StoredValueInvalidError } from '../ports';

/** Forge KVS answers at most 100 entries per query page. */
const MAX_QUERY_LIMIT = 100;

export function createKvsStore(): Store {
  return {
    async get(key, schema) {
      const raw = await kvs.get<unknown>(key);
      if (raw === undefined) return undefined;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new StoredValueInvalidError(key, parsed.error.message);
      return parsed.data;
    },

    async set(key, value, options) {
      if (options?.ttlSeconds !== undefined) {
        await kvs.set(key, value, { ttl: { value: options.ttlSeconds, unit: 'SECONDS' } });
      } else {
        await kvs.set(key, value);
      }
    },

    async setIfAbsent(key, value) {
      try {
        await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
        return true;
      } catch (error) {
        // Forge documents the refusal but not its error code, so the outcome is decided by what
        // is stored: if the key exists now, this call did not create it. The same answer for a
        // write that landed but whose answer was lost errs on the safe side: the caller does
        // not own the key, so nothing is done twice.
        if (error instanceof ForgeKvsAPIError && (await kvs.get<unknown>(key)) !== undefined) {
          return false;
        }
        throw error;
      }
    },

    async delete(key) {
      await kvs.delete(key);
    },

    async query(prefix, schema, options = {}) {
      let builder = kvs
        .query()
        .where('key', WhereConditions.beginsWith(prefix))
        .limit(Math.min(options.limit ?? MAX_QUERY_LIMIT, MAX_QUERY_LIMIT));
      if (options.cursor) builder = builder.cursor(options.cursor);
      const page = await builder.getMany<unknown>();
      const entries: StoredEntry<z.infer<typeof schema>>[] = [];
      for (const result of page.results) {
        const parsed = schema.safeParse(result.value);
        // A value written by an older version that no longer parses is skipped, not fatal.
        if (parsed.success) entries.push({ key: result.key, value: parsed.data });
      }
      return page.nextCursor ? { entries, cursor: page.nextCursor } : { entries };
    },

    async getSecret(key) {
      const secret = await kvs.getSecret<unknown>(key);
      if (secret === undefined) return undefined;
      if (typeof secret !== 'string') throw new StoredValueInvalidError(key, 'not a string');
      return secret;
    },

    async setSecret(key, value) {
      await kvs.setSecret(key, value);
    },

    async deleteSecret(key) {
      await kvs.deleteSecret(key);
    },
  };
}
