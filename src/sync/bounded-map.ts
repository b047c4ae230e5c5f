/**
 * `Promise.all(items.map(work))` with at most `limit` calls in flight, results in input order.
 * Storage calls of one run are spread this way: parallel enough that a page does not pay its
 * KVS latency once per alert, bounded so that one run stays far below Forge's 1,000 KVS requests
 * a second per installation (https://developer.atlassian.com/platform/forge/limits-kvs-ce).
 */
export async function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
