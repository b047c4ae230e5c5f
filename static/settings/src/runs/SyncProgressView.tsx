/** A sync in progress: how many tenants are done, and where each one is. */
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import { plural } from '../../../shared/format';
import type { SyncProgress, TenantPhase, WaitedTenant } from './sync-progress';

const PHASE = {
  // No run has landed yet: the page cannot tell waiting in the queue from working.
  queued: { label: 'syncing', appearance: 'default' },
  // A run landed and the sync continues in a follow-up run.
  running: { label: 'continuing', appearance: 'inprogress' },
  done: { label: 'done', appearance: 'success' },
} as const satisfies Record<TenantPhase, { label: string; appearance: string }>;

export function SyncProgressView({
  tenants,
  progress,
}: {
  tenants: readonly WaitedTenant[];
  progress: SyncProgress;
}) {
  return (
    <div role="status" aria-live="polite" data-testid="sync-progress" style={{ marginBlock: 12 }}>
      <p>
        Syncing: {progress.done} of {plural(progress.total, 'tenant')} done
        {progress.counts.created > 0
          ? `, ${plural(progress.counts.created, 'issue')} created so far`
          : ''}
        …
      </p>
      <ProgressBar
        ariaLabel="Sync progress"
        isIndeterminate={progress.fraction === 0}
        value={progress.fraction}
      />
      <ul style={{ display: 'flex', flexWrap: 'wrap', gap: 12, listStyle: 'none', padding: 0 }}>
        {tenants.map((tenant) => {
          const phase = PHASE[progress.phases[tenant.tenantId] ?? 'queued'];
          return (
            <li key={tenant.tenantId} data-testid={`sync-phase-${tenant.tenantId}`}>
              {tenant.tenantName} <Lozenge appearance={phase.appearance}>{phase.label}</Lozenge>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
