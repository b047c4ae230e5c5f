/**
 * A Store that behaves like Forge KVS under load: every operation costs simulated latency, and the
 * documented per-installation limits answer 429 RATE_LIMIT_EXCEEDED beyond them
 * (https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/ →
 * https://developer.atlassian.com/platform/forge/limits-kvs-ce): 1,000 requests a second, 4,000
 * reads and 4,000 writes a minute, where a request counts once per started 10 KB of its payload.
 * Windows slide: the limit holds over any 60 s (or 1 s), not only over clock minutes.
 *
 * It wraps any Store and forwards every method by name, so a method the port gains later is
 * measured too: one request, counted by its payload's size. The batch calls (`setMany`,
 * `getMany`) are cut into the requests the Forge adapter sends: reads `STORE_BATCH_LIMIT` keys
 * each, writes as `writeBatches` packs them (src/store-requests.ts); a create-if-absent that finds the key costs the read the adapter makes to tell.
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import type { Clock, Store } from '../../src/ports';
import type { StoreWrite } from '../../src/ports';
import { readBatches, requestUnits, writeBatches } from '../../src/store-requests';

export interface KvsLimits {
  /** Simulated time each operation takes. */
  latencyMs: number;
  readsPerMinute: number;
  writesPerMinute: number;
  requestsPerSecond: number;
}

export const FORGE_KVS_LIMITS: KvsLimits = {
  latencyMs: 25,
  readsPerMinute: 4000,
  writesPerMinute: 4000,
  requestsPerSecond: 1000,
};

const MINUTE_MS = 60_000;
const SECOND_MS = 1000;

export type KvsOperationKind = 'read' | 'write';

const READS = new Set(['get', 'query', 'getSecret']);
const WRITES = new Set(['set', 'setIfAbsent', 'delete', 'setSecret', 'deleteSecret']);

/** Known methods by name; a new one by its verb (get/query/list… read, anything else writes). */
export function operationKind(method: string): KvsOperationKind {
  if (READS.has(method)) return 'read';
  if (WRITES.has(method)) return 'write';
  return /^(get|query|list|find|read|has)/i.test(method) ? 'read' : 'write';
}

/** Units in a sliding window of simulated time; remembers the largest sum it ever held. */
class SlidingWindow {
  private readonly times: number[] = [];
  private readonly units: number[] = [];
  private head = 0;
  private sum = 0;
  peak = 0;

  constructor(private readonly spanMs: number) {}

  /** Units inside the window ending at `now`. */
  current(now: number): number {
    while (
      this.head < this.times.length &&
      (this.times[this.head] as number) <= now - this.spanMs
    ) {
      this.sum -= this.units[this.head] as number;
      this.head += 1;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.units.splice(0, this.head);
      this.head = 0;
    }
    return this.sum;
  }

  add(now: number, units: number): void {
    this.current(now);
    this.times.push(now);
    this.units.push(units);
    this.sum += units;
    this.peak = Math.max(this.peak, this.sum);
  }
}

export interface KvsStats {
  /** Read units (10 KB each) that were answered. */
  reads: number;
  /** Write units (10 KB each) that were accepted. */
  writes: number;
  /** Operations per Store method, rejected ones included. */
  calls: Record<string, number>;
  /** Operations refused with 429 RATE_LIMIT_EXCEEDED. */
  rejected: number;
  peakReadsPerMinute: number;
  peakWritesPerMinute: number;
  peakRequestsPerSecond: number;
}

export interface LimitStore {
  store: Store;
  stats(): KvsStats;
}

function rateLimited(what: string): ForgeKvsAPIError {
  // The shape Forge documents for a storage request over a limit: HTTP 429, RATE_LIMIT_EXCEEDED.
  return new ForgeKvsAPIError(
    { status: 429, statusText: 'Too Many Requests' },
    { code: 'RATE_LIMIT_EXCEEDED', message: `Rate limit exceeded: ${what}` },
  );
}

type AnyMethod = (...args: unknown[]) => unknown;

/** Store methods that take many keys (`setMany` entries, `getMany` keys) as their first argument. */
const BATCHES = new Set(['setMany', 'getMany']);

/** The requests the Forge adapter (src/forge/kvs-store.ts) cuts a batch call into. */
const batchesOf = (property: string, items: unknown[]): unknown[][] =>
  property === 'setMany' ? writeBatches(items as StoreWrite[]) : readBatches(items);

export function createLimitStore(
  inner: Store,
  options: { clock: Clock; limits?: Partial<KvsLimits> },
): LimitStore {
  const { clock } = options;
  const limits = { ...FORGE_KVS_LIMITS, ...options.limits };
  const readWindow = new SlidingWindow(MINUTE_MS);
  const writeWindow = new SlidingWindow(MINUTE_MS);
  const requestWindow = new SlidingWindow(SECOND_MS);
  const totals = { reads: 0, writes: 0, rejected: 0 };
  const calls: Record<string, number> = {};

  /** Decides when the request arrives (after its latency); a refused one is not counted as done. */
  function admit(kind: KvsOperationKind, units: number): void {
    const now = clock.now();
    if (requestWindow.current(now) + 1 > limits.requestsPerSecond) {
      totals.rejected += 1;
      throw rateLimited(`${limits.requestsPerSecond} requests per second`);
    }
    const window = kind === 'read' ? readWindow : writeWindow;
    const limit = kind === 'read' ? limits.readsPerMinute : limits.writesPerMinute;
    if (window.current(now) + units > limit) {
      totals.rejected += 1;
      throw rateLimited(`${limit} ${kind}s per minute`);
    }
    requestWindow.add(now, 1);
    window.add(now, units);
    if (kind === 'write') totals.writes += units;
    else totals.reads += units;
  }

  /** One request: its latency, its admission, the call. */
  async function request(
    property: string,
    call: () => Promise<unknown>,
    payload: unknown,
  ): Promise<unknown> {
    calls[property] = (calls[property] ?? 0) + 1;
    const kind = operationKind(property);
    // The request travels before it is judged: a refusal costs the latency too.
    await clock.sleep(limits.latencyMs);
    admit(kind, kind === 'write' ? requestUnits(payload) : 1);
    const result = await call();
    if (kind === 'read') {
      // A large answer (a query page) counts once per 10 KB, like a large write.
      const extra = requestUnits(result instanceof Map ? [...result.values()] : result) - 1;
      if (extra > 0) {
        readWindow.add(clock.now(), extra);
        totals.reads += extra;
      }
    }
    if (property === 'setIfAbsent' && result === false) {
      // The Forge adapter reads a key whose create was refused (kvs-store.ts): one more read.
      readWindow.add(clock.now(), 1);
      totals.reads += 1;
    }
    return result;
  }

  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function') return value;
      const method = value as AnyMethod;
      if (BATCHES.has(property)) {
        // A batch call is as many requests as the Forge adapter sends, one after the other,
        // each counted by its own size.
        return async (items: unknown[], ...rest: unknown[]): Promise<unknown> => {
          const found = new Map<unknown, unknown>();
          for (const chunk of batchesOf(property, items)) {
            const result = await request(
              property,
              () => Promise.resolve(method.apply(target, [chunk, ...rest])),
              chunk,
            );
            if (result instanceof Map) for (const [key, item] of result) found.set(key, item);
          }
          return property === 'getMany' ? found : undefined;
        };
      }
      return (...args: unknown[]): Promise<unknown> =>
        request(property, () => Promise.resolve(method.apply(target, args)), args);
    },
  });

  return {
    store,
    stats: () => ({
      ...totals,
      calls: { ...calls },
      peakReadsPerMinute: readWindow.peak,
      peakWritesPerMinute: writeWindow.peak,
      peakRequestsPerSecond: requestWindow.peak,
    }),
  };
}
