/**
 * How storage calls become Forge KVS requests, and what each request counts for. Batch reads go
 * 25 keys a request; a batch write is cut into `kvs.batchSet` requests, which two documented
 * limits shape:
 * - at most STORE_BATCH_LIMIT (25) keys a request
 *   (https://developer.atlassian.com/platform/forge/storage-reference/entities-batch/);
 * - a request counts against the 4,000 writes a minute once per 10 KB of payload, rounded up
 *   ("Request sizes are rounded up to the nearest 10KB",
 *   https://developer.atlassian.com/platform/forge/limits-kvs-ce/).
 * Cut in order, 25 at a time, a call that mixes large values (an owed-verdict record is ~850
 * bytes) with small ones (an issue record: ~150) pays for half-empty units: 25 large values are
 * 21 KB, three units, while 25 small ones use a third of their one. Packed so that every request
 * holds its share of both, the same call fills fewer units: the records of a first run's batch of
 * 50 alerts, 45 of them owing verdicts, take 7 units with their claims instead of 9 (the first
 * write packed: test/ports/store-requests.test.ts).
 * `batchSet` promises no order within a call, so reordering changes nothing for callers
 * (ports.ts `Store.setMany`).
 *
 * Pure (no `@forge/*` import), beside the ports: a sync's store cuts its batch writes with it to
 * pace and count them (sync/paced-store.ts), the Forge adapter cuts with it (forge/kvs-store.ts),
 * and the Forge-scale bench's storage model (bench/forge-scale/limit-store.ts) cuts the same way,
 * so all three count the same requests, each by `requestUnits`.
 */
import type { StoreWrite } from './ports';
import { STORE_BATCH_LIMIT } from './ports';

/** The unit a request is counted in. */
export const KVS_UNIT_BYTES = 10 * 1024;
/** Bytes a request is filled to: a unit less a margin for the request's own envelope. */
const REQUEST_BYTES = KVS_UNIT_BYTES - 64;

/** One `batchSet` item as the Forge adapter sends it. */
export function toBatchItem({ key, value, ttlSeconds }: StoreWrite) {
  return ttlSeconds !== undefined
    ? { key, value, options: { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } } }
    : { key, value };
}

/** Bytes of a payload as JSON (`JSON.stringify` gives undefined for undefined: no bytes). */
function jsonBytes(payload: unknown): number {
  const json = JSON.stringify(payload) as string | undefined;
  return new TextEncoder().encode(json ?? '').length;
}

/** How many 10 KB units a request with this payload (or answer) counts as: at least one. */
export function requestUnits(payload: unknown): number {
  return Math.max(1, Math.ceil(jsonBytes(payload) / KVS_UNIT_BYTES));
}

/** Payload bytes one entry adds to a request (its item's JSON and a separator). */
export function entryBytes(entry: StoreWrite): number {
  return jsonBytes(toBatchItem(entry)) + 1;
}

/** A batch read's keys as `kvs.batchGet` requests: STORE_BATCH_LIMIT keys each, in order. */
export function readBatches<T>(keys: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < keys.length; start += STORE_BATCH_LIMIT)
    batches.push(keys.slice(start, start + STORE_BATCH_LIMIT));
  return batches;
}

interface Bin {
  entries: StoreWrite[];
  bytes: number;
}

/**
 * Requests of at most STORE_BATCH_LIMIT entries, as few 10 KB units as the entries allow: an entry
 * larger than a unit goes alone; the rest are spread over the fewest requests that the key and
 * byte bounds admit, largest first, each to the request with the most room left (so every request
 * gets its share of large and of small values), one more request at a time until all fit.
 */
export function writeBatches(entries: readonly StoreWrite[]): StoreWrite[][] {
  const sized = entries.map((entry) => ({ entry, bytes: entryBytes(entry) }));
  const large = sized.filter(({ bytes }) => bytes > REQUEST_BYTES);
  const rest = sized.filter(({ bytes }) => bytes <= REQUEST_BYTES);
  rest.sort((a, b) => b.bytes - a.bytes);
  const total = rest.reduce((sum, { bytes }) => sum + bytes, 0);
  let count = Math.max(
    Math.ceil(rest.length / STORE_BATCH_LIMIT),
    Math.ceil(total / REQUEST_BYTES),
  );
  let bins = spread(rest, count);
  while (bins === undefined) {
    count += 1;
    bins = spread(rest, count);
  }
  return [
    ...large.map(({ entry }) => [entry]),
    ...bins.filter((bin) => bin.entries.length > 0).map((bin) => bin.entries),
  ];
}

/** The entries in `count` requests, each to the one with the most room; undefined if one does not fit. */
function spread(
  sorted: ReadonlyArray<{ entry: StoreWrite; bytes: number }>,
  count: number,
): Bin[] | undefined {
  const bins: Bin[] = Array.from({ length: count }, () => ({ entries: [], bytes: 0 }));
  for (const { entry, bytes } of sorted) {
    let roomiest: Bin | undefined;
    for (const bin of bins) {
      if (bin.entries.length >= STORE_BATCH_LIMIT || bin.bytes + bytes > REQUEST_BYTES) continue;
      if (roomiest === undefined || bin.bytes < roomiest.bytes) roomiest = bin;
    }
    if (roomiest === undefined) return undefined;
    roomiest.entries.push(entry);
    roomiest.bytes += bytes;
  }
  return bins;
}
