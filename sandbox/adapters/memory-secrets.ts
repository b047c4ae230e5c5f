/**
 * A Store whose secrets live in this process only; values go to the wrapped store. The CLI reads
 * every secret from its config file or the environment on each run, so nothing needs keeping:
 * a secret given as an environment variable must not end up in plain text on disk. A secret an
 * older version wrote to the wrapped store is deleted from it when the same key is set here.
 */
import type { Store } from '../../src/ports';

export function withSecretsInMemory<S extends Store>(inner: S): S {
  const secrets = new Map<string, string>();
  const wrapped: Store = {
    get: (key, schema) => inner.get(key, schema),
    set: (key, value, options) => inner.set(key, value, options),
    setIfAbsent: (key, value) => inner.setIfAbsent(key, value),
    setMany: (entries) => inner.setMany(entries),
    getMany: (keys, schema) => inner.getMany(keys, schema),
    delete: (key) => inner.delete(key),
    query: (prefix, schema, options) => inner.query(prefix, schema, options),
    getSecret: (key) => Promise.resolve(secrets.get(key)),
    async setSecret(key, value) {
      secrets.set(key, value);
      await inner.deleteSecret(key);
    },
    async deleteSecret(key) {
      secrets.delete(key);
      await inner.deleteSecret(key);
    },
  };
  return Object.assign(Object.create(inner) as S, wrapped);
}
