/**
 * A tenant's chain of follow-up events, as the scheduler sees it. A first run of a large backlog
 * continues in follow-ups for many minutes; were the scheduler to queue the tenant again on each
 * five-minute tick, the tenant would have several chains, each paced to the whole share it was
 * given, and together they would use several shares of Forge's 4,000 KVS writes a minute
 * (write-pacing.ts). So a worker that pushes a follow-up notes until when its chain runs (the
 * follow-ups carry the note's time and rewrite it only when it would not outlast them), the
 * scheduler skips a tenant whose chain is running, and the chain's last event clears the note.
 * The note expires by itself (KVS TTL) when a chain dies without clearing it.
 */
import { z } from 'zod';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { Store } from '../ports';

export const SyncChain = z.object({ until: z.number().int() });
export type SyncChain = z.infer<typeof SyncChain>;

/** Forge stops a consumer after 900 s: the follow-up has ended by then, or pushed its own. */
const CONSUMER_LIMIT_MS = 900_000;
/**
 * A note lasts this much longer than the next follow-up needs, and the follow-ups carry it, so
 * a chain rewrites it about every quarter of an hour rather than once per event (one page of a
 * backlog per event: one storage write each). A chain that dies without clearing it keeps the
 * scheduler off the tenant for at most this much longer.
 */
const NOTE_MARGIN_MS = 15 * 60_000;

/** Whether the chain's note (until `notedUntil`, carried by the event) outlasts the next event. */
export function chainNoteHolds(
  notedUntil: number | undefined,
  now: number,
  delaySeconds: number,
): boolean {
  return notedUntil !== undefined && notedUntil >= now + delaySeconds * 1000 + CONSUMER_LIMIT_MS;
}

/**
 * The chain goes on in a follow-up delivered `delaySeconds` from `now`: notes until when it runs
 * (one storage write) and returns that time, for the follow-up to carry.
 */
export async function noteChainContinues(
  store: Store,
  ref: TenantRef,
  now: number,
  delaySeconds: number,
): Promise<number> {
  const until = now + delaySeconds * 1000 + CONSUMER_LIMIT_MS + NOTE_MARGIN_MS;
  await store.set(keys.syncChain(ref), SyncChain.parse({ until }), {
    ttlSeconds: Math.ceil((until - now) / 1000),
  });
  return until;
}

/** The chain ended: the next tick may queue the tenant. One storage write. */
export async function noteChainEnded(store: Store, ref: TenantRef): Promise<void> {
  await store.delete(keys.syncChain(ref));
}

/** True while a chain noted as running has not ended (a stored value that does not parse: no). */
export function chainRunning(stored: unknown, now: number): boolean {
  const parsed = SyncChain.safeParse(stored);
  return parsed.success && parsed.data.until > now;
}
