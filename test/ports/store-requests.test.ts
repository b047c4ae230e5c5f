/**
 * How a batch write becomes `kvs.batchSet` requests (src/store-requests.ts): never more than 25
 * keys a request, never a request past the 10 KB units it needs, and — when large and small
 * values come together — fewer units than cutting them in order 25 at a time.
 */
import type { StoreWrite } from '../../src/ports';
import { STORE_BATCH_LIMIT } from '../../src/ports';
import { KVS_UNIT_BYTES, entryBytes, writeBatches } from '../../src/store-requests';

const padded = (kind: string, index: number, bytes: number, ttlSeconds?: number): StoreWrite => ({
  key: `${kind}:10000:contoso:${String(index).padStart(24, '0')}`,
  value: { data: 'x'.repeat(bytes) },
  ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
});

/** Units as Forge counts a request: its payload rounded up to whole 10 KB. */
const units = (request: StoreWrite[]) =>
  Math.max(
    1,
    Math.ceil(request.reduce((sum, entry) => sum + entryBytes(entry), 0) / KVS_UNIT_BYTES),
  );
const unitsOf = (requests: StoreWrite[][]) =>
  requests.reduce((sum, request) => sum + units(request), 0);

/** The requests that cutting in order, 25 at a time, makes. */
function inOrder(entries: StoreWrite[]): StoreWrite[][] {
  const out: StoreWrite[][] = [];
  for (let start = 0; start < entries.length; start += STORE_BATCH_LIMIT)
    out.push(entries.slice(start, start + STORE_BATCH_LIMIT));
  return out;
}

const keysOf = (requests: StoreWrite[][]) =>
  requests
    .flat()
    .map(({ key }) => key)
    .sort();

describe('batch writes as KVS requests', () => {
  it('packs a record batch of 50 alerts, 45 owing verdicts, into fewer units than cutting it in order', () => {
    const owed = Array.from({ length: 45 }, (_, index) => padded('pending', index, 780));
    const records = Array.from({ length: 50 }, (_, index) => padded('issue', index, 60, 7_776_000));
    const entries = [...owed, padded('owed', 0, 1_650), ...records];

    const requests = writeBatches(entries);
    expect(keysOf(requests)).toEqual(entries.map(({ key }) => key).sort());
    for (const request of requests) {
      expect(request.length).toBeLessThanOrEqual(STORE_BATCH_LIMIT);
      expect(units(request)).toBe(1);
    }
    expect(unitsOf(requests)).toBeLessThan(unitsOf(inOrder(entries)));
    expect(unitsOf(requests)).toBe(5);
  });

  it('sends small values in as few requests as 25 keys each allow, and a call that fits one request as it is', () => {
    const claims = Array.from({ length: 55 }, (_, index) => padded('alert', index, 90));
    expect(writeBatches(claims).map((request) => request.length)).toEqual([19, 18, 18]);
    expect(writeBatches(claims.slice(0, 25))).toEqual([claims.slice(0, 25)]);
  });

  it('sends a value larger than a unit alone, and loses none', () => {
    const big = padded('recent', 0, 25_000);
    const entries = [padded('alert', 1, 90), big, padded('alert', 2, 90)];
    const requests = writeBatches(entries);
    expect(requests).toContainEqual([big]);
    expect(keysOf(requests)).toEqual(entries.map(({ key }) => key).sort());
  });
});
