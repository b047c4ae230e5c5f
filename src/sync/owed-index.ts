/**
 * The project-wide index of issues that still owe AbuseIPDB verdicts. Each batch of issues a run
 * records with owed verdicts adds one entry (`owed:<projectId>:<tenantId>:<first alert id>`)
 * listing them compactly: alert, severity, owed addresses, creation time. It is written with the
 * batch's `pending:` entries, before the claims (claim-ledger.ts `first`), so it costs one more
 * key in a batch write, not one per issue.
 *
 * The `pending:` entry of an issue stays the truth about what it owes: the index only says where
 * to look. An index item whose `pending:` entry is gone (filled, given up, tenant removed) is
 * dropped by the drain (owed-drain.ts), which rewrites or deletes the index entry after a pass.
 */
import { z } from 'zod';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { OwedItem } from '../core/owed-drain';
import { owedItemId } from '../core/owed-drain';
import { Severity } from '../core/model';
import type { ProjectId } from '../core/config';
import type { Clock, StoredEntry, Store, StoreWrite } from '../ports';

export const OwedIndex = z.object({
  tenantId: z.string(),
  issues: z.array(
    z.object({
      alertId: z.string(),
      severity: Severity,
      ips: z.array(z.string()).min(1),
      at: z.number().int().nonnegative(),
    }),
  ),
});
export type OwedIndex = z.infer<typeof OwedIndex>;

/** One index entry for the issues a batch recorded as owed; none when nothing is owed. */
export function owedIndexEntry(
  ref: TenantRef,
  owed: ReadonlyArray<Pick<OwedItem, 'alertId' | 'severity' | 'ips'>>,
  clock: Clock,
): StoreWrite[] {
  const [first] = owed;
  if (first === undefined) return [];
  const at = clock.now();
  const value: OwedIndex = {
    tenantId: ref.tenantId,
    issues: owed.map(({ alertId, severity, ips }) => ({ alertId, severity, ips, at })),
  };
  return [{ key: keys.owedIndex(ref, first.alertId), value }];
}

/**
 * Index entries read per pass at most. An entry holds one recorded batch (≤ 100 issues, ~100
 * bytes each), so 2,000 entries are about 200,000 owed issues and 2,000 KVS read units in pages
 * of 100 (Forge KVS: 4,000 reads a minute per installation, each 10 KB of an answer one read).
 */
const MAX_INDEX_ENTRIES = 2_000;
const PAGE = 100;

/** The project's index entries, in key order, as far as the bound and the deadline allow. */
export async function readOwedIndex(
  store: Store,
  projectId: ProjectId,
  stop: () => boolean,
): Promise<StoredEntry<OwedIndex>[]> {
  const entries: StoredEntry<OwedIndex>[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(keys.owedIndexPrefix(projectId), OwedIndex, {
      limit: PAGE,
      cursor,
    });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor && entries.length < MAX_INDEX_ENTRIES && !stop());
  return entries;
}

/**
 * Every item of the entries read, with its tenant, once: an issue listed by two entries (a
 * reconcile restores the item of a record batch that may have stored it before failing,
 * reconcile-claims.ts) is one item, the oldest, so a pass never fills it twice.
 */
export function owedItems(entries: ReadonlyArray<StoredEntry<OwedIndex>>): OwedItem[] {
  const items = new Map<string, OwedItem>();
  for (const { value } of entries) {
    for (const issue of value.issues) {
      const item = { tenantId: value.tenantId, ...issue };
      const seen = items.get(owedItemId(item));
      if (seen === undefined || item.at < seen.at) items.set(owedItemId(item), item);
    }
  }
  return [...items.values()];
}
