/**
 * The Forge fakes in test/forge/fakes take the real modules' error classes and helpers through
 * `jest.requireActual`. The bench runs them in plain Node, where the real module is `require`d.
 * Imported before the fakes (forge-modules.ts), so the global exists when they load.
 */
import { createRequire } from 'node:module';

const load = createRequire(__filename);
const holder = globalThis as unknown as { jest?: { requireActual: (id: string) => unknown } };
holder.jest ??= {
  requireActual: (id: string): unknown => {
    const loaded: unknown = load(id);
    return loaded;
  },
};
