/**
 * Lists inside a raw alert (MCAS entities, Graph evidence) are read item by item: one malformed
 * item is dropped and counted (the alert carries a warning), so the alert keeps everything else it
 * says: invariant 3 of docs/architecture.md, one failure never stops the others.
 */
import type { z } from 'zod';

export function keepParsable<S extends z.ZodType>(
  schema: S,
  raw: readonly unknown[] | undefined,
): { items: z.infer<S>[]; skipped: number } {
  const items: z.infer<S>[] = [];
  let skipped = 0;
  for (const item of raw ?? []) {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else skipped += 1;
  }
  return { items, skipped };
}
