/**
 * One panel look-up per issue per `PANEL_COOLDOWN_SECONDS`: a key with that TTL is written after
 * each, and a call that finds it waits. Two calls in the same instant can both pass (the Store's
 * create-if-absent takes no TTL), which bounds the cost at two capped calls, not a loop.
 */
import { z } from 'zod';
import { PANEL_COOLDOWN_SECONDS } from '../core/lookup-limits';
import type { ProjectId } from '../core/config';
import { keys } from '../core/storage-keys';
import type { Clock, Store } from '../ports';

const Cooldown = z.object({ until: z.number().int() });

/** When the issue's next panel look-up may run, or undefined when it may run now. */
export async function cooldownUntil(
  store: Store,
  clock: Clock,
  projectId: ProjectId,
  issueKey: string,
): Promise<number | undefined> {
  const entry = await store.get(keys.panelCooldown(projectId, issueKey), Cooldown);
  return entry !== undefined && entry.until > clock.now() ? entry.until : undefined;
}

export async function startCooldown(
  store: Store,
  clock: Clock,
  projectId: ProjectId,
  issueKey: string,
): Promise<void> {
  await store.set(
    keys.panelCooldown(projectId, issueKey),
    { until: clock.now() + PANEL_COOLDOWN_SECONDS * 1000 },
    { ttlSeconds: PANEL_COOLDOWN_SECONDS },
  );
}
